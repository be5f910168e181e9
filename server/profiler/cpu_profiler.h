// CPU profiler: samples every thread of the process at 100 Hz of the CPU
// time it consumes (SIGPROF from a per-thread CPU-time timer, see
// thread_cpu_timers.h; threads started during a profile are picked up
// within 20 ms) and returns a symbolized CPU profile like Go's
// /debug/pprof/profile: sample types samples/count and cpu/nanoseconds,
// period 10 ms of cpu/nanoseconds.
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

// Samples for `duration` (blocking the caller) and returns the profile.
// Errors: InvalidArgument for a non-positive duration; FailedPrecondition
// "cpu profiling already in use" while another profile runs; Internal when
// the signal handler or timer cannot be set up. Thread-safe.
mdbprof::Result<perftools::profiles::Profile> CollectCpuProfile(
    std::chrono::nanoseconds duration);

// Samples dropped because the ring was full, over the process's lifetime
// (diagnostics; each profile also reports its own as a pseudo-frame).
uint64_t CpuSamplesLost();

}  // namespace refserver::profiler

#endif  // REFSERVER_PROFILER_CPU_PROFILER_H_
