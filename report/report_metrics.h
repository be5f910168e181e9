// ReportMetrics: the metrics a comparison shows and compares — every numeric
// metric of `load-test-results.json` (results::MetricCatalog()) plus four
// the report adds:
//
//   writes_per_sec    writes / duration_s
//   reads_per_sec     reads / duration_s
//   disk_usage_bytes  from a backend file that holds it (backend_files.h)
//   namespace_count   from a backend file that holds it (backend_files.h)
//
//   for (const ReportMetric& m : ReportMetrics()) ...
//   const ReportMetric* p99 = FindReportMetric("latency_p99_ms");
#ifndef MDBPROF_REPORT_REPORT_METRICS_H_
#define MDBPROF_REPORT_REPORT_METRICS_H_

#include <span>
#include <string_view>

#include "results/run_metrics.h"

namespace mdbprof::report {

struct ReportMetric {
  std::string_view name;  // a JSON key, e.g. "latency_p99_ms"
  std::string_view unit;  // "ms", "bytes", "us", "ops/s", "count", ...
  results::Better better;
  std::string_view description;
  bool derived;  // true for the four metrics above (not in the catalog)
};

// The catalog's metrics in catalog order, then the four above.
std::span<const ReportMetric> ReportMetrics();

// The entry for `name`, or nullptr.
const ReportMetric* FindReportMetric(std::string_view name);

// "higher", "lower" or "neither".
std::string_view BetterName(results::Better better);

}  // namespace mdbprof::report

#endif  // MDBPROF_REPORT_REPORT_METRICS_H_
