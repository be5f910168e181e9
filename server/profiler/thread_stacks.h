// Thread stacks: where every thread of the process is right now, served as
// /debug/pprof/goroutine (one sample per thread, goroutine/count = 1, labels
// `thread` = the thread's name and `tid`).
//
// Each thread is asked for its own stack: tgkill() with a dedicated
// real-time signal (internal::ThreadStackSignal(), SIGRTMIN+3) whose handler
// unwinds the interrupted context into a static slot. A thread that does not
// answer in time (it blocks the signal, or is stopped) gets a one-frame
// stack named after it. Name threads (SetCurrentThreadName) so their samples
// say what they are.
//
//   SetCurrentThreadName("http-worker");
//   mdbprof::Result<perftools::profiles::Profile> p = CollectThreadsProfile();
#ifndef REFSERVER_PROFILER_THREAD_STACKS_H_
#define REFSERVER_PROFILER_THREAD_STACKS_H_

#include <sys/types.h>

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "proto/profile.pb.h"

namespace refserver::profiler {

struct ThreadStack {
  pid_t tid = 0;
  std::string name;                  // /proc/self/task/<tid>/comm
  bool answered = false;             // false: no stack (did not answer)
  std::vector<uint64_t> call_sites;  // leaf first (see signal_unwind.h)
};

// Stacks of all threads of this process, by tid. Threads that exit during
// the capture are left out. One capture at a time (callers queue).
// Thread-safe; the caller's own stack is unwound directly.
mdbprof::Result<std::vector<ThreadStack>> CaptureThreadStacks(
    std::chrono::milliseconds answer_timeout = std::chrono::milliseconds(100));

// CaptureThreadStacks() as a symbolized goroutine-style profile.
mdbprof::Result<perftools::profiles::Profile> CollectThreadsProfile(
    std::chrono::milliseconds answer_timeout = std::chrono::milliseconds(100));

// Sets the calling thread's name (truncated to the kernel's 15 bytes).
void SetCurrentThreadName(std::string_view name);

}  // namespace refserver::profiler

#endif  // REFSERVER_PROFILER_THREAD_STACKS_H_
