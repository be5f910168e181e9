// ProcessWatch: a thread that notices, within a fraction of a second, that
// the server or a database process died (or the user interrupted the run)
// while a measurement is under way, and tells the measurement to stop.
//
//   ProcessWatch watch({[&] { return ServerAlive(server); }}, &g_interrupted,
//                      [&] { fetcher.Cancel(); });
//   RunLoad(config, watch.stop_flag());   // ends early when the watch trips
//   if (!watch.failure().ok()) return watch.failure();
//
// Threading: checks and `on_trip` run on the watch thread; the other methods
// may be called from any thread. The destructor stops the thread.
#ifndef MDBPROF_BENCH_PROCESS_WATCH_H_
#define MDBPROF_BENCH_PROCESS_WATCH_H_

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "base/status.h"

namespace mdbprof::bench {

class ProcessWatch {
 public:
  // OK while the watched thing is healthy; otherwise why not.
  using Check = std::function<Status()>;

  // Starts watching. `interrupt` (may be null) is polled too: when it
  // becomes true the watch trips with "interrupted". `on_trip` (may be
  // empty) runs once, on the watch thread, right after the stop flag is set.
  ProcessWatch(
      std::vector<Check> checks, const std::atomic<bool>* interrupt,
      std::function<void()> on_trip,
      std::chrono::milliseconds interval = std::chrono::milliseconds(100));
  ~ProcessWatch();
  ProcessWatch(const ProcessWatch&) = delete;
  ProcessWatch& operator=(const ProcessWatch&) = delete;

  // Becomes true when the watch trips; pass to RunLoad.
  const std::atomic<bool>* stop_flag() const { return &stop_; }
  bool tripped() const { return stop_.load(); }
  // OK until the watch trips; then the first failing check's status.
  Status failure() const;

 private:
  void Loop();

  std::vector<Check> checks_;
  const std::atomic<bool>* interrupt_;
  std::function<void()> on_trip_;
  std::chrono::milliseconds interval_;

  std::atomic<bool> stop_{false};
  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool quit_ = false;  // GUARDED_BY(mu_)
  Status failure_;     // GUARDED_BY(mu_)
  std::thread thread_;
};

}  // namespace mdbprof::bench

#endif  // MDBPROF_BENCH_PROCESS_WATCH_H_
