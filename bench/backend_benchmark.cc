#include "bench/backend_benchmark.h"

#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>

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

class BackendBenchmark : public benchmark::Fixture {
 public:
  BackendBenchmark(std::string backend, BenchContext* context)
      : backend_(std::move(backend)), context_(context) {
    SetName(BenchmarkName(backend_).c_str());
  }

  void SetUp(benchmark::State& state) override {
    if (state.thread_index() != 0) return;
    ++repetition_;
    run_.reset();
    if (context_->interrupted) return Fail(state, "interrupted");
    Result<std::string> run_dir = context_->RunDir();
    if (!run_dir.ok()) return Fail(state, run_dir.status().message());
    RepetitionSpec spec;
    spec.backend = backend_;
    spec.repetition = repetition_;
    spec.repetitions = context_->config.repetitions;
    spec.run_dir = *run_dir;
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

  void TearDown(benchmark::State& state) override {
    if (state.thread_index() != 0) return;
    if (run_) run_->Finish();
    run_.reset();
  }

 protected:
  void BenchmarkCase(benchmark::State& state) override {
    for (auto _ : state) {
      RepetitionOutcome out = run_->Measure();
      state.SetIterationTime(out.measured ? out.metrics.duration_s : 0);
      if (out.measured) SetCounters(out.metrics, state);
      if (out.state == RunState::kFailed) {
        Fail(state, out.message);
      } else {
        context_->outcomes.Record({backend_, repetition_, out.state, ""});
      }
    }
  }

 private:
  // Prints a gtest-style failure to stderr, records it and marks the run.
  void Fail(benchmark::State& state, const std::string& message) {
    fprintf(stderr, "[%s] FAILED (repetition %d of %d): %s\n", backend_.c_str(),
            repetition_, context_->config.repetitions, message.c_str());
    fflush(stderr);
    context_->outcomes.Record(
        {backend_, repetition_, RunState::kFailed, message});
    state.SkipWithError(FirstLine(message).c_str());
  }

  const std::string backend_;
  BenchContext* const context_;
  int repetition_ = 0;
  std::unique_ptr<BackendRun> run_;
};

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
  for (const std::string& backend : context->config.backends) {
    benchmark::internal::RegisterBenchmarkInternal(
        new BackendBenchmark(backend, context))
        ->Iterations(1)
        ->Repetitions(context->config.repetitions)
        ->UseManualTime()
        ->Unit(benchmark::kSecond);
  }
}

}  // namespace mdbprof::bench
