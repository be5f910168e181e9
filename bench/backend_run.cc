#include "bench/backend_run.h"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <thread>

#include "base/text_file.h"
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
#include "results/load_deltas.h"
#include "results/run_layout.h"
#include "results/verdict.h"

namespace mdbprof::bench {
namespace {

namespace fs = std::filesystem;

constexpr double kCaptureTimeoutS = 60;

std::string Fixed(double v, int decimals) {
  char buf[64];
  snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

// The profiles Measure() keeps, one slot each.
enum ProfileSlot {
  kHeapBefore,
  kAllocsBefore,
  kThreadsBefore,
  kHeapAfter,
  kAllocsAfter,
  kThreadsAfter,
  kCpu,
  kProfileSlots
};
using ProfileSlots = std::array<std::optional<pprof::Profile>, kProfileSlots>;

enum class CapturePhase { kBeforeLoad, kAfterLoad };

// A profile Measure() fetches from the server around the load (the mid-load
// cpu.prof is CpuCapture's). A new profile kind is one row here.
struct ProfileCapture {
  CapturePhase phase;
  const char* url_path;
  const char* file;  // written to the run directory; null: only decoded
  const char* name;  // in progress lines and errors
  ProfileSlot slot;
};

constexpr ProfileCapture kProfileCaptures[] = {
    {CapturePhase::kBeforeLoad, "/debug/pprof/heap?gc=1",
     results::kHeapBeforeFile, results::kHeapBeforeFile, kHeapBefore},
    {CapturePhase::kBeforeLoad, "/debug/pprof/allocs?gc=1",
     results::kAllocsBeforeFile, results::kAllocsBeforeFile, kAllocsBefore},
    {CapturePhase::kBeforeLoad, "/debug/pprof/goroutine", nullptr,
     "thread count", kThreadsBefore},
    {CapturePhase::kAfterLoad, "/debug/pprof/heap?gc=1",
     results::kHeapAfterFile, results::kHeapAfterFile, kHeapAfter},
    {CapturePhase::kAfterLoad, "/debug/pprof/allocs?gc=1",
     results::kAllocsAfterFile, results::kAllocsAfterFile, kAllocsAfter},
    {CapturePhase::kAfterLoad, "/debug/pprof/goroutine",
     results::kGoroutineFile, results::kGoroutineFile, kThreadsAfter},
};

// GETs `row`'s profile, writes its bytes to its file in `dir` and decodes
// them; errors are prefixed with the row's name.
Result<pprof::Profile> CaptureProfile(HttpFetcher& fetcher,
                                      const ProfileCapture& row,
                                      const std::string& dir) {
  Result<std::string> bytes = fetcher.Get(row.url_path, kCaptureTimeoutS);
  if (!bytes.ok()) return bytes.status().WithContext(row.name);
  if (row.file != nullptr) {
    Status written = WriteTextFile(dir + "/" + row.file, *bytes);
    if (!written.ok()) return written.WithContext(row.name);
  }
  Result<pprof::Profile> profile = pprof::ParseProfile(*bytes);
  if (!profile.ok()) return profile.status().WithContext(row.name);
  return profile;
}

// Fetches the table's profiles of `phase` into `into`. Before the load the
// first failure is returned; after it each failure is a problem and the
// other rows are still fetched.
Status CaptureProfiles(CapturePhase phase, HttpFetcher& fetcher,
                       const std::string& dir,
                       const std::function<void(const std::string&)>& say,
                       ProfileSlots* into, std::vector<std::string>* problems) {
  std::string names;
  for (const ProfileCapture& row : kProfileCaptures) {
    if (row.phase != phase) continue;
    names += (names.empty() ? "" : ", ") + std::string(row.name);
  }
  say("capturing " + names);
  for (const ProfileCapture& row : kProfileCaptures) {
    if (row.phase != phase) continue;
    Result<pprof::Profile> p = CaptureProfile(fetcher, row, dir);
    if (p.ok()) {
      (*into)[row.slot] = std::move(*p);
    } else if (phase == CapturePhase::kBeforeLoad) {
      return p.status();
    } else {
      problems->push_back(p.status().message());
    }
  }
  return Status::Ok();
}

Result<std::unique_ptr<ServerUnderTest>> LaunchServer(
    const fixtures::ServerOptions& options) {
  Result<std::unique_ptr<fixtures::ServerProcess>> process =
      fixtures::ServerProcess::Start(options);
  if (!process.ok()) return process.status();
  return std::unique_ptr<ServerUnderTest>(
      std::make_unique<LaunchedServer>(std::move(*process)));
}

RepetitionSpec WithDefaultFactories(RepetitionSpec spec) {
  if (!spec.factories.make_backend) {
    spec.factories.make_backend = fixtures::MakeBackend;
  }
  if (!spec.factories.start_server) spec.factories.start_server = LaunchServer;
  return spec;
}

}  // namespace

// What Measure() collected; members are empty/kNotMeasured until captured.
struct BackendRun::Captures {
  ProfileSlots profiles;
  int64_t server_cpu_before = 0, db_cpu_before = 0;
  int64_t server_cpu_after = 0, db_cpu_after = 0;
  bool cpu_measured = false;
  int64_t rss = results::kNotMeasured;
  // allocs-after minus allocs-before
  std::optional<results::AllocDelta> alloc_delta;
  std::optional<LoadResult> load;
  std::string timestamp;
  int cpu_profile_s = 0;
};

BackendRun::BackendRun(RepetitionSpec spec)
    : spec_(WithDefaultFactories(std::move(spec))),
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
  // What a repetition writes goes first (the backend's own files once the
  // backend is made, below), so a reused directory shows only this run.
  for (const char* name : results::RepetitionFiles()) {
    fs::remove(fs::path(dir_) / name, ec);
  }
  if (spec_.config.url) return Attach();

