#include "report/go_bench_format.h"

#include <algorithm>
#include <cstdio>
#include <set>
#include <sstream>
#include <string_view>

namespace mdbprof::report {
namespace {

std::string Dashed(std::string_view s) {
  std::string out(s);
  std::replace(out.begin(), out.end(), '_', '-');
  return out;
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.substr(s.size() - suffix.size()) == suffix;
}

// Go's benchmark format: a value is a decimal number.
std::string Number(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

// A configuration value: one line, no leading or trailing space.
std::string ConfigValue(std::string v) {
  std::replace(v.begin(), v.end(), '\n', ' ');
  v.erase(0, v.find_first_not_of(' '));
  v.erase(v.find_last_not_of(' ') + 1);
  return v;
}

}  // namespace

std::optional<std::string> BenchmarkUnit(const results::MetricInfo& metric) {
  constexpr std::string_view kPerOp = "_per_op";
  if (!EndsWith(metric.name, kPerOp)) return std::nullopt;
  std::string_view stem =
      metric.name.substr(0, metric.name.size() - kPerOp.size());
  if (stem == "alloc_bytes") return "B/op";
  if (EndsWith(stem, "_bytes")) {
    return Dashed(stem.substr(0, stem.size() - 6)) + "-B/op";
  }
  if (EndsWith(stem, "_us")) {
    return Dashed(stem.substr(0, stem.size() - 3)) + "-µs/op";
  }
  return Dashed(stem) + "/op";
}

std::string GoBenchmarkText(const RunSet& run) {
  std::ostringstream out;
  // Configuration shared by the whole file; a key that differs between
  // backends is left out. benchstat puts files whose configuration differs
  // in separate tables, so only what two comparable runs share is written:
  // not the server's binary or version, which an A/B run changes.
  std::set<std::string> kinds, rates;
  for (const BackendRun& b : run.backends) {
    for (const Repetition& r : b.repetitions) {
      kinds.insert(r.metrics.config.server_kind);
      rates.insert(std::to_string(r.metrics.config.alloc_sample_rate));
    }
  }
  auto config = [&](const char* key, const std::set<std::string>& values) {
    if (values.size() == 1 && !ConfigValue(*values.begin()).empty()) {
      out << key << ": " << ConfigValue(*values.begin()) << "\n";
    }
  };
  out << "goos: linux\n";
  out << "pkg: mdbprof\n";
  config("server_kind", kinds);
  config("alloc_sample_rate", rates);
  for (const BackendRun& b : run.backends) {
    for (const Repetition& r : b.repetitions) {
      const results::RunMetrics& m = r.metrics;
      if (m.total_ops <= 0) continue;
      out << "BenchmarkProfile/backend=" << b.name;
      if (m.config.cores > 0) out << "-" << m.config.cores;
      out << " " << m.total_ops;
      if (results::IsMeasured(m.duration_s)) {
        out << " " << Number(m.duration_s * 1e9 / m.total_ops) << " ns/op";
      }
      for (const results::MetricInfo& info : results::MetricCatalog()) {
        std::optional<std::string> unit = BenchmarkUnit(info);
        if (!unit) continue;
        Result<std::optional<double>> v = results::MetricValue(m, info.name);
        if (!v.ok() || !v->has_value()) continue;
        out << " " << Number(**v) << " " << *unit;
      }
      out << "\n";
    }
  }
  return out.str();
}

}  // namespace mdbprof::report
