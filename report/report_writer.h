// WriteReport: what `mdbprof report RUN_DIR` and the gather step do — load
// the run directory and write COMPARISON.md, comparison.json, chart.svg and
// bench.txt (the Go benchmark format, go_bench_format.h) into it, and each
// backend's flame graphs into its directory (flame_files.h). An A/B run
// directory (<run>/base and <run>/head, ab_report.h) gets a report per side and
// a COMPARISON.md of both sides.
//
//   Result<ReportPaths> paths = WriteReport("profiles/latest",
//                                           CurrentReportContext());
//   if (paths.ok()) std::cout << paths->markdown << "\n";
#ifndef MDBPROF_REPORT_REPORT_WRITER_H_
#define MDBPROF_REPORT_REPORT_WRITER_H_

#include <string>

#include "base/status.h"
#include "report/comparison_json.h"

namespace mdbprof::report {

struct ReportPaths {
  std::string markdown, json, chart;  // json, chart: "" for an A/B run
};

// Now (UTC) and the machine's memory from /proc/meminfo (MemTotal).
ReportContext CurrentReportContext();

// Loads `run_dir` (LoadRunSet: a run, or $MDBPROF_OUT holding `latest`) and
// writes those files into the run directory it resolved to; for an A/B
// run (IsAbRunDir, also behind `latest`) WriteAbReport(). Errors from
// loading, or Unavailable naming a file that cannot be written.
Result<ReportPaths> WriteReport(const std::string& run_dir,
                                const ReportContext& context);

}  // namespace mdbprof::report

#endif  // MDBPROF_REPORT_REPORT_WRITER_H_
