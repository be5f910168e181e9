// The metric table of COMPARISON.md: one column per backend, one row per
// metric (grouped in sections), every cell filled — the median, with
// "[min–max]" over repetitions, or "—" with a footnote saying why the
// backend has no value.
//
//   Footnotes notes;
//   std::string table = RenderMetricTable(comparison, &notes);
//   std::string end = notes.Render();
#ifndef MDBPROF_REPORT_METRIC_TABLE_H_
#define MDBPROF_REPORT_METRIC_TABLE_H_

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "report/comparison_json.h"

namespace mdbprof::report {

// One row: `metric`, or "before → after" of two metrics when `after_metric`
// is set.
struct MetricRow {
  std::string_view section;  // a bold separator row starts each section
  std::string_view label;
  std::string_view metric;
  std::string_view after_metric;
};

// The rows in table order. Every ReportMetrics() name appears in one row.
std::span<const MetricRow> MetricRows();

// Numbered Markdown footnotes; equal texts share a number.
class Footnotes {
 public:
  // The reference ("[^3]") for `text`.
  std::string Ref(const std::string& text);
  // "[^1]: text" lines; "" when there are none.
  std::string Render() const;

 private:
  std::vector<std::string> texts_;
};

// Why `backend` has no value for `metric` (one sentence).
std::string WhyMissing(const BackendSummary& backend, std::string_view metric);

// The Markdown table (header, separator, rows) with footnote references.
std::string RenderMetricTable(const Comparison& comparison,
                              Footnotes* footnotes);

}  // namespace mdbprof::report

#endif  // MDBPROF_REPORT_METRIC_TABLE_H_
