// NamedThreadPool: cpp-httplib's task queue with a fixed number of worker
// threads named "<prefix>-<n>" (pthread names show up in thread profiles,
// `top -H` and debuggers).
//
//   server.new_task_queue = [] { return new NamedThreadPool(64, "http"); };
//
// cpp-httplib runs one whole keep-alive connection per task, so the pool
// size bounds the number of concurrently served connections; more wait in
// the queue. Threading: Enqueue is safe from any thread; shutdown() drains
// the queue and joins the workers.
#ifndef REFSERVER_API_NAMED_THREAD_POOL_H_
#define REFSERVER_API_NAMED_THREAD_POOL_H_

#include <httplib.h>

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace refserver {

class NamedThreadPool : public httplib::TaskQueue {
 public:
  // REQUIRES: threads >= 1. Names are truncated to 15 bytes (Linux limit).
  NamedThreadPool(int threads, std::string prefix);
  ~NamedThreadPool() override;

  void enqueue(std::function<void()> task) override;
  void shutdown() override;

 private:
  void Work();

  std::mutex mu_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> tasks_;  // guarded by mu_
  bool stopping_ = false;                    // guarded by mu_
  std::vector<std::thread> workers_;
};

}  // namespace refserver

#endif  // REFSERVER_API_NAMED_THREAD_POOL_H_
