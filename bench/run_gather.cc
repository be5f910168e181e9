#include "bench/run_gather.h"

#include "bench/ab_verdict.h"
#include "report/ab_report.h"
#include "report/report_writer.h"
#include "results/run_layout.h"

namespace mdbprof::bench {

GatherResult GatherRun(const std::string& run_dir, const BenchConfig& config) {
  GatherResult result;
  report::ReportContext context = report::CurrentReportContext();
  context.full_names = config.full_names;
  if (config.base_server.empty()) {
    Result<report::ReportPaths> paths = report::WriteReport(run_dir, context);
    if (!paths.ok()) {
      result.text = "profile_bench: gather: " + paths.status().message() + "\n";
      return result;
    }
    result.exit_code = 0;
    result.text = "report: " + paths->markdown + "\n";
    return result;
  }
  if (!report::IsAbRunDir(run_dir)) {
    result.text = "profile_bench: gather: '" + run_dir +
                  "' is not an A/B run directory (no base/ and head/; were "
                  "the backend tests run with MDBPROF_BASE_SERVER?)\n";
    return result;
  }
  AbVerdict verdict = JudgeAbRun(run_dir, config);
  result.exit_code = verdict.exit_code;
  result.text = verdict.text;
  Result<report::ReportPaths> paths = report::WriteReport(run_dir, context);
  if (!paths.ok()) {
    result.text +=
        "profile_bench: gather: report: " + paths.status().message() + "\n";
    if (result.exit_code == 0) result.exit_code = 2;
    return result;
  }
  result.text += "\nA/B gate exit code " + std::to_string(result.exit_code) +
                 "; verdict: " + run_dir + "/" + results::kAbVerdictMarkdown +
                 "\nreport (both sides): " + paths->markdown + "\n";
  return result;
}

}  // namespace mdbprof::bench
