// Metrics computed from a load window and the profiles around it, filled into
// a results::RunMetrics.
//
// Per-op numbers divide by the window's successful operations (RunMetrics
// total_ops); they are NaN when there were none.
//
//   results::RunMetrics m;
//   FillLoadMetrics(load, &m);
//   Result<results::AllocDelta> delta =
//       results::ComputeAllocDelta(allocs_before, allocs_after);
//   if (delta.ok()) FillAllocMetrics(*delta, &m);
#ifndef MDBPROF_BENCH_PROFILE_METRICS_H_
#define MDBPROF_BENCH_PROFILE_METRICS_H_

#include <cstdint>

#include "bench/load/load_runner.h"
#include "pprof/profile.h"
#include "results/load_deltas.h"
#include "results/run_metrics.h"

namespace mdbprof::bench {

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
void FillAllocMetrics(const results::AllocDelta& delta, results::RunMetrics* m);

// cpu_us_per_op, db_cpu_us_per_op, total_cpu_us_per_op from CPU time deltas
// in microseconds. REQUIRES: FillLoadMetrics was called.
void FillCpuMetrics(int64_t server_cpu_us, int64_t db_cpu_us,
                    results::RunMetrics* m);

}  // namespace mdbprof::bench

#endif  // MDBPROF_BENCH_PROFILE_METRICS_H_
