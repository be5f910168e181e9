// SampleRing: a bounded multi-producer, single-consumer queue of raw stacks
// whose Push() is async-signal-safe (lock-free, no allocation), so signal
// handlers on any thread can hand samples to one draining thread.
//
//   static SampleRing<4096> ring;       // static storage: never freed
//   ring.Reset();                       // once, before any Push()
//   // in a signal handler:
//   ring.Push(tag, weight, raw, n);     // false when full (sample lost)
//   // on the consumer thread:
//   while (ring.Pop([&](uint32_t tag, uint32_t weight, const uint64_t* raw,
//                       int n) {...})) {}
#ifndef REFSERVER_PROFILER_SAMPLE_RING_H_
#define REFSERVER_PROFILER_SAMPLE_RING_H_

#include <atomic>
#include <cstddef>
#include <cstdint>

#include "server/profiler/signal_unwind.h"

namespace refserver::profiler {

// kCapacity must be a power of two. The object holds all slot memory inline;
// give it static storage so a late signal handler never touches freed memory.
template <size_t kCapacity>
class SampleRing {
  static_assert(kCapacity >= 2 && (kCapacity & (kCapacity - 1)) == 0,
                "capacity must be a power of two");

 public:
  // Empties the ring. REQUIRES: no Push() or Pop() runs concurrently.
  void Reset() {
    for (size_t i = 0; i < kCapacity; ++i) {
      slots_[i].seq.store(i, std::memory_order_relaxed);
    }
    head_ = 0;
    tail_.store(0, std::memory_order_release);
  }

  // Copies raw[0..n) (n clipped to kMaxStackDepth) with `tag` and `weight`
  // into a free slot. Returns false when the ring is full.
  // Async-signal-safe; any thread.
  bool Push(uint32_t tag, uint32_t weight, const uint64_t* raw, int n) {
    if (n > kMaxStackDepth) n = kMaxStackDepth;
    if (n < 0) n = 0;
    uint64_t pos = tail_.load(std::memory_order_relaxed);
    Slot* slot;
    for (;;) {
      slot = &slots_[pos & (kCapacity - 1)];
      uint64_t seq = slot->seq.load(std::memory_order_acquire);
      int64_t dif = static_cast<int64_t>(seq - pos);
      if (dif == 0) {
        if (tail_.compare_exchange_weak(pos, pos + 1,
                                        std::memory_order_relaxed)) {
          break;
        }
      } else if (dif < 0) {
        return false;  // Full: the consumer has not freed this slot yet.
      } else {
        pos = tail_.load(std::memory_order_relaxed);
      }
    }
    slot->tag = tag;
    slot->weight = weight;
    slot->depth = n;
    for (int i = 0; i < n; ++i) slot->raw[i] = raw[i];
    slot->seq.store(pos + 1, std::memory_order_release);
    return true;
  }

  // Calls fn(tag, weight, raw, n) for the oldest complete sample and frees its
  // slot. Returns false when no complete sample is at the head. REQUIRES: a
  // single consumer thread at a time.
  template <typename Fn>
  bool Pop(Fn&& fn) {
    Slot& slot = slots_[head_ & (kCapacity - 1)];
    if (slot.seq.load(std::memory_order_acquire) != head_ + 1) return false;
    fn(slot.tag, slot.weight, static_cast<const uint64_t*>(slot.raw),
       static_cast<int>(slot.depth));
    slot.seq.store(head_ + kCapacity, std::memory_order_release);
    ++head_;
    return true;
  }

 private:
  struct Slot {
    std::atomic<uint64_t> seq{0};
    uint32_t tag = 0;
    uint32_t weight = 0;
    uint32_t depth = 0;
    uint64_t raw[kMaxStackDepth] = {};
  };

  Slot slots_[kCapacity];
  std::atomic<uint64_t> tail_{0};
  uint64_t head_ = 0;  // Consumer-only.
};

}  // namespace refserver::profiler

#endif  // REFSERVER_PROFILER_SAMPLE_RING_H_
