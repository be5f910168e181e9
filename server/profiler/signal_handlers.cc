#include "server/profiler/signal_handlers.h"

#include <cstring>
#include <string>

#include "server/profiler/alloc_sampler_internal.h"

namespace refserver::profiler::internal {

int ThreadStackSignal() { return SIGRTMIN + 3; }

mdbprof::Status InstallHandler(int signo,
                               void (*handler)(int, siginfo_t*, void*)) {
  struct sigaction sa;
  std::memset(&sa, 0, sizeof(sa));
  sa.sa_sigaction = handler;
  sa.sa_flags = SA_SIGINFO | SA_RESTART;
  sigemptyset(&sa.sa_mask);
  sigaddset(&sa.sa_mask, SIGPROF);
  sigaddset(&sa.sa_mask, ThreadStackSignal());
  if (sigaction(signo, &sa, nullptr) != 0) {
    return mdbprof::Internal("sigaction(" + std::to_string(signo) +
                             ") failed: " + std::strerror(errno));
  }
  return mdbprof::Status::Ok();
}

SignalHandlerScope::SignalHandlerScope() {
  ++tls_alloc_state.in_signal_handler;
}

SignalHandlerScope::~SignalHandlerScope() {
  --tls_alloc_state.in_signal_handler;
}

}  // namespace refserver::profiler::internal
