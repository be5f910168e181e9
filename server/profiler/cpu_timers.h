// CPU-time timers that make the kernel send SIGPROF to whichever thread is
// consuming CPU, every `period` of CPU time, for the CPU profiler:
//
// ProcessCpuTimer — one POSIX timer on the process CPU clock
//   (timer_create(CLOCK_PROCESS_CPUTIME_ID)). Counts the CPU time of all
//   threads together, so CPU spread thinly over many threads is sampled
//   like CPU concentrated in one; si_overrun reports expirations coalesced
//   into one signal (setitimer(ITIMER_PROF) silently loses them: half the
//   samples with 40 threads busy in short bursts). Linux delivers its signal
//   to the running thread only since 6.3 (before, mostly to the main
//   thread), see ProcessTimerSignalsReachRunningThread().
// ThreadCpuTimers — one POSIX timer per thread on that thread's CPU clock
//   (timer_create + SIGEV_THREAD_ID, as Go does since 1.18), for older
//   kernels. Attribution is exact, but the kernel notices an expiry only at
//   a scheduler tick while that thread runs, so threads that each run a few
//   milliseconds are undersampled (about -12% in the same test).
//
//   ProcessCpuTimer timer;
//   MDBPROF_RETURN_IF_ERROR(timer.Start(10'000'000));
//   ... // the destructor deletes the timer
//
// Not thread-safe: one owner each.
#ifndef REFSERVER_PROFILER_CPU_TIMERS_H_
#define REFSERVER_PROFILER_CPU_TIMERS_H_

#include <sys/types.h>
#include <time.h>

#include <cstdint>
#include <random>
#include <unordered_map>

#include "base/status.h"

namespace refserver::profiler {

// True when the running kernel (Linux >= 6.3) delivers a process-wide CPU
// timer's signal to the thread that was running when it expired.
bool ProcessTimerSignalsReachRunningThread();

class ProcessCpuTimer {
 public:
  ProcessCpuTimer() = default;
  ~ProcessCpuTimer();
  ProcessCpuTimer(const ProcessCpuTimer&) = delete;
  ProcessCpuTimer& operator=(const ProcessCpuTimer&) = delete;

  // Arms SIGPROF every `period_ns` of process CPU time. REQUIRES: not
  // started; period_ns > 0. Internal error when the timer cannot be made.
  mdbprof::Status Start(int64_t period_ns);

 private:
  bool started_ = false;
  timer_t timer_{};
};

class ThreadCpuTimers {
 public:
  // REQUIRES: period_ns > 0.
  explicit ThreadCpuTimers(int64_t period_ns);
  ~ThreadCpuTimers();
  ThreadCpuTimers(const ThreadCpuTimers&) = delete;
  ThreadCpuTimers& operator=(const ThreadCpuTimers&) = delete;

  // Arms a timer for every thread in /proc/self/task that has none yet
  // (call periodically to pick up new threads). Threads that exit meanwhile
  // are skipped. Each first expiry is random in (0, period], so a thread
  // that runs c < period is sampled with probability c / period. Internal
  // error when a live thread's timer cannot be made or the task list read.
  mdbprof::Status Sync();

  size_t size() const { return timers_.size(); }

 private:
  int64_t period_ns_;
  std::mt19937_64 rng_;  // first expiries
  std::unordered_map<pid_t, timer_t> timers_;
};

}  // namespace refserver::profiler

#endif  // REFSERVER_PROFILER_CPU_TIMERS_H_
