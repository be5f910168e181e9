// Internal to server/profiler: the allocation sampler's per-thread state and
// the fast paths the malloc hooks inline. Not for other callers.
#ifndef REFSERVER_PROFILER_ALLOC_SAMPLER_INTERNAL_H_
#define REFSERVER_PROFILER_ALLOC_SAMPLER_INTERNAL_H_

#include <atomic>
#include <cstddef>
#include <cstdint>

namespace refserver::profiler::internal {

// Zero-initialized thread-local state; plain data so it needs no
// constructor, destructor or allocation (usable before main and at exit).
struct AllocThreadState {
  int64_t bytes_until_sample;  // countdown to the next sampled allocation
  uint64_t rng;                // xorshift state; 0 = not seeded
  uint32_t generation;         // rate generation the countdown was drawn for
  uint8_t in_sampler;          // re-entrancy guard: allocations pass through
  uint8_t in_signal_handler;   // set by the profiler's signal handlers
  uint8_t sampling_paused;     // AllocationSamplingPause depth
};

extern __thread AllocThreadState tls_alloc_state
    __attribute__((tls_model("initial-exec")));

// Bumped on every rate change; 0 until the rate has been initialized.
extern std::atomic<uint32_t> g_rate_generation;

// Counting filter over sampled live pointers, one counter per 256 bytes of
// address space (modulo 64 MiB): free() of a pointer whose counter is zero
// cannot be sampled and skips the locked lookup. Neighbouring blocks share
// a cache line of counters, so the counters of memory in use stay cached.
inline constexpr int kFilterGranuleBits = 8;
inline constexpr int kFilterBits = 18;
extern std::atomic<uint32_t> g_live_filter[1 << kFilterBits];

inline size_t FilterSlot(const void* p) {
  return (reinterpret_cast<uintptr_t>(p) >> kFilterGranuleBits) &
         ((1 << kFilterBits) - 1);
}

bool ShouldSampleSlow(size_t size) noexcept;
void NoteCallInSignalHandler() noexcept;
void FreeSlow(void* p) noexcept;

// Records `p` (of `size` bytes) with the current stack, trimmed so that it
// starts at `return_address` (the allocating function's return address).
// Drops the sample if the sampler itself runs out of memory.
void RecordAllocation(void* p, size_t size,
                      const void* return_address) noexcept;

// True when the allocation of `size` bytes just made should be sampled.
inline bool ShouldSample(size_t size) noexcept {
  AllocThreadState& t = tls_alloc_state;
  if (__builtin_expect(t.in_signal_handler != 0, 0)) NoteCallInSignalHandler();
  if (__builtin_expect(
          t.generation == g_rate_generation.load(std::memory_order_relaxed),
          1)) {
    t.bytes_until_sample -= static_cast<int64_t>(size);
    if (t.bytes_until_sample > 0) return false;
  }
  return ShouldSampleSlow(size);
}

// Call before the memory at `p` is released (non-null `p`).
inline void OnFree(void* p) noexcept {
  if (__builtin_expect(tls_alloc_state.in_signal_handler != 0, 0)) {
    NoteCallInSignalHandler();
  }
  if (g_live_filter[FilterSlot(p)].load(std::memory_order_relaxed) == 0) return;
  FreeSlow(p);
}

}  // namespace refserver::profiler::internal

#endif  // REFSERVER_PROFILER_ALLOC_SAMPLER_INTERNAL_H_
