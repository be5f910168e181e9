#include "server/api/shutdown_signals.h"

#include <pthread.h>
#include <signal.h>

namespace refserver {
namespace {

sigset_t ShutdownSet() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  return set;
}

}  // namespace

void BlockShutdownSignals() {
  sigset_t set = ShutdownSet();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

ShutdownWatcher::ShutdownWatcher(std::function<void(int)> on_signal)
    : on_signal_(std::move(on_signal)) {
  BlockShutdownSignals();  // the watcher inherits the mask either way
  thread_ = std::thread([this] {
    pthread_setname_np(pthread_self(), "signal-watcher");
    sigset_t set = ShutdownSet();
    int signal = 0;
    if (sigwait(&set, &signal) != 0) return;
    if (!closing_) on_signal_(signal);
  });
}

ShutdownWatcher::~ShutdownWatcher() {
  closing_ = true;
  // Wakes sigwait() (the signal is blocked, so it stays pending for the
  // watcher); a no-op if the thread already returned.
  pthread_kill(thread_.native_handle(), SIGTERM);
  thread_.join();
}

}  // namespace refserver
