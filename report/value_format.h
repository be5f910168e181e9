// How the report writes numbers: bytes 1024-based ("12.3 MiB"), ratios as
// percentages, everything else as results::FormatNumber; a series as its
// median, with "[min–max]" when the repetitions' values differ as printed.
//
//   FormatValue(12.5 * 1024 * 1024, "bytes");      // "12.5 MiB"
//   FormatSeries(MakeSeries({1.0, 2.0, 4.0}), "ms");  // "2 [1–4]"
#ifndef MDBPROF_REPORT_VALUE_FORMAT_H_
#define MDBPROF_REPORT_VALUE_FORMAT_H_

#include <string>
#include <string_view>

#include "report/metric_series.h"

namespace mdbprof::report {

// `unit` as in ReportMetrics(): "bytes" and "ratio" are formatted specially.
std::string FormatValue(double value, std::string_view unit);

// "—" when nothing was measured.
std::string FormatSeries(const MetricSeries& series, std::string_view unit);

// `text` safe inside a Markdown table cell: '|' escaped, newlines as spaces.
std::string MarkdownCell(std::string_view text);

// `path` as a shell word: unchanged when it is plain, else single-quoted.
std::string ShellQuote(std::string_view path);

}  // namespace mdbprof::report

#endif  // MDBPROF_REPORT_VALUE_FORMAT_H_
