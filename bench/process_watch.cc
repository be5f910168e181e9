#include "bench/process_watch.h"

namespace mdbprof::bench {

ProcessWatch::ProcessWatch(std::vector<Check> checks,
                           const std::atomic<bool>* interrupt,
                           std::function<void()> on_trip,
                           std::chrono::milliseconds interval)
    : checks_(std::move(checks)),
      interrupt_(interrupt),
      on_trip_(std::move(on_trip)),
      interval_(interval),
      thread_([this] { Loop(); }) {}

ProcessWatch::~ProcessWatch() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    quit_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

Status ProcessWatch::failure() const {
  std::lock_guard<std::mutex> lock(mu_);
  return failure_;
}

void ProcessWatch::Loop() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!quit_) {
    Status bad;
    if (interrupt_ != nullptr && interrupt_->load()) {
      bad = Unavailable("interrupted");
    } else {
      lock.unlock();
      for (const Check& check : checks_) {
        bad = check();
        if (!bad.ok()) break;
      }
      lock.lock();
    }
    if (!bad.ok()) {
      failure_ = bad;
      stop_ = true;
      lock.unlock();
      if (on_trip_) on_trip_();
      return;
    }
    cv_.wait_for(lock, interval_, [this] { return quit_; });
  }
}

}  // namespace mdbprof::bench
