#include "bench/load/load_worker.h"

#include <thread>
#include <utility>

#include "bench/load/rpc_bodies.h"

namespace mdbprof::bench {
namespace {

constexpr auto kTransportErrorBackoff = std::chrono::milliseconds(10);

}  // namespace

LoadWorker::LoadWorker(const LoadConfig& config, int worker_id,
                       Endpoint endpoint)
    : worker_id_(worker_id),
      read_every_(config.read_every),
      stream_count_(config.stream_count),
      read_batch_size_(config.read_batch_size),
      conn_(endpoint, config.request_timeout_s),
      formatter_(endpoint.host_port, "/rpc", config.token) {
  body_.reserve(1024);
  request_.reserve(2048);
  reason_.reserve(128);
}

LoadWorker::Clock::time_point LoadWorker::RunOp(
    std::optional<Clock::time_point> intended_start) {
  const int64_t n = next_op_++;
  const bool is_read = read_every_ > 0 && (n + 1) % read_every_ == 0;
  const int stream = static_cast<int>(n % stream_count_);
  body_.clear();
  if (is_read) {
    AppendReadBody(stream, read_batch_size_, &body_);
  } else {
    AppendWriteBody(n, worker_id_, stream, &body_);
  }
  formatter_.Format(body_, &request_);

  const Clock::time_point sent = Clock::now();
  Result<HttpResponse> response = conn_.RoundTrip(request_);
  const Clock::time_point done = Clock::now();

  OpKindResult* kind = is_read ? &reads_ : &writes_;
  if (response.ok() && response->status == 200) {
    const int64_t ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                           done - intended_start.value_or(sent))
                           .count();
    ++kind->ok;
    kind->latency.Record(ns);
    interval_.Record(ns);
  } else if (response.ok()) {
    FormatErrorReason(response->status, response->body, &reason_);
    CountFailure(kind, reason_);
  } else {
    CountFailure(kind, response.status().message());
  }
  ops_.store(ops_.load(std::memory_order_relaxed) + 1,
             std::memory_order_relaxed);
  if (snapshot_wanted_.load(std::memory_order_acquire)) PublishSnapshot();
  if (!response.ok()) {
    std::this_thread::sleep_for(kTransportErrorBackoff);
    return Clock::now();
  }
  return done;
}

void LoadWorker::CountFailure(OpKindResult* kind, const std::string& reason) {
  ++kind->errors;
  errors_.store(errors_.load(std::memory_order_relaxed) + 1,
                std::memory_order_relaxed);
  auto it = errors_by_reason_.find(std::string_view(reason));
  if (it == errors_by_reason_.end()) {
    errors_by_reason_.emplace(reason, 1);
  } else {
    ++it->second;
  }
}

void LoadWorker::PublishSnapshot() {
  {
    std::lock_guard<std::mutex> lock(snapshot_mu_);
    snapshot_ = interval_;  // same size: copies without allocating
  }
  interval_.Reset();
  snapshot_wanted_.store(false, std::memory_order_relaxed);
  snapshot_generation_.fetch_add(1, std::memory_order_release);
}

void LoadWorker::MergeSnapshotInto(LatencyHistogram* into) const {
  std::lock_guard<std::mutex> lock(snapshot_mu_);
  into->Merge(snapshot_);
}

void LoadWorker::AddTo(LoadResult* result) const {
  auto add = [](const OpKindResult& from, OpKindResult* to) {
    to->ok += from.ok;
    to->errors += from.errors;
    to->latency.Merge(from.latency);
  };
  add(writes_, &result->writes);
  add(reads_, &result->reads);
  result->all.Merge(writes_.latency);
  result->all.Merge(reads_.latency);
  for (const auto& [reason, count] : errors_by_reason_) {
    result->errors_by_reason[reason] += count;
  }
  result->connections += conn_.connects();
}

}  // namespace mdbprof::bench
