// Budgets: per-backend limits on a run's metrics and on the functions of its
// profiles, loaded from a JSON file (see budgets/README.md) and evaluated into
// verdicts.
//
//   Result<BudgetFile> budget = LoadBudgetFile("budgets/sqlite.json");
//   if (!budget.ok()) return budget.status();   // names file, key, expectation
//   ProfileInputs inputs{.alloc_delta = &alloc_delta, .cpu = &cpu};
//   std::vector<Verdict> verdicts = EvaluateBudgets(*budget, metrics, inputs);
//   if (!AllPassed(verdicts)) ...               // each failure has a message
#ifndef MDBPROF_RESULTS_BUDGET_H_
#define MDBPROF_RESULTS_BUDGET_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "results/run_metrics.h"
#include "results/verdict.h"

namespace mdbprof::pprof {
class Profile;
}  // namespace mdbprof::pprof

namespace mdbprof::results {

// A limit on one metric of the catalog. At least one of max/min is set.
struct MetricLimit {
  std::string metric;  // a MetricCatalog() name
  std::optional<double> max, min;
  double tolerance = 0;  // >= 0; widens the limits below

  // max * (1 + tolerance), if max is set (max + |max| * tolerance, so that a
  // tolerance widens a negative limit too).
  std::optional<double> EffectiveMax() const;
  // min * (1 - tolerance), if min is set (min - |min| * tolerance).
  std::optional<double> EffectiveMin() const;
};

// A limit on the functions whose name matches `match` (ECMAScript regex,
// searched anywhere in the name) in the profile holding sample type `sample`.
// At least one of max_share/max_per_op is set.
struct FunctionLimit {
  std::string match;
  std::string sample;  // e.g. "alloc_space", "alloc_objects", "cpu"
  std::optional<double> max_share;   // of the sample type's total, in [0, 1]
  std::optional<double> max_per_op;  // sample units per successful operation
};

struct BudgetFile {
  std::string path;     // as given to LoadBudgetFile; appears in messages
  std::string backend;  // "" = any backend
  std::vector<MetricLimit> metrics;  // sorted by metric name
  std::vector<FunctionLimit> functions;
  std::string comment;  // how the limits were set
  // "min_effect": metric -> relative change that counts for `mdbprof
  // compare` (0.15 = 15%); not a limit, EvaluateBudgets ignores it. Only its
  // shape is checked here (numbers >= 0); the metric names are checked by
  // `mdbprof compare` (report/compare_input.h), which also knows the
  // comparison-only metrics (writes_per_sec, disk_usage_bytes, ...).
  std::map<std::string, double> min_effect;
};

// Reads and validates a budget file. A missing file is NotFound naming the
// path; anything malformed is InvalidArgument naming the path, the key path
// and what was expected, e.g.
//   budgets/sqlite.json: metrics.cpu_us_per_op.max: expected a number,
//   got "fast"
Result<BudgetFile> LoadBudgetFile(const std::string& path);

// As LoadBudgetFile, from text; `path` is used in messages and kept.
Result<BudgetFile> ParseBudget(const std::string& text,
                               const std::string& path);

// {"errors": {"max": 0}} — for servers we know nothing else about.
BudgetFile ErrorsOnlyBudget();

// Profiles the function limits and the failure messages draw on. Not owned;
// either may be null (a function limit on a missing profile fails).
struct ProfileInputs {
  // allocs-after minus allocs-before: alloc_space, alloc_objects, inuse_*.
  const pprof::Profile* alloc_delta = nullptr;
  // The CPU profile taken during the load: cpu, samples.
  const pprof::Profile* cpu = nullptr;
};

// One verdict per limit (a metric with both min and max gets two), metric
// limits first in the file's order, then function limits; plus a failed
// "backend" verdict when the file names a different backend than the run.
// A metric that was not measured fails. Comparisons allow a relative slack
// of 1e-9 so that a value exactly at the limit passes.
std::vector<Verdict> EvaluateBudgets(const BudgetFile& budget,
                                     const RunMetrics& metrics,
                                     const ProfileInputs& profiles);

}  // namespace mdbprof::results

#endif  // MDBPROF_RESULTS_BUDGET_H_
