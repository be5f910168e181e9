// CPU profiler: samples the threads of the process at 100 Hz of the CPU
// time they consume (SIGPROF from a CPU-time timer, see cpu_timers.h) and
// returns a symbolized CPU profile like Go's /debug/pprof/profile: sample
// types samples/count and cpu/nanoseconds, period 10 ms of cpu/nanoseconds.
// A signal that stands for several coalesced periods (si_overrun) counts as
// that many samples.
//
// The SIGPROF handler unwinds the interrupted context with libunwind into a
// lock-free ring of static storage (no allocation, no locks); the calling
// thread drains the ring while it waits. The handler stays installed after
// the first profile (a late signal must never find the default action,
// which would kill the process); it does nothing between profiles.
//
//   mdbprof::Result<perftools::profiles::Profile> p =
//       CollectCpuProfile(std::chrono::seconds(30));
//
// Only one CPU profile runs at a time; others fail at once (as in Go). The
// process must not use SIGPROF for anything else.
#ifndef REFSERVER_PROFILER_CPU_PROFILER_H_
#define REFSERVER_PROFILER_CPU_PROFILER_H_

#include <chrono>
#include <cstdint>

#include "base/status.h"
#include "proto/profile.pb.h"

namespace refserver::profiler {

inline constexpr int kCpuProfileHz = 100;
inline constexpr int64_t kCpuProfilePeriodNs = 1'000'000'000 / kCpuProfileHz;

enum class CpuTimerMode {
  kAuto,       // kProcess where the kernel supports it (Linux >= 6.3)
  kProcess,    // one process-wide CPU timer (ProcessCpuTimer)
  kPerThread,  // a timer per thread (ThreadCpuTimers); threads started
               // during the profile are picked up within 20 ms
};

// Samples for `duration` (blocking the caller) and returns the profile.
// Errors: InvalidArgument for a non-positive duration; FailedPrecondition
// "cpu profiling already in use" while another profile runs; Internal when
// the signal handler or timer cannot be set up. Thread-safe. The calling
// thread's allocations are not sampled meanwhile (AllocationSamplingPause).
mdbprof::Result<perftools::profiles::Profile> CollectCpuProfile(
    std::chrono::nanoseconds duration, CpuTimerMode mode = CpuTimerMode::kAuto);

// Samples dropped because the ring was full, over the process's lifetime
// (diagnostics; each profile also reports its own as a pseudo-frame).
uint64_t CpuSamplesLost();

}  // namespace refserver::profiler

#endif  // REFSERVER_PROFILER_CPU_PROFILER_H_
