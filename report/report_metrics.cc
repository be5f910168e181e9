#include "report/report_metrics.h"

#include <vector>

namespace mdbprof::report {

std::span<const ReportMetric> ReportMetrics() {
  static const std::vector<ReportMetric>* const kMetrics = [] {
    auto* v = new std::vector<ReportMetric>;
    for (const results::MetricInfo& info : results::MetricCatalog()) {
      v->push_back({info.name, info.unit, info.better, info.description,
                    /*derived=*/false});
    }
    v->push_back({"writes_per_sec", "ops/s", results::Better::kHigher,
                  "write throughput (writes / duration_s)", true});
    v->push_back({"reads_per_sec", "ops/s", results::Better::kHigher,
                  "read throughput (reads / duration_s)", true});
    v->push_back({"disk_usage_bytes", "bytes", results::Better::kLower,
                  "data on disk after the load (a file the backend writes)",
                  true});
    v->push_back({"namespace_count", "count", results::Better::kNeither,
                  "open namespaces (a file the backend writes)", true});
    return v;
  }();
  return *kMetrics;
}

const ReportMetric* FindReportMetric(std::string_view name) {
  for (const ReportMetric& m : ReportMetrics()) {
    if (m.name == name) return &m;
  }
  return nullptr;
}

std::string_view BetterName(results::Better better) {
  switch (better) {
    case results::Better::kHigher:
      return "higher";
    case results::Better::kLower:
      return "lower";
    case results::Better::kNeither:
      break;
  }
  return "neither";
}

}  // namespace mdbprof::report
