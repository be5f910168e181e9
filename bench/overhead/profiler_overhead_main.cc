// profiler_overhead: what the reference server's profiler costs its
// throughput (issues #2 and #4).
//
//   profiler_overhead [--rounds=N] [--duration=S] [--workers=W]
//
// Each round starts the in-tree refserver (or $MDBPROF_SERVER) on a fresh
// sqlite database twice: once with profiling off (MDBPROF_MEMPROFILE_RATE=0
// and no CPU profile) and once with profiling on (the default allocation
// sampling rate and a CPU profile running over the whole measured window, as
// in a profile run). Both get one second of unmeasured warm-up, then
// `duration` seconds of the original load mix. The order alternates between
// rounds (off/on, on/off, ...) so that drift on a shared machine falls on
// both sides. Prints every window, then the medians and the ratios
// on/off of throughput and of server CPU per op.
//
// Exit status: 0 when every window ran without errors, 1 otherwise, 2 for
// bad flags or a server that did not start.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "base/status.h"
#include "bench/http_fetch.h"
#include "bench/load/load_runner.h"
#include "bench/proc_stats.h"
#include "fixtures/scratch_dir.h"
#include "fixtures/server_process.h"
#include "fixtures/sqlite_backend.h"

namespace mdbprof::bench {
namespace {

struct Options {
  int rounds = 5;
  double duration_s = 10;
  int workers = 10;
};

struct Window {
  bool profiling = false;
  double ops_per_s = 0;
  double server_cpu_us_per_op = 0;
  int64_t errors = 0;
};

// Parses --name=value flags; false (after printing why) on anything else.
bool ParseFlags(int argc, char** argv, Options& options) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const auto eq = arg.find('=');
    const std::string name = arg.substr(0, eq);
    const std::string value = eq == std::string::npos ? "" : arg.substr(eq + 1);
    char* end = nullptr;
    const double number = std::strtod(value.c_str(), &end);
    const bool numeric = !value.empty() && end && *end == '\0' && number > 0;
    if (name == "--help") {
      std::printf(
          "usage: profiler_overhead [--rounds=N] [--duration=S] "
          "[--workers=W]\n");
      std::exit(0);
    }
    if (!numeric) {
      std::fprintf(stderr,
                   "profiler_overhead: bad flag '%s' (want --rounds=N, "
                   "--duration=S or --workers=W, positive numbers)\n",
                   arg.c_str());
      return false;
    }
    if (name == "--rounds") {
      options.rounds = static_cast<int>(number);
    } else if (name == "--duration") {
      options.duration_s = number;
    } else if (name == "--workers") {
      options.workers = static_cast<int>(number);
    } else {
      std::fprintf(stderr, "profiler_overhead: unknown flag '%s'\n",
                   name.c_str());
      return false;
    }
  }
  return true;
}

// One server, one warm-up, one measured window.
Result<Window> MeasureWindow(const Options& options, bool profiling) {
  Result<fixtures::ScratchDir> scratch =
      fixtures::ScratchDir::Create("mdbprof-overhead");
  if (!scratch.ok()) return scratch.status();
  std::unique_ptr<fixtures::Backend> backend = fixtures::MakeSqliteBackend();
  MDBPROF_RETURN_IF_ERROR(backend->Provision(*scratch));

  fixtures::ServerOptions server_options;
  server_options.database = backend->Target();
  server_options.env = backend->ServerEnv();
  if (!profiling) server_options.alloc_sample_rate = 0;
  server_options.log_path = scratch->path() + "/server.log";
  Result<std::unique_ptr<fixtures::ServerProcess>> server =
      fixtures::ServerProcess::Start(server_options);
  if (!server.ok()) return server.status();

  LoadConfig load;
  load.port = (*server)->port();
  load.token = (*server)->token();
  load.workers = options.workers;
  load.progress_interval_s = 0;
  load.duration_s = 1;  // warm-up
  Result<LoadResult> warmup = RunLoad(load);
  if (!warmup.ok()) return warmup.status();

  // The CPU profile covers the whole window, like a profile run's capture.
  std::thread cpu_profile;
  HttpFetcher fetcher((*server)->host(), (*server)->port());
  if (profiling) {
    const int seconds = std::max(1, static_cast<int>(options.duration_s));
    cpu_profile = std::thread([&fetcher, seconds] {
      (void)fetcher.Get(
          "/debug/pprof/profile?seconds=" + std::to_string(seconds),
          seconds + 30);
    });
  }
  const pid_t pid = (*server)->pid();
  Result<int64_t> cpu_before = ProcessCpuMicros(pid);
  load.duration_s = options.duration_s;
  Result<LoadResult> result = RunLoad(load);
  Result<int64_t> cpu_after = ProcessCpuMicros(pid);
  if (cpu_profile.joinable()) cpu_profile.join();
  (*server)->Stop();
  if (!result.ok()) return result.status();
  if (!cpu_before.ok()) return cpu_before.status();
  if (!cpu_after.ok()) return cpu_after.status();

  Window window;
  window.profiling = profiling;
  const double ops = static_cast<double>(result->total_ops());
  window.ops_per_s = ops / result->elapsed_s;
  window.server_cpu_us_per_op =
      ops > 0 ? static_cast<double>(*cpu_after - *cpu_before) / ops : 0;
  window.errors = result->errors();
  return window;
}

double Median(std::vector<double> values) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const size_t n = values.size();
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

int Run(const Options& options) {
  std::vector<double> ops[2], cpu[2];
  int64_t errors = 0;
  std::printf("%-6s %-10s %12s %16s %8s\n", "round", "profiling", "ops/s",
              "server_cpu_us/op", "errors");
  for (int round = 0; round < options.rounds; ++round) {
    for (int k = 0; k < 2; ++k) {
      const bool profiling = (round + k) % 2 == 1;
      Result<Window> w = MeasureWindow(options, profiling);
      if (!w.ok()) {
        std::fprintf(stderr, "profiler_overhead: %s\n",
                     w.status().message().c_str());
        return 2;
      }
      ops[profiling].push_back(w->ops_per_s);
      cpu[profiling].push_back(w->server_cpu_us_per_op);
      errors += w->errors;
      std::printf("%-6d %-10s %12.0f %16.1f %8lld\n", round,
                  profiling ? "on" : "off", w->ops_per_s,
                  w->server_cpu_us_per_op, static_cast<long long>(w->errors));
      std::fflush(stdout);
    }
  }
  const double ops_off = Median(ops[0]), ops_on = Median(ops[1]);
  const double cpu_off = Median(cpu[0]), cpu_on = Median(cpu[1]);
  std::printf("median ops/s: off %.0f, on %.0f\n", ops_off, ops_on);
  std::printf("median server CPU us/op: off %.1f, on %.1f\n", cpu_off, cpu_on);
  std::printf("throughput_ratio_on_off=%.3f cpu_per_op_ratio_on_off=%.3f\n",
              ops_off > 0 ? ops_on / ops_off : 0,
              cpu_off > 0 ? cpu_on / cpu_off : 0);
  return errors == 0 ? 0 : 1;
}

}  // namespace
}  // namespace mdbprof::bench

int main(int argc, char** argv) {
  mdbprof::bench::Options options;
  if (!mdbprof::bench::ParseFlags(argc, argv, options)) return 2;
  return mdbprof::bench::Run(options);
}
