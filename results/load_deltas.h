// What one load window changed, computed from the profiles captured around
// it — the one place "after minus before" is worked out for the suite's run
// (bench/), `mdbprof check` (saved_run.h) and the report's top functions.
//
//   Result<AllocDelta> allocs = ComputeAllocDelta(allocs_before, allocs_after);
//   if (allocs.ok()) bytes_per_op = allocs->bytes / ops;
//   Result<HeapChange> heap = ComputeHeapChange(heap_before, heap_after);
//
// Sums wrap on int64 overflow, as pprof's (pprof::Totals): profiles are
// untrusted input.
#ifndef MDBPROF_RESULTS_LOAD_DELTAS_H_
#define MDBPROF_RESULTS_LOAD_DELTAS_H_

#include <cstdint>

#include "base/status.h"
#include "pprof/profile.h"

namespace mdbprof::results {

// The frames of a server's own profile endpoints: Go's runtime/pprof (which
// writes every profile and starts the CPU profile), net/http/pprof and
// fasthttp's pprofhandler. What is allocated under them during the window
// is the measurement's cost, not the load's: at rate 1 a Go server spends
// ~10 MiB per window writing its profiles, a fixed sum that would make
// alloc bytes/op depend on how many operations the window held.
// (refserver's profiler does not record its own allocations.)
inline constexpr char kProfilerFrames[] =
    R"(^(runtime/pprof|net/http/pprof|github\.com/valyala/fasthttp/pprofhandler)\.)";

// The allocations made by the load: allocs-after minus allocs-before,
// without the stacks under kProfilerFrames.
struct AllocDelta {
  pprof::Profile profile;  // the difference, as `pprof -base -ignore=...`
  int64_t bytes = 0;       // Σ alloc_space
  int64_t objects = 0;     // Σ alloc_objects
  // The allocation events the profile recorded: Σ alloc_objects with the
  // sampling scale 1/(1 - exp(-avg size/period)) taken out per stack, so
  // equal to `objects` at rate 1 and the sample size behind the estimates
  // otherwise.
  int64_t samples = 0;
  int64_t profiler_bytes = 0;  // Σ alloc_space left out (kProfilerFrames)
};

// after − before. Errors (with context "allocs-after minus allocs-before")
// when the profiles do not subtract (different sample or period types), or
// NotFound naming the types present when they lack alloc_space or
// alloc_objects.
Result<AllocDelta> ComputeAllocDelta(const pprof::Profile& before,
                                     const pprof::Profile& after);

// The live heap around the load, from two heap profiles' inuse_space.
struct HeapChange {
  int64_t inuse_after_bytes = 0;
  int64_t growth_bytes = 0;  // after − before; negative when it shrank
};

// NotFound naming the types present when either profile lacks inuse_space.
Result<HeapChange> ComputeHeapChange(const pprof::Profile& before,
                                     const pprof::Profile& after);

}  // namespace mdbprof::results

#endif  // MDBPROF_RESULTS_LOAD_DELTAS_H_
