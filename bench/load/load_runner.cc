#include "bench/load/load_runner.h"

#include <time.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <memory>
#include <system_error>
#include <thread>
#include <vector>

#include "bench/load/http_connection.h"
#include "bench/load/load_worker.h"

namespace mdbprof::bench {
namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kStopPollInterval = std::chrono::milliseconds(50);
constexpr auto kSnapshotWait = std::chrono::milliseconds(100);

// Stop conditions shared by the worker threads and the progress loop.
struct StopFlags {
  const std::atomic<bool>* external;
  std::atomic<bool> internal{false};
  bool Stopped() const {
    return internal.load(std::memory_order_relaxed) ||
           (external != nullptr && external->load(std::memory_order_relaxed));
  }
};

// Sleeps until `t`, waking every kStopPollInterval to check `stop`.
// Returns false when stopped first.
bool SleepUntil(Clock::time_point t, const StopFlags& stop) {
  for (;;) {
    if (stop.Stopped()) return false;
    const Clock::time_point now = Clock::now();
    if (now >= t) return true;
    std::this_thread::sleep_until(std::min(t, now + kStopPollInterval));
  }
}

double ThreadCpuSeconds() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

Clock::duration Seconds(double s) {
  return std::chrono::duration_cast<Clock::duration>(
      std::chrono::duration<double>(s));
}

// Runs one worker's loop; returns the thread's CPU seconds.
double WorkerMain(LoadWorker* worker, const LoadConfig& config, int index,
                  Clock::time_point start, Clock::time_point end,
                  const StopFlags& stop) {
  const double cpu_start = ThreadCpuSeconds();
  if (config.open_loop_rate > 0) {
    // Worker `index` sends at start + (index / workers + i) * interval.
    const double interval_s = config.workers / config.open_loop_rate;
    const double offset_s = interval_s * index / config.workers;
    for (int64_t i = 0;; ++i) {
      const Clock::time_point intended =
          start + Seconds(offset_s + i * interval_s);
      if (intended >= end || !SleepUntil(intended, stop)) break;
      if (Clock::now() >= end) break;  // behind schedule: drop the rest
      worker->RunOp(intended);
    }
  } else {
    Clock::time_point now = Clock::now();
    while (now < end && !stop.Stopped()) now = worker->RunOp(std::nullopt);
  }
  return ThreadCpuSeconds() - cpu_start;
}

std::string FormatLatency(int64_t ns) {
  char text[32];
  if (ns < 1'000'000) {
    std::snprintf(text, sizeof(text), "%.0fus", ns / 1e3);
  } else if (ns < 1'000'000'000) {
    std::snprintf(text, sizeof(text), "%.1fms", ns / 1e6);
  } else {
    std::snprintf(text, sizeof(text), "%.2fs", ns / 1e9);
  }
  return text;
}

// Prints a progress line every config.progress_interval_s until the window
// ends or `stop` is set: cumulative ops and errors, ops/s and p99 over the
// last interval.
void ReportProgress(const LoadConfig& config,
                    const std::vector<std::unique_ptr<LoadWorker>>& workers,
                    Clock::time_point start, Clock::time_point end,
                    const StopFlags& stop) {
  const bool enabled = config.progress_interval_s > 0;
  const std::string label =
      config.progress_label.empty() ? "load" : config.progress_label;
  LatencyHistogram interval_latency;
  std::vector<int64_t> generations(workers.size());
  Clock::time_point next_tick =
      enabled ? start + Seconds(config.progress_interval_s) : end;
  Clock::time_point prev_time = start;
  int64_t prev_ops = 0;
  for (;;) {
    if (!SleepUntil(std::min(next_tick, end), stop)) return;
    if (Clock::now() >= end) return;

    for (size_t i = 0; i < workers.size(); ++i) {
      generations[i] = workers[i]->snapshot_generation();
      workers[i]->RequestSnapshot();
    }
    const Clock::time_point wait_until = Clock::now() + kSnapshotWait;
    auto published = [&](size_t i) {
      return workers[i]->snapshot_generation() != generations[i];
    };
    for (size_t i = 0; i < workers.size(); ++i) {
      while (!published(i) && Clock::now() < wait_until) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
      }
    }
    interval_latency.Reset();
    int64_t ops = 0, errors = 0;
    for (size_t i = 0; i < workers.size(); ++i) {
      if (published(i)) workers[i]->MergeSnapshotInto(&interval_latency);
      ops += workers[i]->ops();
      errors += workers[i]->errors();
    }
    const Clock::time_point now = Clock::now();
    const double since_start =
        std::chrono::duration<double>(now - start).count();
    const double since_prev =
        std::chrono::duration<double>(now - prev_time).count();
    const std::string p99 =
        interval_latency.Count() == 0
            ? "-"
            : FormatLatency(interval_latency.ValueAtPercentile(99));
    std::fprintf(stderr,
                 "[%s] %.1fs/%gs  ops=%lld  ops/s=%.0f  errors=%lld  p99=%s\n",
                 label.c_str(), since_start, config.duration_s,
                 static_cast<long long>(ops),
                 since_prev > 0 ? (ops - prev_ops) / since_prev : 0.0,
                 static_cast<long long>(errors), p99.c_str());
    prev_ops = ops;
    prev_time = now;
    next_tick += Seconds(config.progress_interval_s);
  }
}

}  // namespace

