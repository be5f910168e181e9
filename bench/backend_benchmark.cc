#include "bench/backend_benchmark.h"

#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>

#include "bench/ab_schedule.h"
#include "bench/backend_run.h"
#include "bench/run_dir.h"
#include "fixtures/backend.h"
#include "results/run_metrics.h"

namespace mdbprof::bench {
namespace {

std::string FirstLine(const std::string& text) {
  return text.substr(0, text.find('\n'));
}

void SetCounters(const results::RunMetrics& m, benchmark::State& state) {
  for (const results::MetricInfo& info : results::MetricCatalog()) {
    Result<std::optional<double>> v = results::MetricValue(m, info.name);
    if (v.ok() && v->has_value()) {
      state.counters[std::string(info.name)] = benchmark::Counter(**v);
    }
  }
}

// The iteration's time: the load window per operation (duration / total
// ops, the inverse of the throughput), so Google Benchmark's real_time —
// what compare.py and benchmark dashboards compare — is a performance
// number rather than the constant window length.
double SecondsPerOp(const results::RunMetrics& m) {
  return m.total_ops > 0 ? m.duration_s / static_cast<double>(m.total_ops)
                         : m.duration_s;
}

// One registered benchmark: Run() is called once per repetition and does
// what a benchmark::Fixture would (SetUp, the timed loop, TearDown), so the
// benchmark can be registered through the public RegisterBenchmark().
class BackendBenchmark {
 public:
  // `slot`: A/B mode's one window (side and repetition), else none.
  BackendBenchmark(std::string backend, BenchContext* context,
                   std::optional<AbSlot> slot = std::nullopt)
      : backend_(std::move(backend)), context_(context), slot_(slot) {}

  // "profile/<backend>", plus "/base" or "/head" in A/B mode.
  std::string Name() const {
    std::string name = BenchmarkName(backend_);
    if (slot_) name += "/" + std::string(AbSideName(slot_->side));
    return name;
  }

  void Run(benchmark::State& state) {
    SetUp(state);
    BenchmarkCase(state);
    TearDown(state);
  }

 private:
  void SetUp(benchmark::State& state) {
    if (state.thread_index() != 0) return;
    repetition_ = slot_ ? slot_->index : repetition_ + 1;
    run_.reset();
    if (context_->interrupted) return Fail(state, "interrupted");
    Result<std::string> run_dir = context_->RunDir();
    if (!run_dir.ok()) return Fail(state, run_dir.status().message());
    RepetitionSpec spec;
    spec.backend = backend_;
    spec.repetition = repetition_;
    spec.repetitions = context_->config.repetitions;
    spec.run_dir = *run_dir;
    if (slot_) {  // A/B mode: <run>/base or <run>/head
      spec.run_dir = AbSideDir(*run_dir, slot_->side);
      spec.side = std::string(AbSideName(slot_->side));
      if (slot_->side == AbSide::kBase) {
        spec.server_binary = context_->config.base_server;
      }
    }
    spec.config = context_->config;
    spec.default_budget_dir = context_->default_budget_dir;
    spec.interrupt = &context_->interrupted;
    run_ = std::make_unique<BackendRun>(std::move(spec));
    Status s = run_->Start();
    if (s.ok()) return;
    if (fixtures::IsSkip(s)) {
      fprintf(stderr, "[%s] SKIPPED: %s\n", backend_.c_str(),
              s.message().c_str());
      context_->outcomes.Record(
          {backend_, repetition_, RunState::kSkipped, s.message()});
      state.SkipWithError(("skipped: " + FirstLine(s.message())).c_str());
      return;
    }
    Fail(state, s.message());
  }

  void TearDown(benchmark::State& state) {
    if (state.thread_index() != 0) return;
    if (run_) run_->Finish();
    run_.reset();
  }

  // The single iteration: one measured load window (none when SetUp
  // skipped the benchmark).
  void BenchmarkCase(benchmark::State& state) {
    for (auto _ : state) {
      RepetitionOutcome out = run_->Measure();
      state.SetIterationTime(out.measured ? SecondsPerOp(out.metrics) : 0);
      if (out.measured) SetCounters(out.metrics, state);
      if (out.state == RunState::kFailed && slot_ && out.measured) {
        // A/B mode: the gate judges budgets over every window of both sides
        // (JudgeAbRun), so a window over a limit is only reported here and
        // keeps its counters in Google Benchmark's JSON.
        fprintf(stderr, "[%s %s] over budget (window %d of %d): %s\n",
                backend_.c_str(), std::string(AbSideName(slot_->side)).c_str(),
                repetition_, context_->config.repetitions, out.message.c_str());
        context_->outcomes.Record(
            {backend_, repetition_, out.state, out.message});
      } else if (out.state == RunState::kFailed) {
        Fail(state, out.message);
      } else {
        context_->outcomes.Record({backend_, repetition_, out.state, ""});
      }
    }
  }

  // Prints a gtest-style failure to stderr, records it and marks the run.
  void Fail(benchmark::State& state, const std::string& message) {
    const std::string side =
        slot_ ? " " + std::string(AbSideName(slot_->side)) : "";
    fprintf(stderr, "[%s%s] FAILED (repetition %d of %d): %s\n",
            backend_.c_str(), side.c_str(), repetition_,
            context_->config.repetitions, message.c_str());
    fflush(stderr);
    context_->outcomes.Record(
        {backend_, repetition_, RunState::kFailed, message});
    state.SkipWithError(FirstLine(message).c_str());
  }

  const std::string backend_;
  BenchContext* const context_;
  const std::optional<AbSlot> slot_;
  int repetition_ = 0;
  std::unique_ptr<BackendRun> run_;
};

// Registers `b` under its name; Google Benchmark calls it once per
// repetition.
auto* Register(std::shared_ptr<BackendBenchmark> b) {
  const std::string name = b->Name();
  return benchmark::RegisterBenchmark(
      name.c_str(), [b](benchmark::State& state) { b->Run(state); });
}

}  // namespace

Result<std::string> BenchContext::RunDir() {
  std::lock_guard<std::mutex> lock(mu_);
  if (!run_dir_) {
    if (!config.run_dir.empty()) {
      std::error_code ec;
      std::filesystem::create_directories(config.run_dir, ec);
      run_dir_ = ec ? Result<std::string>(Unavailable(
                          "cannot create run directory '" + config.run_dir +
                          "' (MDBPROF_RUN_DIR): " + ec.message()))
                    : Result<std::string>(config.run_dir);
    } else {
      run_dir_ = CreateRunDir(config.out_dir, std::chrono::system_clock::now());
    }
  }
  return *run_dir_;
}

std::string BenchmarkName(const std::string& backend) {
  return "profile/" + backend;
}

void RegisterBackendBenchmarks(BenchContext* context) {
  if (!context->config.base_server.empty()) {
    // A/B mode: one benchmark per window, in the order of AbSchedule().
    for (const std::string& backend : context->config.backends) {
      for (const AbSlot& slot : AbSchedule(context->config.repetitions)) {
        Register(std::make_shared<BackendBenchmark>(backend, context, slot))
            ->Iterations(1)
            ->Repetitions(1)
            ->UseManualTime()
            ->Unit(benchmark::kMicrosecond);
      }
    }
    return;
  }
  for (const std::string& backend : context->config.backends) {
    Register(std::make_shared<BackendBenchmark>(backend, context))
        ->Iterations(1)
        ->Repetitions(context->config.repetitions)
        ->UseManualTime()
        ->Unit(benchmark::kMicrosecond);
  }
}

}  // namespace mdbprof::bench
