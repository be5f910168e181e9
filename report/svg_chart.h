// A self-contained SVG bar chart (no scripts, no external fonts or images)
// that GitHub renders through <img src="chart.svg">: side-by-side panels,
// one bar per backend with its value written above it and, for repetitions,
// a whisker from min to max.
//
//   std::string svg = ComparisonChartSvg(comparison);  // ops/s, p99, CPU
//   std::string svg2 = RenderBarChartSvg(
//       "title", {{"ops/s", {{"sqlite", 1200.0, 1100.0, 1300.0}}}});
#ifndef MDBPROF_REPORT_SVG_CHART_H_
#define MDBPROF_REPORT_SVG_CHART_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "report/comparison_json.h"

namespace mdbprof::report {

struct ChartBar {
  std::string label;
  std::optional<double> value;      // nullopt: drawn as "not measured"
  std::optional<double> low, high;  // whisker (min and max), both or none
};

struct ChartPanel {
  std::string title;  // says the unit and which direction is better
  std::vector<ChartBar> bars;
};

// The SVG document (UTF-8, with an XML declaration). Text is XML-escaped.
// Negative values are drawn as zero-height bars with their label.
std::string RenderBarChartSvg(std::string_view title,
                              const std::vector<ChartPanel>& panels);

// Throughput (ops/s), p99 latency (ms) and total CPU per operation (server +
// database processes, µs) per backend: medians, with the min-max whisker when a
// backend has more than one repetition.
std::string ComparisonChartSvg(const Comparison& comparison);

}  // namespace mdbprof::report

#endif  // MDBPROF_REPORT_SVG_CHART_H_
