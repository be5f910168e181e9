// `mdbprof report [RUN_DIR]`: writes COMPARISON.md, comparison.json and
// chart.svg into a run directory (the gather step of `ctest -L profile`).
#include <cstdlib>
#include <string>

#include "base/environment.h"
#include "report/report_writer.h"
#include "results/run_layout.h"
#include "tools/command.h"
#include "tools/flags.h"

namespace mdbprof::tools {
namespace {

constexpr char kReportHelp[] =
    "usage: mdbprof report [--full_names] [RUN_DIR]\n\n"
    "Reads every backend and repetition of the run directory RUN_DIR\n"
    "(<backend>/load-test-results.json, <backend>/repetitions/<k>/..., the\n"
    "profiles) and writes into it:\n"
    "  COMPARISON.md    header, metric table (backends as columns), budget\n"
    "                   verdicts, top allocation and CPU functions, commands\n"
    "  comparison.json  the same numbers for machines (mdbprof compare)\n"
    "  chart.svg        throughput, p99 latency, total CPU per backend\n"
    "then prints the path of COMPARISON.md. An A/B run directory (base/ and\n"
    "head/, from profile_bench with a base server) gets these files per side\n"
    "and a COMPARISON.md of both sides with the gate's verdict.\n\n"
    "Function names in the tables are shortened for reading (C++ template\n"
    "argument and parameter lists collapsed: std::map<…>::operator[]; Go\n"
    "names as Go prints them); --full_names prints them as the profiles\n"
    "hold them (profile_bench: MDBPROF_FULL_NAMES=1).\n\n"
    "RUN_DIR defaults to $MDBPROF_OUT/latest ($MDBPROF_OUT defaults to\n"
    "\"profiles\"); a directory holding a `latest` link means its latest "
    "run.\n\n"
    "Exit codes: 0 written, 2 invalid arguments or unreadable run.\n";

int Fail(std::ostream& err, const std::string& message) {
  err << "mdbprof: " << message << "\n";
  return kExitInvalid;
}

int RunReport(const std::vector<std::string>& argv, std::ostream& out,
              std::ostream& err) {
  Result<ParsedArgs> args = ParseArgs(argv, {}, {"full_names"});
  if (!args.ok()) return Fail(err, "report: " + args.status().message());
  if (args->help) {
    out << kReportHelp;
    return kExitOk;
  }
  if (args->positional.size() > 1) {
    return Fail(err, "report: expected at most one RUN_DIR, got " +
                         std::to_string(args->positional.size()) +
                         " arguments (see mdbprof report --help)");
  }
  std::string run_dir;
  if (!args->positional.empty()) {
    run_dir = args->positional[0];
  } else {
    run_dir = EnvOr("MDBPROF_OUT", "profiles") + "/" + results::kLatestLink;
  }
  report::ReportContext context = report::CurrentReportContext();
  if (args->SwitchFlag("full_names")) context.full_names = true;
  Result<report::ReportPaths> paths = report::WriteReport(run_dir, context);
  if (!paths.ok()) return Fail(err, paths.status().message());
  out << paths->markdown << "\n";
  return kExitOk;
}

}  // namespace

Command ReportCommand() {
  return {"report",
          "write COMPARISON.md, comparison.json, chart.svg into a run dir",
          RunReport};
}

}  // namespace mdbprof::tools