Status ValidateLoadConfig(const LoadConfig& c) {
  auto positive = [](double v) { return std::isfinite(v) && v > 0; };
  if (c.host.empty()) return InvalidArgument("LoadConfig.host is empty");
  if (c.port < 1 || c.port > 65535) {
    return InvalidArgument("LoadConfig.port must be in 1..65535, got " +
                           std::to_string(c.port));
  }
  if (c.workers <= 0 || c.workers > 10000) {
    return InvalidArgument("LoadConfig.workers must be in 1..10000, got " +
                           std::to_string(c.workers));
  }
  if (!positive(c.duration_s)) {
    return InvalidArgument(
        "LoadConfig.duration_s must be a positive number of seconds, got " +
        std::to_string(c.duration_s));
  }
  if (c.read_every < 0) {
    return InvalidArgument("LoadConfig.read_every must be >= 0, got " +
                           std::to_string(c.read_every));
  }
  if (c.stream_count <= 0) {
    return InvalidArgument("LoadConfig.stream_count must be > 0, got " +
                           std::to_string(c.stream_count));
  }
  if (c.read_batch_size <= 0) {
    return InvalidArgument("LoadConfig.read_batch_size must be > 0, got " +
                           std::to_string(c.read_batch_size));
  }
  if (!std::isfinite(c.open_loop_rate) || c.open_loop_rate < 0) {
    return InvalidArgument(
        "LoadConfig.open_loop_rate must be >= 0 ops/s (0 = closed loop), "
        "got " +
        std::to_string(c.open_loop_rate));
  }
  if (!positive(c.request_timeout_s)) {
    return InvalidArgument(
        "LoadConfig.request_timeout_s must be a positive number of seconds, "
        "got " +
        std::to_string(c.request_timeout_s));
  }
  return Status::Ok();
}

Result<LoadResult> RunLoad(const LoadConfig& config,
                           const std::atomic<bool>* stop) {
  MDBPROF_RETURN_IF_ERROR(ValidateLoadConfig(config));
  Result<Endpoint> endpoint = ResolveEndpoint(config.host, config.port);
  if (!endpoint.ok()) return endpoint.status().WithContext("LoadConfig.host");

  std::vector<std::unique_ptr<LoadWorker>> workers;
  for (int i = 0; i < config.workers; ++i) {
    workers.push_back(std::make_unique<LoadWorker>(config, i, *endpoint));
  }
  StopFlags flags{stop};
  std::vector<double> cpu_s(workers.size(), 0.0);
  std::vector<std::thread> threads;
  const Clock::time_point start = Clock::now();
  const Clock::time_point end = start + Seconds(config.duration_s);
  Status spawn_error;
  for (int i = 0; i < config.workers; ++i) {
    try {
      threads.emplace_back([&, i] {
        cpu_s[i] = WorkerMain(workers[i].get(), config, i, start, end, flags);
      });
    } catch (const std::system_error& e) {
      spawn_error =
          Internal(std::string("cannot start worker thread: ") + e.what());
      flags.internal.store(true);
      break;
    }
  }
  if (spawn_error.ok()) ReportProgress(config, workers, start, end, flags);
  for (std::thread& t : threads) t.join();
  if (!spawn_error.ok()) return spawn_error;

  LoadResult result;
  result.elapsed_s =
      std::chrono::duration<double>(Clock::now() - start).count();
  for (size_t i = 0; i < workers.size(); ++i) {
    workers[i]->AddTo(&result);
    result.client_cpu_s += cpu_s[i];
  }
  return result;
}

}  // namespace mdbprof::bench
