// `mdbprof check RUN_DIR BUDGETS`: re-evaluates budgets on a saved run.
#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "results/budget.h"
#include "results/run_layout.h"
#include "results/saved_run.h"
#include "results/verdict.h"
#include "tools/command.h"
#include "tools/flags.h"

namespace mdbprof::tools {
namespace {

namespace fs = std::filesystem;

constexpr char kCheckHelp[] =
    "usage: mdbprof check RUN_DIR BUDGETS\n\n"
    "Re-evaluates budgets on a saved run, as the profile run does: the\n"
    "metrics of <backend>/load-test-results.json, and the function limits\n"
    "on allocs-after.prof minus allocs-before.prof and on cpu.prof.\n\n"
    "RUN_DIR   a run directory (every <backend>/ in it that holds a\n"
    "          load-test-results.json), one backend directory, or a\n"
    "          directory with a `latest` link (its latest run)\n"
    "BUDGETS   a budget file (applied to every backend) or a directory of\n"
    "          <backend>.json (see budgets/README.md)\n\n"
    "Prints one line per limit (PASS/FAIL, limit, actual) and the message\n"
    "of each failure.\n\n"
    "Exit codes: 0 every budget holds, 1 a budget is exceeded, 2 invalid\n"
    "arguments, or an unreadable run or budget file.\n";

int Fail(std::ostream& err, const std::string& message) {
  err << "mdbprof: check: " << message << "\n";
  return kExitInvalid;
}

bool HasMetrics(const fs::path& dir) {
  std::error_code ec;
  return fs::is_regular_file(dir / results::kRunMetricsFile, ec);
}

// The backend directories of RUN_DIR, sorted; error when there are none.
Result<std::vector<fs::path>> BackendDirs(const std::string& run_dir) {
  std::error_code ec;
  fs::path dir(run_dir);
  if (!fs::exists(dir, ec)) {
    return NotFound("RUN_DIR '" + run_dir + "' does not exist");
  }
  if (!fs::is_directory(dir, ec)) {
    return InvalidArgument("RUN_DIR '" + run_dir + "' is not a directory");
  }
  if (HasMetrics(dir)) return std::vector<fs::path>{dir};
  if (fs::is_directory(dir / results::kLatestLink, ec) &&
      !HasMetrics(dir / results::kLatestLink)) {
    dir /= results::kLatestLink;
  }
  std::vector<fs::path> out;
  for (const fs::directory_entry& e : fs::directory_iterator(dir, ec)) {
    if (e.is_directory(ec) && HasMetrics(e.path())) out.push_back(e.path());
  }
  if (ec)
    return InvalidArgument("cannot list '" + dir.string() +
                           "': " + ec.message());
  if (out.empty()) {
    return NotFound("no backend results in '" + run_dir + "' (expected " +
                    "<backend>/" + results::kRunMetricsFile + ")");
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string PadRight(std::string s, size_t width) {
  if (s.size() < width) s.resize(width, ' ');
  return s;
}

int RunCheck(const std::vector<std::string>& argv, std::ostream& out,
             std::ostream& err) {
  Result<ParsedArgs> args = ParseArgs(argv, {});
  if (!args.ok()) return Fail(err, args.status().message());
  if (args->help) {
    out << kCheckHelp;
    return kExitOk;
  }
  if (args->positional.size() != 2) {
    return Fail(err, "expected RUN_DIR and BUDGETS, got " +
                         std::to_string(args->positional.size()) +
                         " arguments (see mdbprof check --help)");
  }
  const std::string& budgets = args->positional[1];
  std::error_code ec;
  if (!fs::exists(budgets, ec)) {
    return Fail(err, "BUDGETS '" + budgets + "' does not exist");
  }
  const bool budgets_dir = fs::is_directory(budgets, ec);
  Result<std::vector<fs::path>> dirs = BackendDirs(args->positional[0]);
  if (!dirs.ok()) return Fail(err, dirs.status().message());

  int failed_backends = 0;
  for (const fs::path& dir : *dirs) {
    std::string backend = dir.filename().string();
    std::string budget_path = budgets;
    if (budgets_dir) {
      budget_path = (fs::path(budgets) / (backend + ".json")).string();
      if (!fs::is_regular_file(budget_path, ec)) {
        return Fail(err, "no budget file for backend " + backend + " ('" +
                             budget_path + "' does not exist)");
      }
    }
    Result<results::BudgetFile> budget = results::LoadBudgetFile(budget_path);
    if (!budget.ok()) return Fail(err, budget.status().message());
    Result<results::SavedRunCheck> check =
        results::CheckSavedRun(dir.string(), *budget);
    if (!check.ok()) return Fail(err, check.status().message());
    const bool passed = results::AllPassed(check->verdicts);
    if (!passed) ++failed_backends;
    out << backend << " (" << dir.string() << "): " << budget_path << ": "
        << (passed ? "PASS" : "FAIL") << "\n";
    for (const std::string& note : check->notes) {
      out << "  note: " << note << "\n";
    }
    for (const results::Verdict& v : check->verdicts) {
      out << "  " << (v.passed ? "PASS" : "FAIL") << "  "
          << PadRight(v.metric, 28) << " " << PadRight(v.limit, 24)
          << " actual " << results::FormatNumber(v.actual) << "\n";
    }
    for (const results::Verdict& v : check->verdicts) {
      if (!v.passed) out << "\n" << v.message;
    }
  }
  if (failed_backends > 0) {
    out << "\ncheck: " << failed_backends << " of " << dirs->size()
        << " backends exceeded a budget\n";
    return kExitFailed;
  }
  out << "\ncheck: every budget holds (" << dirs->size() << " backend"
      << (dirs->size() == 1 ? "" : "s") << ")\n";
  return kExitOk;
}

}  // namespace

Command CheckCommand() {
  return {"check", "re-evaluate budgets on a saved run (exit 1 if exceeded)",
          RunCheck};
}

}  // namespace mdbprof::tools