  Result<fixtures::ScratchDir> scratch = fixtures::ScratchDir::Create();
  if (!scratch.ok()) return scratch.status();
  scratch_.emplace(std::move(*scratch));

  Result<std::unique_ptr<fixtures::Backend>> backend =
      spec_.factories.make_backend(spec_.backend);
  if (!backend.ok()) return backend.status();
  backend_ = std::move(*backend);
  for (const fixtures::BackendFile& file : backend_->ExtraFiles()) {
    fs::remove(fs::path(dir_) / file.name, ec);
  }
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
  options.log_path = dir_ + "/" + results::kServerLogFile;
  options.ready_deadline = std::chrono::milliseconds(
      static_cast<int64_t>(spec_.config.ready_timeout_s * 1000));
  const auto server_start = std::chrono::steady_clock::now();
  Result<std::unique_ptr<ServerUnderTest>> server =
      spec_.factories.start_server(options);
  if (!server.ok()) return server.status();
  server_ = std::move(*server);
  const fixtures::ServerProcess* launched = server_->launched_process();
  const double startup_s =
      launched != nullptr ? launched->startup_seconds()
                          : std::chrono::duration<double>(
                                std::chrono::steady_clock::now() - server_start)
                                .count();
  const std::optional<pid_t> pid = server_->local_pid();
  Say("server up in " + Fixed(startup_s, 2) + "s (" +
      (pid ? "pid " + std::to_string(*pid) + ", " : "") + "port " +
      std::to_string(server_->port()) + ")");
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
  const std::optional<pprof::Profile>& allocs_after = c.profiles[kAllocsAfter];
  m.config.alloc_sample_rate =
      allocs_after ? ShownAllocSampleRate(*allocs_after) : 0;
  m.config.server_kind = server_->kind_name();
  m.config.server_url = server_->attached_url();
  m.config.cores = static_cast<int>(std::thread::hardware_concurrency());
  // What the report needs to know of the backend, from the backend itself.
  m.config.backend_order = fixtures::BackendOrder(spec_.backend);
  if (backend_) {
    for (const fixtures::BackendFile& file : backend_->ExtraFiles()) {
      m.config.extra_files.push_back({file.name, file.metric});
    }
  }
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
  const std::optional<pprof::Profile>& heap_before = c.profiles[kHeapBefore];
  const std::optional<pprof::Profile>& heap_after = c.profiles[kHeapAfter];
  if (heap_before && heap_after) {
    Result<results::HeapChange> heap =
        results::ComputeHeapChange(*heap_before, *heap_after);
    if (heap.ok()) {
      m.heap_inuse_after_bytes = heap->inuse_after_bytes;
      m.heap_growth_bytes = heap->growth_bytes;
    } else {
      problems->push_back("heap: " + heap.status().message());
    }
  }
  if (const auto& threads = c.profiles[kThreadsBefore]) {
    m.goroutines_before = GoroutineCount(*threads);
  }
  if (const auto& threads = c.profiles[kThreadsAfter]) {
    m.goroutines_after = GoroutineCount(*threads);
  }
  m.server_rss_max_bytes = c.rss;
}

RepetitionOutcome BackendRun::Measure() {
  HttpFetcher fetcher(server_->host(), server_->port());
  HttpFetcher cpu_fetcher(server_->host(), server_->port());
  std::vector<ProcessWatch::Check> checks = {
      [this] { return server_->CheckAlive(); }};
  if (backend_) checks.push_back([this] { return backend_->CheckAlive(); });
  ProcessWatch watch(std::move(checks), spec_.interrupt, [&] {
    fetcher.Cancel();
    cpu_fetcher.Cancel();
  });

  Captures c;
  std::vector<std::string> problems;
  Status window = MeasureWindow(fetcher, cpu_fetcher, watch, &c, &problems);
  // A tripped watch cancelled whatever failed after it: it is the cause.
  if (watch.tripped()) window = watch.failure();
  RepetitionOutcome out;
  if (!window.ok()) {
    out.state = RunState::kFailed;
    out.message = window.message();
    return out;
  }
  ComputeMetrics(c, &out, &problems);
  Report(c, problems, &out);
  return out;
}

Status BackendRun::MeasureWindow(HttpFetcher& fetcher, HttpFetcher& cpu_fetcher,
                                 const ProcessWatch& watch, Captures* c,
                                 std::vector<std::string>* problems) {
  const BenchConfig& cfg = spec_.config;
  const auto say = [this](const std::string& line) { Say(line); };
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
    if (!r.ok()) return r.status().WithContext("warm-up");
    if (watch.tripped()) return watch.failure();
  }

