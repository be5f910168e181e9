// The inputs of `mdbprof compare`: BASE and HEAD (a run directory or a
// comparison.json) and the per-metric minimum effects of the budgets files.
//
// A budgets file may carry, next to its limits, a top-level object
//
//   "min_effect": {"latency_p99_ms": 0.15, "allocs_per_op": 0}
//
// (metric -> relative change that counts; 0.15 = 15%), which overrides the
// default minimum effect of `mdbprof compare` for that backend.
//
//   Result<Comparison> head = LoadCompareInput("profiles/latest", context);
//   std::vector<std::string> notes;
//   Result<MinEffects> m = MinEffectsFor(*head, "", &notes);
#ifndef MDBPROF_REPORT_COMPARE_INPUT_H_
#define MDBPROF_REPORT_COMPARE_INPUT_H_

#include <map>
#include <string>
#include <vector>

#include "base/status.h"
#include "report/comparison_json.h"

namespace mdbprof::report {

// backend -> metric -> min effect.
using MinEffects = std::map<std::string, std::map<std::string, double>>;

// A directory is loaded as a run directory (LoadRunSet, BuildComparison);
// a file as comparison.json. Errors name the path.
Result<Comparison> LoadCompareInput(const std::string& path,
                                    const ReportContext& context);

// The "min_effect" object of the budgets file at `path` (empty when it has
// none). Errors name the file and key: not JSON, not an object, an unknown
// metric, a value that is not a number >= 0.
Result<std::map<std::string, double>> LoadMinEffects(const std::string& path);

// The min effects of every HEAD backend: from `budgets` when set (a file
// used for every backend, or a directory holding <backend>.json), else from
// the budgets file the backend's run recorded. A file that does not exist
// adds a note (the defaults apply); a malformed one is an error.
Result<MinEffects> MinEffectsFor(const Comparison& head,
                                 const std::string& budgets,
                                 std::vector<std::string>* notes);

}  // namespace mdbprof::report

#endif  // MDBPROF_REPORT_COMPARE_INPUT_H_
