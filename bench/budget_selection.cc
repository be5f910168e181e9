#include "bench/budget_selection.h"

#include <algorithm>
#include <filesystem>

namespace mdbprof::bench {
namespace {

namespace fs = std::filesystem;

void AddDefaultErrorLimit(results::BudgetFile* budget) {
  bool has =
      std::any_of(budget->metrics.begin(), budget->metrics.end(),
                  [](const results::MetricLimit& l) {
                    return l.metric == "errors" || l.metric == "error_rate";
                  });
  if (has) return;
  results::MetricLimit errors;
  errors.metric = "errors";
  errors.max = 0;
  budget->metrics.push_back(errors);
}

Result<results::BudgetFile> LoadOrErrorsOnly(const std::string& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    results::BudgetFile budget = results::ErrorsOnlyBudget();
    budget.path = "(built-in errors-only budget: no " + path + ")";
    return budget;
  }
  return results::LoadBudgetFile(path);
}

}  // namespace

Result<results::BudgetFile> SelectBudget(const std::string& backend,
                                         const std::string& budgets_path,
                                         bool foreign_server,
                                         const std::string& default_dir) {
  Result<results::BudgetFile> budget = results::ErrorsOnlyBudget();
  std::error_code ec;
  if (!budgets_path.empty()) {
    if (fs::is_directory(budgets_path, ec)) {
      budget = LoadOrErrorsOnly(
          (fs::path(budgets_path) / (backend + ".json")).string());
    } else {
      budget = results::LoadBudgetFile(budgets_path);
    }
  } else if (!foreign_server) {
    budget = LoadOrErrorsOnly(
        (fs::path(default_dir) / (backend + ".json")).string());
  }
  if (!budget.ok()) {
    return budget.status().WithContext("budget for " + backend);
  }
  AddDefaultErrorLimit(&*budget);
  return budget;
}

}  // namespace mdbprof::bench
