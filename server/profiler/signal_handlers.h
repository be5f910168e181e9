// Internal to server/profiler: installation of the profiler's signal
// handlers and the flags they share. Not for other callers.
#ifndef REFSERVER_PROFILER_SIGNAL_HANDLERS_H_
#define REFSERVER_PROFILER_SIGNAL_HANDLERS_H_

#include <signal.h>

#include "base/status.h"

namespace refserver::profiler::internal {

// The real-time signal that asks a thread for its stack (thread_stacks.cc).
int ThreadStackSignal();

// Installs `handler` (SA_SIGINFO | SA_RESTART) for `signo`, blocking the
// profiler's other signal while it runs. Internal error naming the signal
// when sigaction fails.
mdbprof::Status InstallHandler(int signo,
                               void (*handler)(int, siginfo_t*, void*));

// Marks the calling thread as inside a profiler signal handler for the
// lifetime of the object, so the malloc hooks can count (forbidden)
// allocations made there. Async-signal-safe.
class SignalHandlerScope {
 public:
  SignalHandlerScope();
  ~SignalHandlerScope();
  SignalHandlerScope(const SignalHandlerScope&) = delete;
  SignalHandlerScope& operator=(const SignalHandlerScope&) = delete;
};

}  // namespace refserver::profiler::internal

#endif  // REFSERVER_PROFILER_SIGNAL_HANDLERS_H_
