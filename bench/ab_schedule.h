// A/B mode: profile_bench with a base server (MDBPROF_BASE_SERVER or
// --base_server) measures every backend on the base and the head server
// alternately — base 1, head 1, base 2, head 2, ... — on one machine in one
// run, so that drift of a noisy machine falls on both sides alike. The head
// server is the usual one (MDBPROF_SERVER, else the in-tree refserver).
// `repetitions` counts per side (default kAbRepetitions).
//
// Each side is a complete run directory of its own, in the layout of
// bench/run_dir.h, so `mdbprof report` and `mdbprof compare` take them as
// they are:
//
//   <run>/base/<backend>/repetitions/<k>/...   (k = 1..R)
//   <run>/head/<backend>/repetitions/<k>/...
//
// The run ends with `mdbprof compare <run>/base <run>/head` (see
// ab_verdict.h).
//
//   for (const AbSlot& slot : AbSchedule(3)) ...  // base 1, head 1, ...
#ifndef MDBPROF_BENCH_AB_SCHEDULE_H_
#define MDBPROF_BENCH_AB_SCHEDULE_H_

#include <string>
#include <string_view>
#include <vector>

namespace mdbprof::bench {

enum class AbSide { kBase, kHead };

// "base" or "head".
std::string_view AbSideName(AbSide side);

// One measured window of A/B mode.
struct AbSlot {
  AbSide side;
  int index;  // 1-based repetition of that side
};

// The windows of one backend in the order they run: base 1, head 1, base 2,
// head 2, ..., `repetitions_per_side` of each. REQUIRES: >= 1.
std::vector<AbSlot> AbSchedule(int repetitions_per_side);

// `<run_dir>/base` or `<run_dir>/head`.
std::string AbSideDir(const std::string& run_dir, AbSide side);

}  // namespace mdbprof::bench

#endif  // MDBPROF_BENCH_AB_SCHEDULE_H_
