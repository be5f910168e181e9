// COMPARISON.md: the human form of a run's comparison — a header (run,
// dates, window, workers, machine, server, budgets), the chart, the metric
// table (backends as columns), the budget verdicts, the top allocation and
// CPU functions per backend (with links to the flame graphs of
// flame_files.h that exist in the backend directory), and the commands to
// dig deeper.
//
//   std::vector<TopFunctions> tops;  // one per comparison.backends entry
//   for (const BackendSummary& b : c.backends)
//     tops.push_back(LoadTopFunctions(b.repetition_dirs.back(), 10));
//   std::string md = RenderComparisonMarkdown(c, tops, "chart.svg");
#ifndef MDBPROF_REPORT_COMPARISON_MARKDOWN_H_
#define MDBPROF_REPORT_COMPARISON_MARKDOWN_H_

#include <string>
#include <string_view>
#include <vector>

#include "report/comparison_json.h"
#include "report/top_functions.h"

namespace mdbprof::report {

inline constexpr int kTopFunctionCount = 10;

// REQUIRES: tops.size() == comparison.backends.size() (tops[i] were read
// from comparison.backends[i]'s last repetition). `chart_file` is linked
// relative to COMPARISON.md; "" = no chart.
std::string RenderComparisonMarkdown(const Comparison& comparison,
                                     const std::vector<TopFunctions>& tops,
                                     std::string_view chart_file);

}  // namespace mdbprof::report

#endif  // MDBPROF_REPORT_COMPARISON_MARKDOWN_H_
