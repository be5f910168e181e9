// Internal to mdbprof::results: the table that maps each metric name to its
// RunMetrics field. MetricCatalog(), MetricValue() and the JSON code all read
// this one table, so a metric added here is everywhere at once.
#ifndef MDBPROF_RESULTS_INTERNAL_METRIC_FIELDS_H_
#define MDBPROF_RESULTS_INTERNAL_METRIC_FIELDS_H_

#include <cstdint>
#include <span>

#include "results/run_metrics.h"

namespace mdbprof::results::internal {

// Exactly one of the two pointers is set, matching MetricInfo::is_integer.
struct FieldRef {
  double* d = nullptr;
  int64_t* i = nullptr;
};

struct MetricField {
  MetricInfo info;
  FieldRef (*ref)(RunMetrics&);
};

std::span<const MetricField> MetricFields();

}  // namespace mdbprof::results::internal

#endif  // MDBPROF_RESULTS_INTERNAL_METRIC_FIELDS_H_
