#include "server/profiler/cpu_timers.h"

#include <errno.h>
#include <signal.h>
#include <sys/utsname.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>

#include "server/profiler/proc_tasks.h"

namespace refserver::profiler {
namespace {

// The kernel's CPU clock id of thread `tid` (glibc's MAKE_THREAD_CPUCLOCK
// with CPUCLOCK_SCHED): the clock pthread_getcpuclockid() would return.
clockid_t ThreadCpuClock(pid_t tid) {
  return static_cast<clockid_t>((~static_cast<unsigned>(tid) << 3) | 4 | 2);
}

itimerspec Spec(int64_t first_ns, int64_t period_ns) {
  itimerspec spec{};
  spec.it_interval.tv_sec = period_ns / 1'000'000'000;
  spec.it_interval.tv_nsec = period_ns % 1'000'000'000;
  spec.it_value.tv_sec = first_ns / 1'000'000'000;
  spec.it_value.tv_nsec = first_ns % 1'000'000'000;
  return spec;
}

mdbprof::Status ErrnoError(const std::string& what) {
  return mdbprof::Internal(what + " failed: " + std::strerror(errno));
}

}  // namespace

bool ProcessTimerSignalsReachRunningThread() {
  utsname u{};
  if (uname(&u) != 0) return false;
  int major = 0, minor = 0;
  if (std::sscanf(u.release, "%d.%d", &major, &minor) != 2) return false;
  return major > 6 || (major == 6 && minor >= 3);
}

ProcessCpuTimer::~ProcessCpuTimer() {
  if (started_) timer_delete(timer_);
}

mdbprof::Status ProcessCpuTimer::Start(int64_t period_ns) {
  sigevent sev;
  std::memset(&sev, 0, sizeof(sev));
  sev.sigev_notify = SIGEV_SIGNAL;
  sev.sigev_signo = SIGPROF;
  if (timer_create(CLOCK_PROCESS_CPUTIME_ID, &sev, &timer_) != 0) {
    return ErrnoError("timer_create(CLOCK_PROCESS_CPUTIME_ID)");
  }
  started_ = true;
  itimerspec spec = Spec(period_ns, period_ns);
  if (timer_settime(timer_, 0, &spec, nullptr) != 0) {
    return ErrnoError("timer_settime");
  }
  return mdbprof::Status::Ok();
}

ThreadCpuTimers::ThreadCpuTimers(int64_t period_ns)
    : period_ns_(period_ns),
      rng_(static_cast<uint64_t>(
          std::chrono::steady_clock::now().time_since_epoch().count())) {}

ThreadCpuTimers::~ThreadCpuTimers() {
  for (auto& [tid, timer] : timers_) timer_delete(timer);
}

mdbprof::Status ThreadCpuTimers::Sync() {
  mdbprof::Status status;
  bool listed = ForEachThread([&](pid_t tid) {
    if (timers_.count(tid) != 0) return;
    sigevent sev;
    std::memset(&sev, 0, sizeof(sev));
    sev.sigev_notify = SIGEV_THREAD_ID;
    sev.sigev_signo = SIGPROF;
    sev._sigev_un._tid = tid;
    timer_t timer;
    if (timer_create(ThreadCpuClock(tid), &sev, &timer) != 0) {
      // EINVAL: the thread exited after it was listed.
      if (errno != EINVAL && status.ok()) {
        status = ErrnoError("timer_create for thread " + std::to_string(tid));
      }
      return;
    }
    int64_t first = 1 + static_cast<int64_t>(rng_() % period_ns_);
    itimerspec spec = Spec(first, period_ns_);
    if (timer_settime(timer, 0, &spec, nullptr) != 0) {
      timer_delete(timer);
      return;  // The thread exited.
    }
    timers_.emplace(tid, timer);
  });
  if (!listed) return ErrnoError("reading /proc/self/task");
  return status;
}

}  // namespace refserver::profiler
