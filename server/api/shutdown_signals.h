// Graceful shutdown on SIGTERM/SIGINT without doing work in a signal
// handler: the signals are blocked in every thread and one watcher thread
// receives them with sigwait() and runs a callback (e.g. App::Stop).
//
//   BlockShutdownSignals();          // first thing in main, before threads
//   ShutdownWatcher watcher([&](int sig) { app->Stop(); });
//   app->Serve();                    // returns after the callback ran
//
// Threading: BlockShutdownSignals affects the calling thread and the threads
// it creates afterwards. The callback runs on the watcher thread, at most
// once. Destroying the watcher without a signal wakes and joins the thread
// without running the callback.
#ifndef REFSERVER_API_SHUTDOWN_SIGNALS_H_
#define REFSERVER_API_SHUTDOWN_SIGNALS_H_

#include <atomic>
#include <functional>
#include <thread>

namespace refserver {

// Blocks SIGINT and SIGTERM in the calling thread.
void BlockShutdownSignals();

class ShutdownWatcher {
 public:
  explicit ShutdownWatcher(std::function<void(int signal)> on_signal);
  ~ShutdownWatcher();
  ShutdownWatcher(const ShutdownWatcher&) = delete;
  ShutdownWatcher& operator=(const ShutdownWatcher&) = delete;

 private:
  std::function<void(int)> on_signal_;
  std::atomic<bool> closing_{false};
  std::thread thread_;
};

}  // namespace refserver

#endif  // REFSERVER_API_SHUTDOWN_SIGNALS_H_
