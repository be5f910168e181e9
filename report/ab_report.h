// The report of an A/B run directory (profile_bench with a base server, see
// bench/ab_schedule.h): two complete runs side by side,
//
//   RUN/base/<backend>/repetitions/<k>/...   written by the base server
//   RUN/head/<backend>/repetitions/<k>/...   written by the head server
//   RUN/compare.{txt,md,json}                the gate's verdict, when judged
//
// WriteAbReport() gives each side its own COMPARISON.md, comparison.json and
// chart.svg (as for any run), and writes RUN/COMPARISON.md, which shows both
// sides: the gate's verdict (read from compare.json, with a link to
// compare.md) or that there is none yet, each side's server, and one metric
// table with a BASE and a HEAD column per backend, and links to the HEAD vs
// BASE flame graphs it writes (flame_files.h: head/<backend>/flame-diff-*).
//
//   if (IsAbRunDir(dir)) {
//     Result<std::string> md = WriteAbReport(dir, CurrentReportContext());
//   }
#ifndef MDBPROF_REPORT_AB_REPORT_H_
#define MDBPROF_REPORT_AB_REPORT_H_

#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "report/comparison_json.h"
#include "report/flame_files.h"

namespace mdbprof::report {

// True when `dir` holds the `base` and `head` directories of an A/B run.
bool IsAbRunDir(const std::string& dir);

// The gate's verdict as compare.json records it.
struct AbGateVerdict {
  int exit_code = 2;    // the gate's: 0 pass, 1 fail, 2 incomparable
  std::string summary;  // "PASS: ...", "FAIL: ..."
  std::vector<std::string> incomplete;  // backends lacking repetitions
};

// Reads RUN/compare.json; nullopt when it does not exist. Errors name the
// file when it is not the gate's JSON.
Result<std::optional<AbGateVerdict>> ReadAbGateVerdict(
    const std::string& run_dir);

// RUN/COMPARISON.md of an A/B run from the two sides' comparisons.
// `run_dir` is the A/B run directory; `verdict` nullopt = not judged yet.
// `flame_graphs` (WriteAbFlameGraphs) are linked in a "Flame graphs"
// section.
std::string RenderAbComparisonMarkdown(
    const std::string& run_dir, const Comparison& base, const Comparison& head,
    const std::optional<AbGateVerdict>& verdict,
    const std::vector<FlameGraphFile>& flame_graphs = {});

// Writes both sides' reports and RUN/COMPARISON.md; returns the latter's
// path. REQUIRES: IsAbRunDir(run_dir). Errors: a side that cannot be loaded
// (named "BASE"/"HEAD"), or a file that cannot be written.
Result<std::string> WriteAbReport(const std::string& run_dir,
                                  const ReportContext& context);

}  // namespace mdbprof::report

#endif  // MDBPROF_REPORT_AB_REPORT_H_
