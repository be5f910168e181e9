// ThreadCpuTimers: one POSIX timer per thread of the process, on that
// thread's own CPU-time clock, each sending SIGPROF to its thread every
// `period` of CPU it consumes (timer_create + SIGEV_THREAD_ID, as Go does
// since 1.18). Unlike setitimer(ITIMER_PROF), whose single process-wide
// timer loses expirations when several threads run at once, every thread's
// CPU time is sampled, and si_overrun reports expirations coalesced into
// one signal.
//
//   ThreadCpuTimers timers(10'000'000);
//   MDBPROF_RETURN_IF_ERROR(timers.Sync());  // arm all current threads
//   ... periodically: (void)timers.Sync();   // and threads started since
//   // the destructor deletes every timer
//
// Not thread-safe: one owner.
#ifndef REFSERVER_PROFILER_THREAD_CPU_TIMERS_H_
#define REFSERVER_PROFILER_THREAD_CPU_TIMERS_H_

#include <sys/types.h>
#include <time.h>

#include <cstdint>
#include <unordered_map>

#include "base/status.h"

namespace refserver::profiler {

class ThreadCpuTimers {
 public:
  explicit ThreadCpuTimers(int64_t period_ns) : period_ns_(period_ns) {}
  ~ThreadCpuTimers();
  ThreadCpuTimers(const ThreadCpuTimers&) = delete;
  ThreadCpuTimers& operator=(const ThreadCpuTimers&) = delete;

  // Arms a timer for every thread in /proc/self/task that has none yet.
  // Threads that exit meanwhile are skipped. Internal error when a timer
  // cannot be created for a live thread or the task list cannot be read.
  mdbprof::Status Sync();

  // Number of threads armed so far.
  size_t size() const { return timers_.size(); }

 private:
  int64_t period_ns_;
  std::unordered_map<pid_t, timer_t> timers_;
};

}  // namespace refserver::profiler

#endif  // REFSERVER_PROFILER_THREAD_CPU_TIMERS_H_
