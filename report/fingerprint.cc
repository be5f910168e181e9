#include "report/fingerprint.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "report/metric_series.h"
#include "results/json_read.h"
#include "results/verdict.h"

namespace mdbprof::report {
namespace {

// The fields as strings, for comparing and for messages; duration_s apart.
std::vector<std::pair<std::string, std::string>> ExactFields(
    const Fingerprint& f) {
  return {{"backend", f.backend},
          {"workers", std::to_string(f.workers)},
          {"warmup_s", results::FormatNumber(f.warmup_s)},
          {"read_every", std::to_string(f.read_every)},
          {"payload", f.payload},
          {"server_version", f.server_version},
          {"cores", std::to_string(f.cores)},
          {"alloc_sample_rate", std::to_string(f.alloc_sample_rate)}};
}

Fingerprint FromRepetition(const Repetition& rep) {
  const results::RunConfig& c = rep.metrics.config;
  Fingerprint f;
  f.backend = c.backend;
  f.workers = c.workers;
  f.duration_s = rep.metrics.duration_s;
  f.warmup_s = c.warmup_s;
  f.read_every = c.read_every;
  f.payload = rep.payload.empty() ? kDefaultPayload : rep.payload;
  f.server_version = c.server_version;
  f.cores = c.cores;
  f.alloc_sample_rate = c.alloc_sample_rate;
  return f;
}

}  // namespace

const std::vector<std::string>& FingerprintFields() {
  static const std::vector<std::string>* const kFields =
      new std::vector<std::string>{
          "backend",        "workers",    "duration_s",
          "warmup_s",       "read_every", "payload",
          "server_version", "cores",      "alloc_sample_rate"};
  return *kFields;
}

Result<Fingerprint> FingerprintOf(const BackendRun& backend) {
  // REQUIRES (LoadRunSet): at least one repetition.
  Fingerprint first = FromRepetition(backend.repetitions.front());
  if (first.backend.empty()) first.backend = backend.name;
  std::vector<double> durations;
  for (const Repetition& rep : backend.repetitions) {
    Fingerprint f = FromRepetition(rep);
    if (f.backend.empty()) f.backend = backend.name;
    auto a = ExactFields(first), b = ExactFields(f);
    for (size_t i = 0; i < a.size(); ++i) {
      if (a[i].second != b[i].second) {
        return InvalidArgument(
            rep.dir + ": repetition " + std::to_string(rep.index) +
            " ran with " + a[i].first + " " + b[i].second + " but repetition " +
            std::to_string(backend.repetitions.front().index) + " with " +
            a[i].second +
            "; the repetitions of a backend must share one "
            "configuration");
      }
    }
    if (std::isfinite(f.duration_s)) durations.push_back(f.duration_s);
  }
  first.duration_s = durations.empty() ? 0 : Median(durations);
  return first;
}

std::vector<std::string> FingerprintDifferences(
    const Fingerprint& base, const Fingerprint& head,
    const std::set<std::string>& ignore) {
  std::vector<std::string> out;
  auto a = ExactFields(base), b = ExactFields(head);
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].second != b[i].second && ignore.count(a[i].first) == 0) {
      out.push_back(a[i].first + ": " + a[i].second + " vs " + b[i].second);
    }
  }
  if (ignore.count("duration_s") == 0) {
    double larger =
        std::max(std::abs(base.duration_s), std::abs(head.duration_s));
    if (std::abs(base.duration_s - head.duration_s) >
        kDurationTolerance * larger) {
      out.push_back("duration_s: " + results::FormatNumber(base.duration_s) +
                    " vs " + results::FormatNumber(head.duration_s) +
                    " (more than 10% apart)");
    }
  }
  return out;
}

nlohmann::json ToJson(const Fingerprint& f) {
  return nlohmann::json{{"backend", f.backend},
                        {"workers", f.workers},
                        {"duration_s", f.duration_s},
                        {"warmup_s", f.warmup_s},
                        {"read_every", f.read_every},
                        {"payload", f.payload},
                        {"server_version", f.server_version},
                        {"cores", f.cores},
                        {"alloc_sample_rate", f.alloc_sample_rate}};
}

Result<Fingerprint> FingerprintFromJson(const nlohmann::json& j,
                                        const std::string& path) {
  if (!j.is_object()) return results::TypeError(path, "an object", j);
  Fingerprint f;
  struct Str {
    const char* key;
    std::string* out;
  };
  for (Str s : {Str{"backend", &f.backend}, Str{"payload", &f.payload},
                Str{"server_version", &f.server_version}}) {
    Result<std::string> v = results::ReadString(j, path, s.key);
    if (!v.ok()) return v.status();
    *s.out = *v;
  }
  struct Int {
    const char* key;
    int* out;
  };
  for (Int s : {Int{"workers", &f.workers}, Int{"read_every", &f.read_every},
                Int{"cores", &f.cores}}) {
    Result<int64_t> v = results::ReadInteger(j, path, s.key);
    if (!v.ok()) return v.status();
    *s.out = static_cast<int>(*v);
  }
  Result<int64_t> rate = results::ReadInteger(j, path, "alloc_sample_rate");
  if (!rate.ok()) return rate.status();
  f.alloc_sample_rate = *rate;
  Result<double> duration = results::ReadNumber(j, path, "duration_s");
  if (!duration.ok()) return duration.status();
  f.duration_s = *duration;
  Result<double> warmup = results::ReadNumber(j, path, "warmup_s");
  if (!warmup.ok()) return warmup.status();
  f.warmup_s = *warmup;
  return f;
}

}  // namespace mdbprof::report
