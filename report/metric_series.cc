#include "report/metric_series.h"

#include <algorithm>

namespace mdbprof::report {

std::vector<double> MetricSeries::Measured() const {
  std::vector<double> out;
  for (const std::optional<double>& v : values) {
    if (v) out.push_back(*v);
  }
  return out;
}

int MetricSeries::MeasuredCount() const {
  return static_cast<int>(Measured().size());
}

double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  size_t n = values.size();
  return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

MetricSeries MakeSeries(std::vector<std::optional<double>> values) {
  MetricSeries s;
  s.values = std::move(values);
  std::vector<double> measured = s.Measured();
  if (!measured.empty()) {
    s.median = Median(measured);
    auto [lo, hi] = std::minmax_element(measured.begin(), measured.end());
    s.min = *lo;
    s.max = *hi;
  }
  return s;
}

}  // namespace mdbprof::report
