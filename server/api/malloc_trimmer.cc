#include "server/api/malloc_trimmer.h"

#include <malloc.h>
#include <pthread.h>

#include <utility>

namespace refserver {

MallocTrimmer::MallocTrimmer(std::chrono::milliseconds interval,
                             std::function<void()> trim)
    : interval_(interval), trim_(std::move(trim)) {
  thread_ = std::thread([this] { Run(); });
  pthread_setname_np(thread_.native_handle(), "malloc-trim");
}

MallocTrimmer::~MallocTrimmer() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void MallocTrimmer::TrimMallocArenas() { malloc_trim(0); }

void MallocTrimmer::Run() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!wake_.wait_for(lock, interval_, [this] { return stop_; })) {
    lock.unlock();
    trim_();
    lock.lock();
  }
}

}  // namespace refserver
