// Which budget file applies to a backend's run.
//
//   1. MDBPROF_BUDGETS names a file: that file, for every backend.
//      MDBPROF_BUDGETS names a directory: `<dir>/<backend>.json`.
//   2. Otherwise, with MDBPROF_SERVER set (a server we did not build):
//      ErrorsOnlyBudget() — nothing else is known about it.
//   3. Otherwise `<source>/budgets/<backend>.json`.
// When the chosen file does not exist (cases 1 with a directory, and 3), the
// errors-only budget applies. A budget without a limit on `errors` or
// `error_rate` gets `errors <= 0` added: failed operations fail a run unless
// a budget allows them.
//
//   Result<results::BudgetFile> budget =
//       SelectBudget("sqlite", config.budgets_path, /*foreign_server=*/false,
//                    MDBPROF_SOURCE_DIR "/budgets");
#ifndef MDBPROF_BENCH_BUDGET_SELECTION_H_
#define MDBPROF_BENCH_BUDGET_SELECTION_H_

#include <string>

#include "base/status.h"
#include "results/budget.h"

namespace mdbprof::bench {

// The budget for `backend` (see above). Errors: a named budget file that is
// missing or malformed (the message names the file and key).
Result<results::BudgetFile> SelectBudget(const std::string& backend,
                                         const std::string& budgets_path,
                                         bool foreign_server,
                                         const std::string& default_dir);

}  // namespace mdbprof::bench

#endif  // MDBPROF_BENCH_BUDGET_SELECTION_H_
