#include "server/profiler/thread_cpu_timers.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>

#include <cstdlib>
#include <cstring>
#include <string>

namespace refserver::profiler {
namespace {

// The kernel's CPU clock id of thread `tid` (glibc's MAKE_THREAD_CPUCLOCK
// with CPUCLOCK_SCHED): the clock pthread_getcpuclockid() would return.
clockid_t ThreadCpuClock(pid_t tid) {
  return static_cast<clockid_t>((~static_cast<unsigned>(tid) << 3) | 4 | 2);
}

}  // namespace

ThreadCpuTimers::~ThreadCpuTimers() {
  for (auto& [tid, timer] : timers_) timer_delete(timer);
}

mdbprof::Status ThreadCpuTimers::Sync() {
  DIR* dir = opendir("/proc/self/task");
  if (dir == nullptr) {
    return mdbprof::Internal("cannot open /proc/self/task: " +
                             std::string(std::strerror(errno)));
  }
  mdbprof::Status status;
  while (dirent* e = readdir(dir)) {
    char* end = nullptr;
    long tid = std::strtol(e->d_name, &end, 10);
    if (end == e->d_name || *end != '\0' || tid <= 0) continue;
    if (timers_.count(tid) != 0) continue;
    sigevent sev;
    std::memset(&sev, 0, sizeof(sev));
    sev.sigev_notify = SIGEV_THREAD_ID;
    sev.sigev_signo = SIGPROF;
    sev._sigev_un._tid = static_cast<pid_t>(tid);
    timer_t timer;
    if (timer_create(ThreadCpuClock(tid), &sev, &timer) != 0) {
      // EINVAL: the thread exited after it was listed.
      if (errno != EINVAL && status.ok()) {
        status =
            mdbprof::Internal("timer_create for thread " + std::to_string(tid) +
                              " failed: " + std::strerror(errno));
      }
      continue;
    }
    itimerspec spec{};
    spec.it_interval.tv_sec = period_ns_ / 1'000'000'000;
    spec.it_interval.tv_nsec = period_ns_ % 1'000'000'000;
    spec.it_value = spec.it_interval;
    if (timer_settime(timer, 0, &spec, nullptr) != 0) {
      timer_delete(timer);
      continue;  // The thread exited.
    }
    timers_.emplace(tid, timer);
  }
  closedir(dir);
  return status;
}

}  // namespace refserver::profiler
