// RunMetrics: the metrics model of one backend run (one measured repetition),
// its JSON form (`load-test-results.json`) and lookup of a metric by name.
//
// The JSON keeps the original load test's keys (`timestamp`, `duration_s`,
// `total_ops`, `writes`, `reads`, `errors`, `ops_per_sec`, `avg_latency_ms`)
// and adds latency percentiles, per-op allocation and CPU, heap, goroutine and
// RSS numbers, a `config` object and a `budgets` object.
//
// "Not measured" is explicit: a double metric is NaN and an optional integer
// metric is kNotMeasured until someone measures it; both become JSON null.
//
//   RunMetrics m;
//   m.config.backend = "sqlite";
//   m.total_ops = 30000;
//   m.ops_per_sec = 1000;
//   nlohmann::json j = ToJson(m);
//   Result<RunMetrics> back = FromJson(j);
//   Result<std::optional<double>> p99 = MetricValue(*back, "latency_p99_ms");
#ifndef MDBPROF_RESULTS_RUN_METRICS_H_
#define MDBPROF_RESULTS_RUN_METRICS_H_

#include <chrono>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "nlohmann/json.hpp"
#include "results/verdict.h"

namespace mdbprof::results {

inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// The value of an optional integer metric that was not measured.
inline constexpr int64_t kNotMeasured = std::numeric_limits<int64_t>::min();

inline bool IsMeasured(double v) { return !std::isnan(v); }
inline bool IsMeasured(int64_t v) { return v != kNotMeasured; }

// Latency of one operation kind (or of all operations), in milliseconds.
struct LatencySummary {
  double p50_ms = kNaN;
  double p90_ms = kNaN;
  double p99_ms = kNaN;
  double p999_ms = kNaN;
  double max_ms = kNaN;
  double avg_ms = kNaN;
};

// How the run was set up; written as the JSON `config` object. Used by the
// comparison to refuse incomparable runs.
// A file the backend left in its run directory (fixtures::BackendFile).
struct BackendFileRecord {
  std::string name;    // relative to the backend directory
  std::string metric;  // the report metric it holds; "" = none (a log)

  bool operator==(const BackendFileRecord&) const = default;
};

struct RunConfig {
  std::string backend;
  int workers = 0;
  double warmup_s = 0;
  int read_every = 0;
  std::string server_binary;
  std::string server_version;
  std::string server_kind;  // fixtures::ServerKind name; "" in old runs
  // Attach mode: the running server's "http://HOST:PORT"; "" when the suite
  // launched the server.
  std::string server_url;
  // The rate the allocation profile shows (its period); 1 = every
  // allocation (exact counts), 0 = not shown.
  int64_t alloc_sample_rate = 0;
  int cores = 0;
  // The backend's place in the suite's order (fixtures::BackendOrder); -1
  // when it has none (attach mode under another name, or an old run). The
  // report lists backends in this order.
  int backend_order = -1;
  // The backend's own files (fixtures::Backend::ExtraFiles()); empty in
  // attach mode and in old runs.
  std::vector<BackendFileRecord> extra_files;
};

struct RunMetrics {
  RunConfig config;
  std::string timestamp;  // ISO-8601 UTC, e.g. "2026-11-26T12:34:56Z"
  double duration_s = kNaN;
  int64_t total_ops = 0;
  int64_t writes = 0;
  int64_t reads = 0;
  int64_t errors = 0;
  std::map<std::string, int64_t> errors_by_reason;
  double ops_per_sec = kNaN;
  double error_rate = kNaN;  // errors / (total_ops + errors)
  LatencySummary all;        // avg is the JSON key `avg_latency_ms`
  LatencySummary write;
  LatencySummary read;
  double alloc_bytes_per_op = kNaN;
  double allocs_per_op = kNaN;
  int64_t alloc_samples = kNotMeasured;
  double cpu_us_per_op = kNaN;
  double db_cpu_us_per_op = kNaN;
  double total_cpu_us_per_op = kNaN;
  int64_t heap_inuse_after_bytes = kNotMeasured;
  int64_t heap_growth_bytes = kNotMeasured;
  int64_t goroutines_before = kNotMeasured;
  int64_t goroutines_after = kNotMeasured;
  int64_t server_rss_max_bytes = kNotMeasured;
  // The budget verdicts of this run (empty file and verdicts: not evaluated).
  BudgetResults budgets;
};

// Which direction of change is an improvement for a metric.
enum class Better { kLower, kHigher, kNeither };

// One numeric top-level key of the JSON. The catalog is the single table that
// maps names to RunMetrics fields (JSON, MetricValue, budgets, comparison).
struct MetricInfo {
  std::string_view name;  // JSON key, e.g. "latency_p99_ms"
  std::string_view unit;  // "ms", "bytes", "us", "ops/s", "count", ...
  Better better;
  bool is_integer;               // int64 field (else double)
  bool required;                 // a key of the original load test's JSON
  std::string_view description;  // one line for reports
};

// Every numeric metric, in the order the JSON file lists them.
std::span<const MetricInfo> MetricCatalog();

// The catalog entry for `name`, or nullptr.
const MetricInfo* FindMetric(std::string_view name);

// The value of the metric named by its JSON key: nullopt when it was not
// measured (NaN / kNotMeasured). An unknown name is InvalidArgument listing
// the closest known names.
Result<std::optional<double>> MetricValue(const RunMetrics& metrics,
                                          std::string_view metric_name);

// Names from the catalog close to `name` (typos, missing unit suffix), best
// first; empty when nothing is close.
std::vector<std::string> CloseMetricNames(std::string_view name);

// The JSON form: every catalog key (null when not measured), `timestamp`,
// `errors_by_reason`, `config`, and `budgets` (null when not evaluated).
nlohmann::json ToJson(const RunMetrics& metrics);

// Reads the JSON form. The original load test's keys are required; the other
// metric keys may be absent or null (= not measured); unknown keys are
// ignored (newer writers). A wrong type is InvalidArgument naming the key path
// and the expected type, e.g. `config.workers: expected an integer, got "ten"`.
Result<RunMetrics> FromJson(const nlohmann::json& json);

// File helpers. WriteRunMetricsFile writes the keys in catalog order (not
// sorted) with a trailing newline. Errors name the path.
Result<RunMetrics> ReadRunMetricsFile(const std::string& path);
Status WriteRunMetricsFile(const std::string& path, const RunMetrics& metrics);

// "YYYY-MM-DDTHH:MM:SSZ" for `t` in UTC.
std::string FormatUtcTimestamp(std::chrono::system_clock::time_point t);

}  // namespace mdbprof::results

#endif  // MDBPROF_RESULTS_RUN_METRICS_H_
