// IgnoreSamples: `pprof -ignore=REGEX` as a profile: the samples of which no
// frame matches REGEX, for metrics and reports that must leave some code out
// (e.g. a server's own profile endpoints, see results/load_deltas.h).
//
//   Result<Profile> load = IgnoreSamples(diff, R"(^runtime/pprof\.)");
//   if (!load.ok()) return load.status();  // an invalid regex
#ifndef MDBPROF_PPROF_IGNORE_H_
#define MDBPROF_PPROF_IGNORE_H_

#include <string_view>

#include "base/status.h"
#include "pprof/profile.h"

namespace mdbprof::pprof {

// `profile` without the samples that SampleFilter (filter.h) with this
// `ignore` regex drops; every other field (locations, functions, mappings,
// period, times) is kept as it is, so totals, top tables and per-function
// budgets of the result simply lack the ignored stacks. "" keeps every
// sample. Error when `ignore` does not compile.
Result<Profile> IgnoreSamples(const Profile& profile, std::string_view ignore);

}  // namespace mdbprof::pprof

#endif  // MDBPROF_PPROF_IGNORE_H_
