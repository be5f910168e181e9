// The profile benchmarks: one benchmark per backend, registered with the
// public benchmark::RegisterBenchmark() and named "profile/<backend>", run as
// ->Iterations(1)->Repetitions(R)->UseManualTime()->Unit(kMicrosecond).
//
// Each repetition is one BackendRun: SetUp (thread 0) provisions the backend
// and starts a fresh server; the single iteration is exactly one measured
// load window, whose manual time is the window per operation (duration /
// total ops = 1 / ops_per_sec), so real_time in the JSON is a number that
// compare.py and dashboards can compare; TearDown stops it all. Metrics become
// counters, so --benchmark_out JSON carries them. A failed or skipped
// repetition calls SkipWithError (which does not change the exit code) and is
// recorded in the context's RunOutcomes, from which main() takes the exit code.
// Backends come from fixtures::KnownBackends(): adding a backend to the
// fixtures registry adds its benchmark.
//
// A/B mode (config.base_server set, see ab_schedule.h): per backend one
// benchmark per window, "profile/<backend>/base" and ".../head" alternately,
// each ->Iterations(1)->Repetitions(1), so Google Benchmark's JSON holds R
// runs of each name (which compare.py treats as repetitions).
//
//   BenchContext context{.config = *config};
//   RegisterBackendBenchmarks(&context);
//   benchmark::RunSpecifiedBenchmarks();
//   return context.outcomes.ExitCode();
#ifndef MDBPROF_BENCH_BACKEND_BENCHMARK_H_
#define MDBPROF_BENCH_BACKEND_BENCHMARK_H_

#include <atomic>
#include <mutex>
#include <optional>
#include <string>

#include "base/status.h"
#include "bench/bench_config.h"
#include "bench/run_outcomes.h"

namespace mdbprof::bench {

// State shared by the benchmarks of one profile_bench invocation.
struct BenchContext {
  BenchConfig config;  // config.run_dir: "" = create a run dir on first use
  std::string default_budget_dir;
  RunOutcomes outcomes;
  std::atomic<bool> interrupted{false};  // set by SIGINT/SIGTERM

  // The run directory: config.run_dir (created if missing), else a new
  // timestamped one under config.out_dir, made on the first call (so a run
  // that selects nothing leaves no empty directory). Thread-safe.
  Result<std::string> RunDir();

 private:
  std::mutex mu_;
  std::optional<Result<std::string>> run_dir_;  // GUARDED_BY(mu_)
};

// "profile/<backend>".
std::string BenchmarkName(const std::string& backend);

// Registers a benchmark for every backend in context->config.backends.
// `context` must outlive benchmark::RunSpecifiedBenchmarks().
void RegisterBackendBenchmarks(BenchContext* context);

}  // namespace mdbprof::bench

#endif  // MDBPROF_BENCH_BACKEND_BENCHMARK_H_
