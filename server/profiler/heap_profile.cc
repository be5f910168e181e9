#include "server/profiler/heap_profile.h"

#include <chrono>
#include <string>
#include <vector>

#include "server/profiler/alloc_sampler.h"
#include "server/profiler/profile_builder.h"
#include "server/profiler/signal_unwind.h"

namespace refserver::profiler {
namespace {

// The allocator's entry points and the standard library's allocator glue,
// so that allocations are charged to the code that asked for the memory.
bool IsAllocatorFrame(const std::string& function) {
  for (const char* prefix :
       {"operator new", "std::__new_allocator<", "std::allocator<",
        "std::allocator_traits<", "__gnu_cxx::new_allocator<"}) {
    if (function.rfind(prefix, 0) == 0) return true;
  }
  return false;
}

}  // namespace

mdbprof::Result<perftools::profiles::Profile> CollectHeapProfile(
    HeapProfileKind kind) {
  if (!MallocHooksLinked()) {
    return mdbprof::FailedPrecondition(
        "allocation profiling is not available: the executable does not "
        "link refserver_malloc_hooks");
  }
  AllocationSamplingPause pause;  // The profiler's memory is not profiled.
  int64_t now_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  int64_t rate = MemProfileRate();
  std::vector<AllocationBucket> buckets = SnapshotAllocationBuckets();
  ProfileBuilder builder({{"alloc_objects", "count"},
                          {"alloc_space", "bytes"},
                          {"inuse_objects", "count"},
                          {"inuse_space", "bytes"}},
                         {"space", "bytes"}, rate);
  builder.SetTime(now_ns, 0);
  if (kind == HeapProfileKind::kAllocs) {
    builder.SetDefaultSampleType("alloc_space");
  }
  builder.SetLeafFilter(IsAllocatorFrame);
  std::vector<uint64_t> sites;
  for (const AllocationBucket& b : buckets) {
    auto [alloc_objects, alloc_space] =
        UnsampleHeap(b.alloc_count, b.alloc_bytes, b.rate);
    auto [inuse_objects, inuse_space] = UnsampleHeap(
        b.alloc_count - b.free_count, b.alloc_bytes - b.free_bytes, b.rate);
    if (alloc_objects == 0 && alloc_space == 0) continue;
    sites.clear();
    ToCallSites(b.stack.data(), static_cast<int>(b.stack.size()), &sites);
    builder.AddSample(sites,
                      {alloc_objects, alloc_space, inuse_objects, inuse_space});
  }
  return builder.Build();
}

}  // namespace refserver::profiler
