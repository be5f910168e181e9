// The metric table, lookup by name and timestamps. JSON lives in
// run_metrics_json.cc.
#include "results/run_metrics.h"

#include <algorithm>
#include <ctime>
#include <vector>

#include "results/internal/metric_fields.h"

namespace mdbprof::results {
namespace internal {
namespace {

FieldRef Ref(double* d) { return FieldRef{d, nullptr}; }
FieldRef Ref(int64_t* i) { return FieldRef{nullptr, i}; }

constexpr Better kLo = Better::kLower;
constexpr Better kHi = Better::kHigher;
constexpr Better kNo = Better::kNeither;
constexpr bool kInt = true;
constexpr bool kDbl = false;
constexpr bool kReq = true;
constexpr bool kOpt = false;

// clang-format off
const MetricField kFields[] = {
  {{"duration_s", "s", kNo, kDbl, kReq, "measured load window"},
   [](RunMetrics& m) { return Ref(&m.duration_s); }},
  {{"total_ops", "ops", kHi, kInt, kReq, "successful operations in the window"},
   [](RunMetrics& m) { return Ref(&m.total_ops); }},
  {{"writes", "ops", kHi, kInt, kReq, "successful writes"},
   [](RunMetrics& m) { return Ref(&m.writes); }},
  {{"reads", "ops", kHi, kInt, kReq, "successful reads"},
   [](RunMetrics& m) { return Ref(&m.reads); }},
  {{"errors", "count", kLo, kInt, kReq, "failed operations"},
   [](RunMetrics& m) { return Ref(&m.errors); }},
  {{"ops_per_sec", "ops/s", kHi, kDbl, kReq, "throughput"},
   [](RunMetrics& m) { return Ref(&m.ops_per_sec); }},
  {{"avg_latency_ms", "ms", kLo, kDbl, kReq, "mean latency, all operations"},
   [](RunMetrics& m) { return Ref(&m.all.avg_ms); }},
  {{"error_rate", "ratio", kLo, kDbl, kOpt, "errors / attempted operations"},
   [](RunMetrics& m) { return Ref(&m.error_rate); }},
  {{"latency_p50_ms", "ms", kLo, kDbl, kOpt, "median latency, all operations"},
   [](RunMetrics& m) { return Ref(&m.all.p50_ms); }},
  {{"latency_p90_ms", "ms", kLo, kDbl, kOpt, "p90 latency, all operations"},
   [](RunMetrics& m) { return Ref(&m.all.p90_ms); }},
  {{"latency_p99_ms", "ms", kLo, kDbl, kOpt, "p99 latency, all operations"},
   [](RunMetrics& m) { return Ref(&m.all.p99_ms); }},
  {{"latency_p999_ms", "ms", kLo, kDbl, kOpt, "p99.9 latency, all operations"},
   [](RunMetrics& m) { return Ref(&m.all.p999_ms); }},
  {{"latency_max_ms", "ms", kLo, kDbl, kOpt, "max latency, all operations"},
   [](RunMetrics& m) { return Ref(&m.all.max_ms); }},
  {{"write_avg_latency_ms", "ms", kLo, kDbl, kOpt, "mean write latency"},
   [](RunMetrics& m) { return Ref(&m.write.avg_ms); }},
  {{"write_latency_p50_ms", "ms", kLo, kDbl, kOpt, "median write latency"},
   [](RunMetrics& m) { return Ref(&m.write.p50_ms); }},
  {{"write_latency_p90_ms", "ms", kLo, kDbl, kOpt, "p90 write latency"},
   [](RunMetrics& m) { return Ref(&m.write.p90_ms); }},
  {{"write_latency_p99_ms", "ms", kLo, kDbl, kOpt, "p99 write latency"},
   [](RunMetrics& m) { return Ref(&m.write.p99_ms); }},
  {{"write_latency_p999_ms", "ms", kLo, kDbl, kOpt, "p99.9 write latency"},
   [](RunMetrics& m) { return Ref(&m.write.p999_ms); }},
  {{"write_latency_max_ms", "ms", kLo, kDbl, kOpt, "max write latency"},
   [](RunMetrics& m) { return Ref(&m.write.max_ms); }},
  {{"read_avg_latency_ms", "ms", kLo, kDbl, kOpt, "mean read latency"},
   [](RunMetrics& m) { return Ref(&m.read.avg_ms); }},
  {{"read_latency_p50_ms", "ms", kLo, kDbl, kOpt, "median read latency"},
   [](RunMetrics& m) { return Ref(&m.read.p50_ms); }},
  {{"read_latency_p90_ms", "ms", kLo, kDbl, kOpt, "p90 read latency"},
   [](RunMetrics& m) { return Ref(&m.read.p90_ms); }},
  {{"read_latency_p99_ms", "ms", kLo, kDbl, kOpt, "p99 read latency"},
   [](RunMetrics& m) { return Ref(&m.read.p99_ms); }},
  {{"read_latency_p999_ms", "ms", kLo, kDbl, kOpt, "p99.9 read latency"},
   [](RunMetrics& m) { return Ref(&m.read.p999_ms); }},
  {{"read_latency_max_ms", "ms", kLo, kDbl, kOpt, "max read latency"},
   [](RunMetrics& m) { return Ref(&m.read.max_ms); }},
  {{"alloc_bytes_per_op", "bytes", kLo, kDbl, kOpt,
    "bytes allocated per operation (allocs profile delta)"},
   [](RunMetrics& m) { return Ref(&m.alloc_bytes_per_op); }},
  {{"allocs_per_op", "count", kLo, kDbl, kOpt,
    "allocations per operation (allocs profile delta)"},
   [](RunMetrics& m) { return Ref(&m.allocs_per_op); }},
  {{"alloc_samples", "count", kNo, kInt, kOpt,
    "allocation events the profile recorded behind the per-op estimates"},
   [](RunMetrics& m) { return Ref(&m.alloc_samples); }},
  {{"cpu_us_per_op", "us", kLo, kDbl, kOpt, "server process CPU per operation"},
   [](RunMetrics& m) { return Ref(&m.cpu_us_per_op); }},
  {{"db_cpu_us_per_op", "us", kLo, kDbl, kOpt,
    "database processes' CPU per operation"},
   [](RunMetrics& m) { return Ref(&m.db_cpu_us_per_op); }},
  {{"total_cpu_us_per_op", "us", kLo, kDbl, kOpt,
    "server + database CPU per operation"},
   [](RunMetrics& m) { return Ref(&m.total_cpu_us_per_op); }},
  {{"heap_inuse_after_bytes", "bytes", kLo, kInt, kOpt,
    "heap in use after the load"},
   [](RunMetrics& m) { return Ref(&m.heap_inuse_after_bytes); }},
  {{"heap_growth_bytes", "bytes", kLo, kInt, kOpt,
    "heap in use after minus before the load"},
   [](RunMetrics& m) { return Ref(&m.heap_growth_bytes); }},
  {{"goroutines_before", "count", kNo, kInt, kOpt, "goroutines before the load"},
   [](RunMetrics& m) { return Ref(&m.goroutines_before); }},
  {{"goroutines_after", "count", kLo, kInt, kOpt, "goroutines after the load"},
   [](RunMetrics& m) { return Ref(&m.goroutines_after); }},
  {{"server_rss_max_bytes", "bytes", kLo, kInt, kOpt,
    "peak resident set size of the server"},
   [](RunMetrics& m) { return Ref(&m.server_rss_max_bytes); }},
};
// clang-format on

}  // namespace

std::span<const MetricField> MetricFields() { return kFields; }

}  // namespace internal

namespace {

size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1,
                         diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace

std::span<const MetricInfo> MetricCatalog() {
  static const std::vector<MetricInfo>* const kCatalog = [] {
    auto* v = new std::vector<MetricInfo>;
    for (const internal::MetricField& f : internal::MetricFields()) {
      v->push_back(f.info);
    }
    return v;
  }();
  return *kCatalog;
}

const MetricInfo* FindMetric(std::string_view name) {
  for (const MetricInfo& info : MetricCatalog()) {
    if (info.name == name) return &info;
  }
  return nullptr;
}

std::vector<std::string> CloseMetricNames(std::string_view name) {
  std::vector<std::pair<size_t, std::string_view>> scored;
  size_t threshold = std::max<size_t>(2, name.size() / 4);
  for (const MetricInfo& info : MetricCatalog()) {
    size_t d = EditDistance(name, info.name);
    bool contains = name.size() >= 4 && info.name.find(name) != info.name.npos;
    if (d <= threshold || contains) scored.emplace_back(d, info.name);
  }
  std::stable_sort(
      scored.begin(), scored.end(),
      [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::string> names;
  for (size_t i = 0; i < scored.size() && i < 3; ++i) {
    names.emplace_back(scored[i].second);
  }
  return names;
}

Result<std::optional<double>> MetricValue(const RunMetrics& metrics,
                                          std::string_view metric_name) {
  for (const internal::MetricField& f : internal::MetricFields()) {
    if (f.info.name != metric_name) continue;
    // The accessor only forms a pointer; nothing is written through it.
    internal::FieldRef ref = f.ref(const_cast<RunMetrics&>(metrics));
    if (ref.d != nullptr) {
      if (!IsMeasured(*ref.d)) return std::optional<double>();
      return std::optional<double>(*ref.d);
    }
    if (!IsMeasured(*ref.i)) return std::optional<double>();
    return std::optional<double>(static_cast<double>(*ref.i));
  }
  std::string message = "unknown metric \"" + std::string(metric_name) + "\"";
  std::vector<std::string> close = CloseMetricNames(metric_name);
  std::string list;
  if (close.empty()) {
    for (const MetricInfo& info : MetricCatalog()) {
      if (!list.empty()) list += ", ";
      list += info.name;
    }
    return InvalidArgument(message + " (known metrics: " + list + ")");
  }
  for (const std::string& n : close) {
    if (!list.empty()) list += ", ";
    list += n;
  }
  return InvalidArgument(message + " (did you mean " + list + "?)");
}

std::string FormatUtcTimestamp(std::chrono::system_clock::time_point t) {
  std::time_t seconds = std::chrono::system_clock::to_time_t(t);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buf;
}

}  // namespace mdbprof::results
