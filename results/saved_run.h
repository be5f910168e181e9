// Re-evaluating budgets on a saved run: the backend directory a profile run
// left behind (load-test-results.json and the profiles, see README "What a
// run leaves behind"), with the same evaluation the run itself used
// (EvaluateBudgets on allocs-after minus allocs-before and cpu.prof, as read
// by LoadRunProfiles, run_profiles.h).
//
//   Result<BudgetFile> budget = LoadBudgetFile("budgets/sqlite.json");
//   Result<SavedRunCheck> check = CheckSavedRun("profiles/latest/sqlite",
//                                               *budget);
//   if (!check.ok()) ...                      // unreadable or corrupt input
//   if (!AllPassed(check->verdicts)) ...      // a budget is exceeded
#ifndef MDBPROF_RESULTS_SAVED_RUN_H_
#define MDBPROF_RESULTS_SAVED_RUN_H_

#include <string>
#include <vector>

#include "base/status.h"
#include "results/budget.h"
#include "results/run_layout.h"
#include "results/run_metrics.h"
#include "results/verdict.h"

namespace mdbprof::results {

struct SavedRunCheck {
  std::string dir;  // the backend directory
  RunMetrics metrics;
  std::vector<Verdict> verdicts;
  // Profiles that were not there (their function limits fail with the
  // reason), e.g. "cpu.prof: not found".
  std::vector<std::string> notes;
};

// Reads `<dir>/load-test-results.json`, `<dir>/allocs-before.prof`,
// `<dir>/allocs-after.prof` and `<dir>/cpu.prof` and evaluates `budget`.
// A missing profile is a note (limits needing it fail); a missing or
// malformed metrics file, or a profile that exists but does not decode (or
// an allocs pair whose delta cannot be computed, load_deltas.h), is an error
// naming the file or the directory.
Result<SavedRunCheck> CheckSavedRun(const std::string& dir,
                                    const BudgetFile& budget);

}  // namespace mdbprof::results

#endif  // MDBPROF_RESULTS_SAVED_RUN_H_
