// Heap profiles from the allocation sampler (alloc_sampler.h), as Go serves
// /debug/pprof/heap and /debug/pprof/allocs: sample types alloc_objects/count,
// alloc_space/bytes, inuse_objects/count, inuse_space/bytes; period_type
// space/bytes with period = the current sampling rate; values unsampled per
// stack (and per rate the samples were taken at) with Go's scaleHeapSample.
// Both kinds carry the same data since process start; kAllocs sets
// default_sample_type alloc_space.
//
//   mdbprof::Result<perftools::profiles::Profile> p =
//       CollectHeapProfile(HeapProfileKind::kAllocs);
#ifndef REFSERVER_PROFILER_HEAP_PROFILE_H_
#define REFSERVER_PROFILER_HEAP_PROFILE_H_

#include "base/status.h"
#include "proto/profile.pb.h"

namespace refserver::profiler {

enum class HeapProfileKind { kHeap, kAllocs };

// FailedPrecondition when the executable does not link the malloc hooks.
// Leading frames in operator new and std::allocator are dropped (as Go
// drops runtime.mallocgc), charging allocations to their callers. The
// profiler's own allocations are not sampled (AllocationSamplingPause).
// Thread-safe.
mdbprof::Result<perftools::profiles::Profile> CollectHeapProfile(
    HeapProfileKind kind);

}  // namespace refserver::profiler

#endif  // REFSERVER_PROFILER_HEAP_PROFILE_H_
