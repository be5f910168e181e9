// Metrics computed from a load window and the profiles around it, filled into
// a results::RunMetrics.
//
// Per-op numbers divide by the window's successful operations (RunMetrics
// total_ops); they are NaN when there were none.
//
//   results::RunMetrics m;
//   FillLoadMetrics(load, &m);
//   Result<AllocDelta> delta = ComputeAllocDelta(allocs_before, allocs_after);
//   if (delta.ok()) FillAllocMetrics(*delta, &m);
#ifndef MDBPROF_BENCH_PROFILE_METRICS_H_
#define MDBPROF_BENCH_PROFILE_METRICS_H_

#include <cstdint>
#include <string_view>

#include "base/status.h"
#include "bench/load/load_runner.h"
#include "pprof/profile.h"
#include "results/run_metrics.h"

namespace mdbprof::bench {

// What happened between two allocation profiles (after minus before).
struct AllocDelta {
  pprof::Profile profile;  // the difference, as `pprof -base`
  int64_t bytes = 0;       // Σ alloc_space
  int64_t objects = 0;     // Σ alloc_objects
  int64_t samples = 0;     // samples with a non-zero alloc_space/objects
};

// after − before. Errors when the profiles do not subtract (different sample
// types) or lack alloc_space/alloc_objects.
Result<AllocDelta> ComputeAllocDelta(const pprof::Profile& before,
                                     const pprof::Profile& after);

// Σv over all samples of the sample type `type`; NotFound naming the type and
// the types present when the profile lacks it.
Result<int64_t> SampleTypeSum(const pprof::Profile& profile,
                              std::string_view type);

// The allocation sampling rate an allocs/heap profile shows: its `period`
// (Go's runtime.MemProfileRate and refserver's rate are written there), 1
// meaning every allocation was recorded; 0 when the profile shows none.
int64_t ShownAllocSampleRate(const pprof::Profile& profile);

// Threads/goroutines in a goroutine profile: Σ of its first sample type.
int64_t GoroutineCount(const pprof::Profile& profile);

// Counts, rates, latencies and duration from the load window.
void FillLoadMetrics(const LoadResult& load, results::RunMetrics* m);

// alloc_bytes_per_op, allocs_per_op, alloc_samples.
// REQUIRES: FillLoadMetrics was called (for total_ops).
void FillAllocMetrics(const AllocDelta& delta, results::RunMetrics* m);

// cpu_us_per_op, db_cpu_us_per_op, total_cpu_us_per_op from CPU time deltas
// in microseconds. REQUIRES: FillLoadMetrics was called.
void FillCpuMetrics(int64_t server_cpu_us, int64_t db_cpu_us,
                    results::RunMetrics* m);

}  // namespace mdbprof::bench

#endif  // MDBPROF_BENCH_PROFILE_METRICS_H_
