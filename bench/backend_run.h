// BackendRun: one repetition of one backend — exactly one measured load
// window on one fresh server process, with profiles captured once.
//
//   Start()    budget, scratch dir, backend provisioned, server up (ready);
//              in attach mode (config.url) only the budget and attaching to
//              the running server (attached_server.h): no scratch dir, no
//              database, nothing launched
//   Measure()  warm-up (not measured) → the before-load profiles
//              (heap-before.prof, allocs-before.prof, thread count) → CPU
//              before → the load, with cpu.prof captured from duration/3 for
//              min(10 s, duration/3) → CPU after, peak RSS → the after-load
//              profiles (heap-after.prof, allocs-after.prof, goroutine.prof)
//              → metrics, budget verdicts → load-test-results.json, README.md
//              (the profiles fetched are one table in backend_run.cc)
//   Finish()   server and database stopped (an attached server is left
//              running), scratch dir removed, files published to
//              <backend>/ when there are several repetitions
//
// Measure() sees the server only through ServerUnderTest: CPU per op and
// peak RSS come from /proc when the server has a local process, and are not
// measured otherwise; database CPU is measured only for a database this run
// provisioned.
//
// Errors in Measure() are Status values with one rule: a failure before the
// load window is measured (warm-up, a before-load profile, the load itself)
// ends the measurement and fails the repetition with that status; a later
// one (cpu.prof, an after-load profile, CPU time, the deltas, a file) is a
// capture problem — the window stays measured, every file is written and
// the repetition fails listing it. A death of the server or a database
// process (or an interrupt) during Measure() stops the load within a
// fraction of a second and fails the repetition with the process's log tail,
// whatever else failed after it. Progress goes to stderr, one line per
// phase, prefixed "[backend]".
//
// What Start() brings up comes from RepetitionSpec::factories, so a test can
// measure an in-process server and a fake backend (backend_run_test.cc).
//
//   BackendRun run(spec);
//   Status s = run.Start();
//   if (fixtures::IsSkip(s)) ...skip...; else if (!s.ok()) ...fail...;
//   RepetitionOutcome outcome = run.Measure();
//   run.Finish();
//
// Threading: call from one thread, which must outlive the run (the child
// processes are tied to it by PDEATHSIG).
#ifndef MDBPROF_BENCH_BACKEND_RUN_H_
#define MDBPROF_BENCH_BACKEND_RUN_H_

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "bench/bench_config.h"
#include "bench/run_outcomes.h"
#include "bench/server_under_test.h"
#include "fixtures/backend.h"
#include "fixtures/scratch_dir.h"
#include "fixtures/server_process.h"
#include "results/budget.h"
#include "results/run_metrics.h"

namespace mdbprof::bench {

class HttpFetcher;
class ProcessWatch;

// How Start() makes what it measures; an empty member means the real thing.
struct RunFactories {
  // A new, unprovisioned backend. Default: fixtures::MakeBackend.
  std::function<Result<std::unique_ptr<fixtures::Backend>>(
      std::string_view name)>
      make_backend;
  // Starts the server `options` describe and returns it once it is ready.
  // Default: a fixtures::ServerProcess, as a LaunchedServer. Not used in
  // attach mode.
  std::function<Result<std::unique_ptr<ServerUnderTest>>(
      const fixtures::ServerOptions& options)>
      start_server;
};

struct RepetitionSpec {
  std::string backend;
  int repetition = 1;  // 1-based
  int repetitions = 1;
  std::string run_dir;  // exists
  BenchConfig config;
  std::string default_budget_dir;                // <source>/budgets
  const std::atomic<bool>* interrupt = nullptr;  // e.g. set by SIGINT
  std::string server_binary;  // "" = fixtures::DefaultServerBinary()
  std::string side;           // A/B mode: "base" or "head" (in the label)
  RunFactories factories;     // empty members: the real backend and server
};

struct RepetitionOutcome {
  RunState state = RunState::kFailed;
  std::string message;    // why it failed or was skipped; "" when passed
  bool measured = false;  // `metrics` holds a measured window
  results::RunMetrics metrics;
};

class BackendRun {
 public:
  explicit BackendRun(RepetitionSpec spec);
  ~BackendRun();  // Finish()

  // Brings everything up. A status for which fixtures::IsSkip() holds means
  // the backend cannot run here.
  Status Start();
  // REQUIRES: Start() returned OK.
  RepetitionOutcome Measure();
  // Idempotent.
  void Finish();

  // This repetition's directory.
  const std::string& dir() const { return dir_; }

 private:
  struct Captures;

  void Say(const std::string& line) const;
  // Start() in attach mode.
  Status Attach();
  // Everything Measure() does up to the metrics: OK when the load window
  // was measured (capture problems after it go to `problems`), else why not.
  Status MeasureWindow(HttpFetcher& fetcher, HttpFetcher& cpu_fetcher,
                       const ProcessWatch& watch, Captures* c,
                       std::vector<std::string>* problems);
  void ComputeMetrics(const Captures& c, RepetitionOutcome* out,
                      std::vector<std::string>* problems);
  // Budgets, load-test-results.json, README.md and the verdict in `out`.
  void Report(const Captures& c, std::vector<std::string> problems,
              RepetitionOutcome* out);

  const RepetitionSpec spec_;
  const std::string dir_;
  std::string label_;
  std::optional<results::BudgetFile> budget_;
  std::optional<fixtures::ScratchDir> scratch_;
  std::unique_ptr<fixtures::Backend> backend_;
  std::unique_ptr<ServerUnderTest> server_;
  bool finished_ = false;
};

}  // namespace mdbprof::bench

#endif  // MDBPROF_BENCH_BACKEND_RUN_H_
