// LoadWorker: one load thread's state and its hot path (one operation per
// RunOp call). RunLoad drives one LoadWorker per thread; tests drive one
// directly to check the op mix and that the hot path does not allocate.
//
//   LoadWorker w(config, /*worker_id=*/0, endpoint);
//   while (Now() < end) w.RunOp(std::nullopt);     // closed loop
//   w.AddTo(&result);
//
// Threading: RunOp/AddTo/connects() on the owning thread only. Progress
// reporting from another thread goes through ops()/errors() (atomic) and
// RequestSnapshot()/TakeSnapshot(), which never block the owner for longer
// than copying one histogram.
#ifndef MDBPROF_BENCH_LOAD_LOAD_WORKER_H_
#define MDBPROF_BENCH_LOAD_LOAD_WORKER_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "bench/load/http_connection.h"
#include "bench/load/http_request.h"
#include "bench/load/latency_histogram.h"
#include "bench/load/load_runner.h"

namespace mdbprof::bench {

class LoadWorker {
 public:
  using Clock = std::chrono::steady_clock;

  // REQUIRES: ValidateLoadConfig(config).ok().
  LoadWorker(const LoadConfig& config, int worker_id, Endpoint endpoint);
  LoadWorker(const LoadWorker&) = delete;
  LoadWorker& operator=(const LoadWorker&) = delete;

  // Performs the next operation (number op_count()) and records its outcome.
  // Latency counts from `intended_start` when given (open loop), else from
  // the actual send. After a transport error (no HTTP answer) it sleeps
  // 10 ms so a dead server is not hammered. Returns the completion time.
  // No heap allocation once buffers and the connection are warm, except
  // when recording a failure reason seen for the first time or a transport
  // error's message.
  Clock::time_point RunOp(std::optional<Clock::time_point> intended_start);

  int64_t op_count() const { return next_op_; }
  int64_t connects() const { return conn_.connects(); }

  // Adds this worker's counters, histograms and reasons to *result.
  void AddTo(LoadResult* result) const;

  // Progress, from any thread.
  int64_t ops() const { return ops_.load(std::memory_order_relaxed); }
  int64_t errors() const { return errors_.load(std::memory_order_relaxed); }
  // Asks the owner to publish the latencies recorded since its previous
  // publication; it does so after its current op.
  void RequestSnapshot() {
    snapshot_wanted_.store(true, std::memory_order_release);
  }
  // Publications so far; changes when a requested snapshot is ready.
  int64_t snapshot_generation() const {
    return snapshot_generation_.load(std::memory_order_acquire);
  }
  // Merges the latest published snapshot into *into.
  void MergeSnapshotInto(LatencyHistogram* into) const;

 private:
  void CountFailure(OpKindResult* kind, const std::string& reason);
  void PublishSnapshot();

  const int worker_id_;
  const int read_every_;
  const int stream_count_;
  const int read_batch_size_;
  HttpConnection conn_;
  HttpPostFormatter formatter_;
  std::string body_;     // reused per op
  std::string request_;  // reused per op
  std::string reason_;   // reused per failure
  int64_t next_op_ = 0;

  OpKindResult writes_, reads_;
  std::map<std::string, int64_t, std::less<>> errors_by_reason_;
  LatencyHistogram interval_;  // since the last published snapshot

  std::atomic<int64_t> ops_{0};
  std::atomic<int64_t> errors_{0};
  std::atomic<bool> snapshot_wanted_{false};
  std::atomic<int64_t> snapshot_generation_{0};
  mutable std::mutex snapshot_mu_;
  LatencyHistogram snapshot_;  // guarded by snapshot_mu_
};

}  // namespace mdbprof::bench

#endif  // MDBPROF_BENCH_LOAD_LOAD_WORKER_H_
