// MetricSeries: one metric of one backend over its repetitions — every
// repetition's value (or "not measured") with median and range of the
// measured ones.
//
//   MetricSeries s = MakeSeries({10.0, std::nullopt, 14.0, 12.0});
//   // s.median == 12, s.min == 10, s.max == 14, s.MeasuredCount() == 3
#ifndef MDBPROF_REPORT_METRIC_SERIES_H_
#define MDBPROF_REPORT_METRIC_SERIES_H_

#include <optional>
#include <vector>

namespace mdbprof::report {

struct MetricSeries {
  std::vector<std::optional<double>> values;  // one per repetition
  // Over the measured values; all nullopt when none was measured.
  std::optional<double> median, min, max;

  // The measured values, in repetition order.
  std::vector<double> Measured() const;
  int MeasuredCount() const;
};

// Fills median/min/max from `values`.
MetricSeries MakeSeries(std::vector<std::optional<double>> values);

// The median (mean of the middle two for an even count).
// REQUIRES: !values.empty().
double Median(std::vector<double> values);

}  // namespace mdbprof::report

#endif  // MDBPROF_REPORT_METRIC_SERIES_H_
