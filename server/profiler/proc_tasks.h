// ForEachThread: the thread ids of this process, read from /proc/self/task
// with getdents64 into a stack buffer — no allocation, so profilers can poll
// it often without showing up in allocation profiles.
//
//   std::vector<pid_t> tids;
//   if (!ForEachThread([&](pid_t tid) { tids.push_back(tid); })) ...
#ifndef REFSERVER_PROFILER_PROC_TASKS_H_
#define REFSERVER_PROFILER_PROC_TASKS_H_

#include <dirent.h>
#include <fcntl.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>

#include <cstddef>

namespace refserver::profiler {

// Calls fn(tid) once per thread listed when the directory is read. Returns
// false when /proc/self/task cannot be opened or read.
template <typename Fn>
bool ForEachThread(Fn&& fn) {
  int fd = open("/proc/self/task", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return false;
  alignas(8) char buf[4096];
  bool ok = true;
  for (;;) {
    long n = syscall(SYS_getdents64, fd, buf, sizeof(buf));
    if (n <= 0) {
      ok = n == 0;
      break;
    }
    for (long off = 0; off < n;) {
      auto* d = reinterpret_cast<struct dirent64*>(buf + off);
      off += d->d_reclen;
      pid_t tid = 0;
      const char* c = d->d_name;
      for (; *c >= '0' && *c <= '9'; ++c) tid = tid * 10 + (*c - '0');
      if (*c == '\0' && tid > 0) fn(tid);
    }
  }
  close(fd);
  return ok;
}

}  // namespace refserver::profiler

#endif  // REFSERVER_PROFILER_PROC_TASKS_H_
