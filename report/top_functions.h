// TopFunctions: the functions behind a backend's allocation and CPU
// numbers, decoded natively from its profiles (results::LoadRunProfiles) —
// alloc_space of allocs-after.prof minus allocs-before.prof, and cpu.prof.
//
//   TopFunctions t = LoadTopFunctions("profiles/latest/sqlite", 10);
//   if (t.alloc_space.error.empty()) for (auto& row : t.alloc_space.rows) ...
#ifndef MDBPROF_REPORT_TOP_FUNCTIONS_H_
#define MDBPROF_REPORT_TOP_FUNCTIONS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "pprof/top.h"

namespace mdbprof::report {

// A top-N table, or why there is none.
struct TopTable {
  std::string error;  // non-empty: the table could not be made (why)
  std::string sample_type, unit;
  int64_t total = 0;  // Σ|v| over all samples of the sample type
  std::vector<pprof::FunctionRow> rows;  // at most N, sorted by |flat|
  // Σ|v| of the samples whose leaf frame has no name (a location without
  // lines, or whose lines name no function; pprof shows `[libfoo.so]`).
  // ≤ total. (Not "anywhere on the stack": a thread's entry frame in a
  // stripped libstdc++ would make that every sample.)
  int64_t unnamed = 0;
  // The operations the profile covers, to show values per operation: the
  // window's total_ops for the allocation delta, ops/s × the profile's
  // duration for cpu.prof. 0 when the run's results do not say.
  double ops = 0;
};

struct TopFunctions {
  TopTable alloc_space;  // allocs-after minus allocs-before
  TopTable cpu;          // cpu.prof, its default sample type
};

// Reads the profiles in `dir`. Missing or invalid profiles do not fail: the
// table's `error` says which file and what is wrong (or, for alloc_space,
// why the delta could not be computed). Rows are computed on full names;
// unless `full_names`, each row's name is then shown as ReadableName()
// (readable_name.h), so two overloads may show as two rows of one name.
TopFunctions LoadTopFunctions(const std::string& dir, int n,
                              bool full_names = false);

}  // namespace mdbprof::report

#endif  // MDBPROF_REPORT_TOP_FUNCTIONS_H_
