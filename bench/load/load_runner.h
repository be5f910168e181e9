// RunLoad: one window of the original load test against a MessageDB server.
//
// `workers` threads each keep one HTTP/1.1 keep-alive connection and loop:
// op n writes a TestEvent to `test-stream-{n % stream_count}` and every
// `read_every`-th op reads that stream instead (`stream.get`, position 0,
// batchSize 10). Closed loop by default (send, wait, repeat); with
// `open_loop_rate` each worker sends on a fixed schedule and latency counts
// from the intended send time (no coordinated omission); a worker that falls
// behind sends late ops back to back, and nothing is sent after the window
// (fewer ops than rate * duration then means the server could not keep up).
//
//   LoadConfig config;
//   config.port = server_port;
//   config.token = token;
//   config.duration_s = 10;
//   config.progress_label = "sqlite";
//   Result<LoadResult> r = RunLoad(config);
//   if (!r.ok()) return r.status();              // config errors only
//   double p99_ms = r->all.ValueAtPercentile(99) / 1e6;
//
// Failed operations do not fail RunLoad: they are counted per kind and by
// reason ("409 STREAM_VERSION_CONFLICT", "connect: Connection refused").
#ifndef MDBPROF_BENCH_LOAD_LOAD_RUNNER_H_
#define MDBPROF_BENCH_LOAD_LOAD_RUNNER_H_

#include <atomic>
#include <cstdint>
#include <map>
#include <string>

#include "base/status.h"
#include "bench/load/latency_histogram.h"

namespace mdbprof::bench {

struct LoadConfig {
  std::string host = "127.0.0.1";
  int port = 0;
  std::string token;  // empty: no Authorization header
  int workers = 10;
  double duration_s = 30;
  int read_every = 10;  // every Nth op is a read; 0 = writes only
  int stream_count = 100;
  int read_batch_size = 10;
  double open_loop_rate = 0;  // total ops/s over all workers; 0 = closed loop
  double progress_interval_s = 5;  // <= 0: no progress lines
  std::string progress_label;      // e.g. "sqlite"; "load" when empty
  double request_timeout_s = 10;
};

// Results of one kind of operation. Latency holds successful ops only.
struct OpKindResult {
  int64_t ok = 0;
  int64_t errors = 0;
  LatencyHistogram latency;
};

struct LoadResult {
  double elapsed_s = 0;  // start of the window until the last op finished
  OpKindResult writes, reads;
  // Failed ops by reason: "<status> <error.code>" for HTTP errors, the
  // transport error otherwise ("timeout after 10s").
  std::map<std::string, int64_t> errors_by_reason;
  LatencyHistogram all;     // writes.latency + reads.latency
  double client_cpu_s = 0;  // CPU time of the worker threads (all of them)
  int64_t connections = 0;  // TCP connections the workers opened

  // Attempted ops (successful + failed).
  int64_t total_ops() const {
    return writes.ok + writes.errors + reads.ok + reads.errors;
  }
  int64_t errors() const { return writes.errors + reads.errors; }
};

// OK, or InvalidArgument naming the first bad field.
Status ValidateLoadConfig(const LoadConfig& config);

// Runs one load window; blocks for ~duration_s (plus the last requests in
// flight). When `stop` becomes true the window ends early (within about
// 50 ms, or one request timeout for a request in flight). Errors:
// InvalidArgument for a bad config or an unresolvable host; Internal when a
// worker thread cannot be started.
Result<LoadResult> RunLoad(const LoadConfig& config,
                           const std::atomic<bool>* stop = nullptr);

}  // namespace mdbprof::bench

#endif  // MDBPROF_BENCH_LOAD_LOAD_RUNNER_H_
