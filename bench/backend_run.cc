#include "bench/backend_run.h"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include "bench/attached_server.h"
#include "bench/budget_selection.h"
#include "bench/cpu_capture.h"
#include "bench/http_fetch.h"
#include "bench/launched_server.h"
#include "bench/load/load_runner.h"
#include "bench/proc_stats.h"
#include "bench/process_watch.h"
#include "bench/profile_metrics.h"
#include "bench/run_dir.h"
#include "bench/run_readme.h"
#include "fixtures/readiness.h"
#include "pprof/profile.h"
#include "results/verdict.h"

namespace mdbprof::bench {
namespace {

namespace fs = std::filesystem;

constexpr double kCaptureTimeoutS = 60;

// The files a repetition writes; removed first when a directory is reused.
constexpr const char* kRunFiles[] = {
    "server.log", "heap-before.prof", "allocs-before.prof", "cpu.prof",
    "heap-after.prof", "allocs-after.prof", "goroutine.prof",
    "load-test-results.json", "README.md",
    // Backend extras (Backend::WriteExtraFiles).
    "postgres.log", "timescale.log", "pebble-disk-usage.txt",
    "pebble-namespace-count.txt"};

std::string Fixed(double v, int decimals) {
  char buf[64];
  snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

Result<pprof::Profile> CaptureProfile(HttpFetcher& fetcher,
                                      const std::string& path, double timeout_s,
                                      const std::string& file) {
  Result<std::string> bytes = fetcher.Get(path, timeout_s);
  if (!bytes.ok()) return bytes.status();
  MDBPROF_RETURN_IF_ERROR(WriteFile(file, *bytes));
  Result<pprof::Profile> profile = pprof::ParseProfile(*bytes);
  if (!profile.ok()) return profile.status().WithContext(file);
  return profile;
}

}  // namespace

// What Measure() collected; members are empty/kNotMeasured until captured.
struct BackendRun::Captures {
  std::optional<pprof::Profile> heap_before, allocs_before, heap_after,
      allocs_after, goroutine_after, cpu;
  int64_t goroutines_before = results::kNotMeasured;
  int64_t server_cpu_before = 0, db_cpu_before = 0;
  int64_t server_cpu_after = 0, db_cpu_after = 0;
  bool cpu_measured = false;
  int64_t rss = results::kNotMeasured;
  std::optional<AllocDelta> alloc_delta;  // allocs-after minus allocs-before
  std::optional<LoadResult> load;
  std::string timestamp;
  int cpu_profile_s = 0;
};

BackendRun::BackendRun(RepetitionSpec spec)
    : spec_(std::move(spec)),
      dir_(BackendDir(spec_.run_dir, spec_.backend, spec_.repetition,
                      spec_.repetitions)) {
  label_ = "[" + spec_.backend;
  if (!spec_.side.empty()) label_ += " " + spec_.side;
  if (spec_.repetitions > 1) {
    label_ += " " + std::to_string(spec_.repetition) + "/" +
              std::to_string(spec_.repetitions);
  }
  label_ += "]";
}

BackendRun::~BackendRun() { Finish(); }

void BackendRun::Say(const std::string& line) const {
  fprintf(stderr, "%s %s\n", label_.c_str(), line.c_str());
  fflush(stderr);
}

Status BackendRun::Start() {
  Result<results::BudgetFile> budget =
      SelectBudget(spec_.backend, spec_.config.budgets_path,
                   fixtures::ServerOverriddenByEnv() || spec_.config.url,
                   spec_.default_budget_dir);
  if (!budget.ok()) return budget.status();
  budget_ = std::move(*budget);

  std::error_code ec;
  fs::create_directories(dir_, ec);
  if (ec) {
    return Unavailable("cannot create '" + dir_ + "': " + ec.message());
  }
  for (const char* name : kRunFiles) fs::remove(fs::path(dir_) / name, ec);
  if (spec_.config.url) return Attach();

  Result<fixtures::ScratchDir> scratch = fixtures::ScratchDir::Create();
  if (!scratch.ok()) return scratch.status();
  scratch_.emplace(std::move(*scratch));

  Result<std::unique_ptr<fixtures::Backend>> backend =
      fixtures::MakeBackend(spec_.backend);
  if (!backend.ok()) return backend.status();
  backend_ = std::move(*backend);
  const auto provision_start = std::chrono::steady_clock::now();
  MDBPROF_RETURN_IF_ERROR(backend_->Provision(*scratch_));
  Say("database up in " +
      Fixed(std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                          provision_start)
                .count(),
            2) +
      "s");