  MDBPROF_RETURN_IF_ERROR(CaptureProfiles(CapturePhase::kBeforeLoad, fetcher,
                                          dir_, say, &c->profiles, problems));
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
  c->timestamp = results::FormatUtcTimestamp(std::chrono::system_clock::now());

  // The CPU profile, from a third of the way into the load.
  c->cpu_profile_s = CpuProfileSeconds(cfg.duration_s);
  CpuCapture cpu(cpu_fetcher, cfg.duration_s / 3, c->cpu_profile_s,
                 dir_ + "/" + results::kCpuFile, say);
  Say("load " + Fixed(cfg.duration_s, 1) + "s, " + std::to_string(cfg.workers) +
      " workers");
  load.duration_s = cfg.duration_s;
  Result<LoadResult> result = RunLoad(load, watch.stop_flag());
  Result<pprof::Profile> cpu_profile = cpu.Finish();
  if (!result.ok()) return result.status().WithContext("load");
  c->load = std::move(*result);

  Result<int64_t> server_cpu_after = server_cpu_now();
  Result<int64_t> db_cpu_after = ProcessTreesCpuMicros(db_pids);
  if (server_cpu.ok() && db_cpu.ok() && server_cpu_after.ok() &&
      db_cpu_after.ok()) {
    c->cpu_measured = true;
    c->server_cpu_before = *server_cpu;
    c->db_cpu_before = *db_cpu;
    c->server_cpu_after = *server_cpu_after;
    c->db_cpu_after = *db_cpu_after;
  } else if (server_pid) {
    problems->push_back("CPU time: cannot read /proc");
  }
  if (server_pid) {
    if (Result<int64_t> rss = PeakRssBytes(*server_pid); rss.ok()) {
      c->rss = *rss;
    }
  }
  if (cpu_profile.ok()) {
    c->profiles[kCpu] = std::move(*cpu_profile);
  } else {
    problems->push_back(std::string(results::kCpuFile) + ": " +
                        cpu_profile.status().message());
  }
  if (watch.tripped()) return watch.failure();
  MDBPROF_RETURN_IF_ERROR(CaptureProfiles(CapturePhase::kAfterLoad, fetcher,
                                          dir_, say, &c->profiles, problems));
  if (watch.tripped()) return watch.failure();

  const auto& allocs_before = c->profiles[kAllocsBefore];
  const auto& allocs_after = c->profiles[kAllocsAfter];
  if (allocs_before && allocs_after) {
    Result<results::AllocDelta> delta =
        results::ComputeAllocDelta(*allocs_before, *allocs_after);
    if (delta.ok()) {
      c->alloc_delta = std::move(*delta);
    } else {
      problems->push_back("allocation delta: " + delta.status().message());
    }
  }
  return Status::Ok();
}

void BackendRun::Report(const Captures& c, std::vector<std::string> problems,
                        RepetitionOutcome* out) {
  results::RunMetrics& m = out->metrics;
  results::ProfileInputs inputs;
  if (c.alloc_delta) inputs.alloc_delta = &c.alloc_delta->profile;
  if (c.profiles[kCpu]) inputs.cpu = &*c.profiles[kCpu];
  m.budgets.file = budget_->path;
  m.budgets.verdicts = results::EvaluateBudgets(*budget_, m, inputs);

  if (backend_) {
    if (Status s = backend_->WriteExtraFiles(dir_); !s.ok()) {
      problems.push_back("extra files: " + s.message());
    }
  }
  if (Status s = results::WriteRunMetricsFile(
          dir_ + "/" + results::kRunMetricsFile, m);
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
  if (const fixtures::ServerProcess* launched = server_->launched_process()) {
    readme.server_kind_reason = launched->kind_reason();
    if (spec_.config.alloc_sample_rate.has_value()) {
      for (const auto& [key, value] : launched->kind().AllocSampleRateEnv(
               *spec_.config.alloc_sample_rate)) {
        readme.server_env.push_back("set `" + key + "=" + value +
                                    "` (allocation sampling rate)");
      }
    }
    for (const std::string& name : launched->cleared_env()) {
      readme.server_env.push_back(
          "cleared `" + name + "` (the " + launched->kind().name() +
          " server would read it as a default for one of its settings)");
    }
  }
  if (Status s = WriteTextFile(dir_ + "/" + results::kRunReadmeFile,
                               RenderRunReadme(readme));
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
