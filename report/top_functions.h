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
};

struct TopFunctions {
  TopTable alloc_space;  // allocs-after minus allocs-before
  TopTable cpu;          // cpu.prof, its default sample type
};

// Reads the profiles in `dir`. Missing or invalid profiles do not fail: the
// table's `error` says which file and what is wrong (or, for alloc_space,
// why the delta could not be computed).
TopFunctions LoadTopFunctions(const std::string& dir, int n);

}  // namespace mdbprof::report

#endif  // MDBPROF_REPORT_TOP_FUNCTIONS_H_