  fixtures::ServerOptions options;
  options.binary = spec_.server_binary;
  options.database = backend_->Target();
  options.alloc_sample_rate = spec_.config.alloc_sample_rate;
  if (!spec_.config.server_kind.empty()) {
    Result<const fixtures::ServerKind*> kind =
        fixtures::ServerKindByName(spec_.config.server_kind);
    if (!kind.ok()) return kind.status();
    options.kind = *kind;
  }
  options.env = backend_->ServerEnv();
  options.log_path = dir_ + "/server.log";
  options.ready_deadline = std::chrono::milliseconds(
      static_cast<int64_t>(spec_.config.ready_timeout_s * 1000));
  Result<std::unique_ptr<fixtures::ServerProcess>> server =
      fixtures::ServerProcess::Start(options);
  if (!server.ok()) return server.status();
  launched_ = server->get();
  server_ = std::make_unique<LaunchedServer>(std::move(*server));
  Say("server up in " + Fixed(launched_->startup_seconds(), 2) + "s (pid " +
      std::to_string(launched_->pid()) + ", port " +
      std::to_string(launched_->port()) + ")");
  return Status::Ok();
}

Status BackendRun::Attach() {
  AttachOptions options;
  options.url = *spec_.config.url;
  options.ready_timeout_s = spec_.config.ready_timeout_s;
  options.pid = spec_.config.attach_pid;
  options.kind_name = spec_.config.server_kind;
  options.interrupt = spec_.interrupt;
  Result<std::unique_ptr<AttachedServer>> server =
      AttachedServer::Attach(options);
  if (!server.ok()) return server.status();
  server_ = std::move(*server);
  if (spec_.config.alloc_sample_rate) {
    Say("note: MDBPROF_MEMPROFILE_RATE has no effect in attach mode (the "
        "server is already running); the rate its profile shows is recorded");
  }
  std::optional<pid_t> pid = server_->local_pid();
  Say("attached to " + server_->attached_url() +
      (pid ? " (local process " + std::to_string(*pid) + ", " +
                 server_->binary() + ": CPU and RSS from /proc)"
           : " (CPU per op and RSS not measured: " +
                 server_->not_local_reason() + ")") +
      "; database CPU not measured");
  return Status::Ok();
}

Status BackendRun::CaptureBefore(HttpFetcher& fetcher, Captures* c) {
  Say("capturing heap-before.prof, allocs-before.prof, thread count");
  Result<pprof::Profile> heap =
      CaptureProfile(fetcher, "/debug/pprof/heap?gc=1", kCaptureTimeoutS,
                     dir_ + "/heap-before.prof");
  if (!heap.ok()) return heap.status();
  c->heap_before = std::move(*heap);
  Result<pprof::Profile> allocs =
      CaptureProfile(fetcher, "/debug/pprof/allocs?gc=1", kCaptureTimeoutS,
                     dir_ + "/allocs-before.prof");
  if (!allocs.ok()) return allocs.status();
  c->allocs_before = std::move(*allocs);
  Result<std::string> goroutines =
      fetcher.Get("/debug/pprof/goroutine", kCaptureTimeoutS);
  if (!goroutines.ok()) return goroutines.status();
  Result<pprof::Profile> parsed = pprof::ParseProfile(*goroutines);
  if (!parsed.ok()) return parsed.status().WithContext("goroutine profile");
  c->goroutines_before = GoroutineCount(*parsed);
  return Status::Ok();
}

void BackendRun::CaptureAfter(HttpFetcher& fetcher, Captures* c,
                              std::vector<std::string>* problems) {
  Say("capturing heap-after.prof, allocs-after.prof, goroutine.prof");
  struct Item {
    const char* path;
    const char* file;
    std::optional<pprof::Profile>* into;
  };
  const Item items[] = {
      {"/debug/pprof/heap?gc=1", "heap-after.prof", &c->heap_after},
      {"/debug/pprof/allocs?gc=1", "allocs-after.prof", &c->allocs_after},
      {"/debug/pprof/goroutine", "goroutine.prof", &c->goroutine_after}};
  for (const Item& item : items) {
    Result<pprof::Profile> p = CaptureProfile(
        fetcher, item.path, kCaptureTimeoutS, dir_ + "/" + item.file);
    if (p.ok()) {
      *item.into = std::move(*p);
    } else {
      problems->push_back(std::string(item.file) + ": " + p.status().message());
    }
  }
}

void BackendRun::ComputeMetrics(const Captures& c, RepetitionOutcome* out,
                                std::vector<std::string>* problems) {
  results::RunMetrics& m = out->metrics;
  m.config.backend = spec_.backend;
  m.config.workers = spec_.config.workers;
  m.config.warmup_s = spec_.config.warmup_s;
  m.config.read_every = spec_.config.read_every;
  m.config.server_binary = server_->binary();
  m.config.server_version =
      FetchServerVersion(server_->host(), server_->port());
  // What the profile shows, never what was asked for: exactness is judged
  // from it (report/compare.cc).
  m.config.alloc_sample_rate =
      c.allocs_after ? ShownAllocSampleRate(*c.allocs_after) : 0;
  m.config.server_kind = server_->kind_name();
  m.config.server_url = server_->attached_url();
  m.config.cores = static_cast<int>(std::thread::hardware_concurrency());
  m.timestamp = c.timestamp;
  FillLoadMetrics(*c.load, &m);
  out->measured = true;

  if (c.alloc_delta) FillAllocMetrics(*c.alloc_delta, &m);
  if (c.cpu_measured) {
    FillCpuMetrics(c.server_cpu_after - c.server_cpu_before,
                   c.db_cpu_after - c.db_cpu_before, &m);
    if (!backend_) {  // attach mode: the database is not ours to see
      m.db_cpu_us_per_op = results::kNaN;
      m.total_cpu_us_per_op = results::kNaN;
    }
  }
  if (c.heap_before && c.heap_after) {
    Result<int64_t> before = SampleTypeSum(*c.heap_before, "inuse_space");
    Result<int64_t> after = SampleTypeSum(*c.heap_after, "inuse_space");
    if (before.ok() && after.ok()) {
      m.heap_inuse_after_bytes = *after;
      m.heap_growth_bytes = *after - *before;
    } else {
      problems->push_back("heap: " +
                          (before.ok() ? after : before).status().message());
    }
  }
  m.goroutines_before = c.goroutines_before;
  if (c.goroutine_after)
    m.goroutines_after = GoroutineCount(*c.goroutine_after);
  m.server_rss_max_bytes = c.rss;
}

RepetitionOutcome BackendRun::Measure() {
  RepetitionOutcome out;
  const BenchConfig& cfg = spec_.config;
  HttpFetcher fetcher(server_->host(), server_->port());
  HttpFetcher cpu_fetcher(server_->host(), server_->port());
  std::vector<ProcessWatch::Check> checks = {
      [this] { return server_->CheckAlive(); }};
  if (backend_) checks.push_back([this] { return backend_->CheckAlive(); });
  ProcessWatch watch(std::move(checks), spec_.interrupt, [&] {
    fetcher.Cancel();
    cpu_fetcher.Cancel();
  });
  auto fail = [&](const Status& s) {
    out.state = RunState::kFailed;
    out.message = watch.tripped() ? watch.failure().message() : s.message();
    return out;
  };

  LoadConfig load;
  load.host = server_->host();
  load.port = server_->port();
  load.token = server_->token();
  load.workers = cfg.workers;
  load.read_every = cfg.read_every;
  load.progress_label = spec_.backend;

  if (cfg.warmup_s > 0) {
    Say("warm-up " + Fixed(cfg.warmup_s, 1) + "s (not measured)");
    LoadConfig warm = load;
    warm.duration_s = cfg.warmup_s;
    warm.progress_interval_s = 0;
    Result<LoadResult> r = RunLoad(warm, watch.stop_flag());
    if (!r.ok()) return fail(r.status().WithContext("warm-up"));
    if (watch.tripped()) return fail(watch.failure());
  }

  Captures c;
  Status before = CaptureBefore(fetcher, &c);
  if (!before.ok()) return fail(before);
  // CPU and RSS from /proc need the server's local process (none for a
  // remote attached server: not measured).
  const std::optional<pid_t> server_pid = server_->local_pid();
  auto server_cpu_now = [&]() -> Result<int64_t> {
    if (!server_pid) return NotFound(server_->not_local_reason());
    return ProcessTreeCpuMicros(*server_pid);
  };
  const std::vector<pid_t> db_pids =
      backend_ ? backend_->DatabasePids() : std::vector<pid_t>{};
  Result<int64_t> server_cpu = server_cpu_now();
  Result<int64_t> db_cpu = ProcessTreesCpuMicros(db_pids);
  c.timestamp = results::FormatUtcTimestamp(std::chrono::system_clock::now());

  // The CPU profile, from a third of the way into the load.
  c.cpu_profile_s = CpuProfileSeconds(cfg.duration_s);
  CpuCapture cpu(cpu_fetcher, cfg.duration_s / 3, c.cpu_profile_s,
                 dir_ + "/cpu.prof", [this](const std::string& s) { Say(s); });
  Say("load " + Fixed(cfg.duration_s, 1) + "s, " + std::to_string(cfg.workers) +
      " workers");
  load.duration_s = cfg.duration_s;
  Result<LoadResult> result = RunLoad(load, watch.stop_flag());
  Result<pprof::Profile> cpu_profile = cpu.Finish();
  if (!result.ok()) return fail(result.status().WithContext("load"));
  c.load = std::move(*result);

  Result<int64_t> server_cpu_after = server_cpu_now();
  Result<int64_t> db_cpu_after = ProcessTreesCpuMicros(db_pids);
  if (server_cpu.ok() && db_cpu.ok() && server_cpu_after.ok() &&
      db_cpu_after.ok()) {
    c.cpu_measured = true;
    c.server_cpu_before = *server_cpu;
    c.db_cpu_before = *db_cpu;
    c.server_cpu_after = *server_cpu_after;
    c.db_cpu_after = *db_cpu_after;
  }
  if (server_pid) {
    if (Result<int64_t> rss = PeakRssBytes(*server_pid); rss.ok()) {
      c.rss = *rss;
    }
  }
  std::vector<std::string> problems;
  if (cpu_profile.ok()) {
    c.cpu = std::move(*cpu_profile);
  } else {
    problems.push_back("cpu.prof: " + cpu_profile.status().message());
  }
  if (watch.tripped()) return fail(watch.failure());
  CaptureAfter(fetcher, &c, &problems);
  if (watch.tripped()) return fail(watch.failure());
  if (!c.cpu_measured && server_pid) {
    problems.push_back("CPU time: cannot read /proc");
  }

  if (c.allocs_before && c.allocs_after) {
    Result<AllocDelta> delta =
        ComputeAllocDelta(*c.allocs_before, *c.allocs_after);
    if (delta.ok()) {
      c.alloc_delta = std::move(*delta);
    } else {
      problems.push_back("allocation delta: " + delta.status().message());
    }
  }
  ComputeMetrics(c, &out, &problems);
  Report(c, problems, &out);
  return out;
}

void BackendRun::Report(const Captures& c, std::vector<std::string> problems,
                        RepetitionOutcome* out) {
  results::RunMetrics& m = out->metrics;
  results::ProfileInputs inputs;
  if (c.alloc_delta) inputs.alloc_delta = &c.alloc_delta->profile;
  if (c.cpu) inputs.cpu = &*c.cpu;
  m.budgets.file = budget_->path;
  m.budgets.verdicts = results::EvaluateBudgets(*budget_, m, inputs);

  if (backend_) {
    if (Status s = backend_->WriteExtraFiles(dir_); !s.ok()) {
      problems.push_back("extra files: " + s.message());
    }
  }
  if (Status s =
          results::WriteRunMetricsFile(dir_ + "/load-test-results.json", m);
      !s.ok()) {
    problems.push_back(s.message());
  }
  ReadmeInputs readme;
  readme.dir = dir_;
  readme.metrics = &m;
  readme.repetition = spec_.repetition;
  readme.repetitions = spec_.repetitions;
  readme.warmup_s = spec_.config.warmup_s;
  readme.cpu_profile_s = c.cpu_profile_s;
  readme.notes = problems;
  readme.attached_url = server_->attached_url();
  if (!server_->local_pid()) {
    readme.not_local_reason = server_->not_local_reason();
  }
  if (launched_ != nullptr) {
    readme.server_kind_reason = launched_->kind_reason();
    if (spec_.config.alloc_sample_rate.has_value()) {
      for (const auto& [key, value] : launched_->kind().AllocSampleRateEnv(
               *spec_.config.alloc_sample_rate)) {
        readme.server_env.push_back("set `" + key + "=" + value +
                                    "` (allocation sampling rate)");
      }
    }
    for (const std::string& name : launched_->cleared_env()) {
      readme.server_env.push_back(
          "cleared `" + name + "` (the " + launched_->kind().name() +
          " server would read it as a default for one of its settings)");
    }
  }
  if (Status s = WriteFile(dir_ + "/README.md", RenderRunReadme(readme));
      !s.ok()) {
    problems.push_back(s.message());
  }
  Say("wrote " + dir_);

  int failed = 0;
  std::string details;
  for (const results::Verdict& v : m.budgets.verdicts) {
    if (v.passed) continue;
    ++failed;
    details += "\n" + v.message;
  }
  for (const std::string& p : problems) details += "\ncapture problem: " + p;
  if (failed == 0 && problems.empty()) {
    out->state = RunState::kPassed;
    return;
  }
  out->state = RunState::kFailed;
  out->message = std::to_string(failed) + " of " +
                 std::to_string(m.budgets.verdicts.size()) +
                 " budget limits exceeded (" + m.budgets.file + ")";
  if (!problems.empty()) {
    out->message +=
        ", " + std::to_string(problems.size()) + " capture problem(s)";
  }
  out->message += details;
}

void BackendRun::Finish() {
  if (finished_) return;
  finished_ = true;
  if (server_) {
    const std::string note = server_->Stop();
    if (!note.empty()) Say("note: " + note);
  }
  if (backend_) backend_->Teardown();
  scratch_.reset();
  if (spec_.repetitions > 1 && fs::exists(dir_)) {
    std::string backend_dir = BackendDir(spec_.run_dir, spec_.backend, 1, 1);
    if (Status s = PublishRepetition(dir_, backend_dir); !s.ok()) {
      Say("warning: " + s.message());
    }
  }
}

}  // namespace mdbprof::bench
