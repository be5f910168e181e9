// Allocation sampler: the data behind /debug/pprof/heap and /allocs.
//
// When an executable links refserver_malloc_hooks (malloc_hooks.cc), every
// malloc/calloc/realloc/memalign/posix_memalign/aligned_alloc/valloc/pvalloc
// and free in the process passes through here — operator new, SQLite,
// RocksDB and libpq allocate with malloc, so this covers them all. Sampling
// is Go's: each thread counts allocated bytes down from a distance drawn
// from an exponential distribution with mean `rate`; the allocation that
// crosses zero is sampled (its stack and size recorded). Sampled pointers
// are remembered so that free() moves them out of the in-use totals.
//
// The rate comes from MDBPROF_MEMPROFILE_RATE (bytes; 1 = every allocation,
// 0 = off; default 524288) unless SetMemProfileRate() overrides it; a bad
// value is refused at start (CheckMemProfileRateEnv), never ignored.
//
//   SetMemProfileRate(1);                       // exact counts (tests)
//   std::vector<AllocationBucket> b = SnapshotAllocationBuckets();
//   auto [objects, bytes] = UnsampleHeap(b[0].alloc_count,
//                                        b[0].alloc_bytes, MemProfileRate());
//
// Thread-safe; usable before main and during exit.
#ifndef REFSERVER_PROFILER_ALLOC_SAMPLER_H_
#define REFSERVER_PROFILER_ALLOC_SAMPLER_H_

#include <cstdint>
#include <utility>
#include <vector>

#include "base/status.h"

namespace refserver::profiler {

inline constexpr int64_t kDefaultMemProfileRate = 524288;
inline constexpr char kMemProfileRateEnv[] = "MDBPROF_MEMPROFILE_RATE";

// The rate MDBPROF_MEMPROFILE_RATE = `text` asks for: kDefaultMemProfileRate
// when `text` is null or empty, else `text` as a decimal integer >= 0.
// Otherwise InvalidArgument naming the variable and the value
// ("MDBPROF_MEMPROFILE_RATE='junk': expected ...").
mdbprof::Result<int64_t> ParseMemProfileRate(const char* text);

// OK when this process's MDBPROF_MEMPROFILE_RATE is unset or valid; else
// ParseMemProfileRate's error. The sampler reads the variable before main
// and, unable to fail there, falls back to the default on a bad value:
// a program linking the hooks calls this first and refuses to start.
mdbprof::Status CheckMemProfileRateEnv();

// The current sampling rate in bytes (0 = off, 1 = every allocation).
int64_t MemProfileRate();

// Sets the rate for all threads (takes effect at each thread's next
// allocation). Negative values are treated as 0. Samples are kept apart by
// the rate they were taken at, so each is unsampled correctly.
void SetMemProfileRate(int64_t rate);

// True when malloc_hooks.cc is linked into this executable.
bool MallocHooksLinked();

// Totals of the sampled allocations made from one stack at one rate.
struct AllocationBucket {
  std::vector<uint64_t> stack;  // return addresses, the allocating function's
                                // caller frame first (see signal_unwind.h)
  int64_t rate = 0;             // sampling rate the samples were taken at
  int64_t alloc_count = 0;      // sampled allocations
  int64_t alloc_bytes = 0;
  int64_t free_count = 0;  // of those, freed since
  int64_t free_bytes = 0;
};

// A consistent copy of all buckets (since the process started).
std::vector<AllocationBucket> SnapshotAllocationBuckets();

// Go's scaleHeapSample: estimates the true {count, bytes} behind `count`
// samples totalling `bytes` taken at `rate`: both multiplied by
// 1 / (1 - exp(-avg / rate)), avg = bytes / count. Unchanged for rate <= 1.
std::pair<int64_t, int64_t> UnsampleHeap(int64_t count, int64_t bytes,
                                         int64_t rate);

// While an object lives, allocations made by the calling thread are not
// sampled (frees of sampled blocks are still tracked). The profiler pauses
// itself while it collects and encodes a profile, so that its own memory
// (symbol tables, profile buffers) stays out of allocation profiles and the
// per-operation numbers measured from them. Nests.
class AllocationSamplingPause {
 public:
  AllocationSamplingPause();
  ~AllocationSamplingPause();
  AllocationSamplingPause(const AllocationSamplingPause&) = delete;
  AllocationSamplingPause& operator=(const AllocationSamplingPause&) = delete;
};

// Number of malloc-family calls (including free) made inside the
// profiler's own signal handlers since start: must stay 0.
uint64_t AllocationsInProfilerSignalHandlers();

}  // namespace refserver::profiler

#endif  // REFSERVER_PROFILER_ALLOC_SAMPLER_H_
