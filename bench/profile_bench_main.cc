// profile_bench: profiles MessageDB-compatible servers, one Google Benchmark
// fixture per backend (see backend_benchmark.h and backend_run.h).
//
// Exit codes: 0 all selected backends passed; 1 a run failed (budget, errors,
// start-up, capture, a process died); 2 invalid flags or environment;
// 77 nothing ran or every selected backend was skipped. In A/B mode
// (MDBPROF_BASE_SERVER) the exit code is the gate's (bench/ab_verdict.h):
// 0 pass, 1 regression/budget/incomplete run, 2 incomparable.
#include <benchmark/benchmark.h>
#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "bench/ab_schedule.h"
#include "bench/ab_verdict.h"
#include "bench/backend_benchmark.h"
#include "bench/bench_config.h"
#include "bench/run_dir.h"
#include "bench/run_gather.h"
#include "fixtures/backend.h"
#include "fixtures/janitor.h"
#include "fixtures/server_process.h"

#ifndef MDBPROF_SOURCE_DIR
#define MDBPROF_SOURCE_DIR "."
#endif

namespace mdbprof::bench {
namespace {

std::atomic<bool>* g_interrupted = nullptr;

void OnSignal(int) {
  if (g_interrupted != nullptr) g_interrupted->store(true);
}

void InstallSignalHandlers(std::atomic<bool>* flag) {
  g_interrupted = flag;
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = OnSignal;
  sa.sa_flags = SA_RESETHAND;  // a second signal kills at once
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
  // When whoever started us dies (ctest stopped by SIGINT/SIGTERM leaves
  // its tests running), stop the same way instead of running on as an
  // orphan. SIGHUP, handled without reset: the parent's death often follows
  // a SIGINT/SIGTERM we already got, which must not turn it into a kill.
  struct sigaction hup;
  memset(&hup, 0, sizeof hup);
  hup.sa_handler = OnSignal;
  sigaction(SIGHUP, &hup, nullptr);
  const pid_t parent = getppid();
  prctl(PR_SET_PDEATHSIG, SIGHUP);
  if (getppid() != parent) OnSignal(SIGHUP);  // died before the prctl
  // With the parent gone our stderr may be a broken pipe: writing to it
  // must fail quietly, not kill us before we have cleaned up. (Children get
  // default dispositions back, see ChildProcess.)
  signal(SIGPIPE, SIG_IGN);
}

void PrintHelp() {
  fprintf(stdout, "%s",
          R"(profile_bench: profile a MessageDB-compatible server per backend.

  profile_bench [flags] [--benchmark_* flags]
  profile_bench --init_run        create a run dir, point <out>/latest at it,
                                  print its path and exit
  profile_bench --use_latest_run  write into <out>/latest (CTest's per-backend
                                  tests share the run made by --init_run)
  profile_bench --gather_latest_run  the gather step: report <out>/latest
                                  (as `mdbprof report`); in A/B mode also the
                                  gate over all its backends, exit = verdict

Settings (flag or environment variable; the flag wins):
  --duration=S     MDBPROF_DURATION      measured load window, seconds (30)
  --warmup=S       MDBPROF_WARMUP        warm-up before it, not measured (2)
  --workers=N      MDBPROF_WORKERS       load worker threads (10)
  --repetitions=N  MDBPROF_REPETITIONS   measured windows per backend (1)
  --backends=a,b   MDBPROF_BACKENDS      backends to run (all known)
  --out=DIR        MDBPROF_OUT           where run dirs go (profiles)
  --run_dir=DIR    MDBPROF_RUN_DIR       use this run dir
  --budgets=PATH   MDBPROF_BUDGETS       budget file or dir of <backend>.json
  --ready_timeout=S MDBPROF_READY_TIMEOUT server start-up deadline (30)
  MDBPROF_SERVER   the server binary (default: the in-tree refserver)
  --base_server=PATH MDBPROF_BASE_SERVER  A/B mode: alternate this base
                   server with the head server (MDBPROF_SERVER) per backend,
                   --repetitions per side (default 3), into <run>/base and
                   <run>/head, and end with `mdbprof compare` of the two;
                   sets MDBPROF_MEMPROFILE_RATE=1 unless it is set
  --url=http://HOST:PORT MDBPROF_URL  attach mode: profile the server
                   running there (maybe on another host): nothing launched,
                   no database provisioned; MDBPROF_BACKENDS must name the one
                   backend it runs on (its label and budget key). CPU per op
                   and RSS only for a local process, database CPU never
  --attach_pid=auto|none|PID MDBPROF_ATTACH_PID  attach mode: the server's
                   local process: found by its port (auto), none (treat as
                   remote), or this pid (e.g. behind docker-proxy)
  --full_names=1   MDBPROF_FULL_NAMES  reports print full function names
                   (default 0: std::map<…>::operator[], Go names unchanged)
  DEFAULT_TOKEN    the token of namespace `default`
  MDBPROF_MEMPROFILE_RATE  allocation sampling rate of the server (1 = all)

Exit: 0 passed, 1 failed, 2 bad usage, 77 skipped/nothing ran.
A/B mode: 0 gate passed, 1 regression, budget exceeded or incomplete run,
2 bad usage or incomparable sides, 77 skipped/nothing ran.

)");
  benchmark::PrintDefaultHelp();
}

struct OwnFlags {
  bool init_run = false;
  bool use_latest_run = false;
  bool gather_latest_run = false;
  bool list_tests = false;
  std::map<std::string, std::string> settings;
};

// Takes our flags out of argv, leaving Google Benchmark's (and unknown ones).
OwnFlags ExtractOwnFlags(int* argc, char** argv) {
  OwnFlags flags;
  int out = 1;
  for (int i = 1; i < *argc; ++i) {
    std::string arg = argv[i];
    bool ours = false;
    if (arg == "--init_run") {
      flags.init_run = ours = true;
    } else if (arg == "--use_latest_run") {
      flags.use_latest_run = ours = true;
    } else if (arg == "--gather_latest_run") {
      flags.gather_latest_run = ours = true;
    } else if (arg.rfind("--", 0) == 0 && arg.find('=') != std::string::npos) {
      std::string name = arg.substr(2, arg.find('=') - 2);
      for (const std::string& known : ConfigFlagNames()) {
        if (name == known) {
          flags.settings[name] = arg.substr(arg.find('=') + 1);
          ours = true;
        }
      }
    } else if (arg.rfind("--", 0) == 0 && i + 1 < *argc) {
      // "--out DIR" as well as "--out=DIR".
      for (const std::string& known : ConfigFlagNames()) {
        if (arg.substr(2) == known) {
          flags.settings[known] = argv[++i];
          ours = true;
          break;
        }
      }
    }
    if (arg == "--benchmark_list_tests" ||
        arg == "--benchmark_list_tests=true") {
      flags.list_tests = true;
    }
    if (!ours) argv[out++] = argv[i];
  }
  *argc = out;
  argv[out] = nullptr;
  return flags;
}

void PrintSummary(const RunOutcomes& outcomes, BenchContext& context) {
  int passed = 0, failed = 0, skipped = 0;
  for (const RunOutcomes::Entry& e : outcomes.entries()) {
    if (e.state == RunState::kPassed) ++passed;
    if (e.state == RunState::kFailed) ++failed;
    if (e.state == RunState::kSkipped) ++skipped;
  }
  if (passed + failed + skipped == 0) {
    fprintf(stderr,
            "profile_bench: nothing ran (no benchmark matched "
            "--benchmark_filter='%s' among the selected backends)\n",
            benchmark::GetBenchmarkFilter().c_str());
    return;
  }
  Result<std::string> dir = context.RunDir();
  fprintf(stderr,
          "profile_bench: %d passed, %d failed, %d skipped; run directory %s\n",
          passed, failed, skipped, dir.ok() ? dir->c_str() : "(none)");
}

int Main(int argc, char** argv) {
  OwnFlags flags = ExtractOwnFlags(&argc, argv);
  benchmark::Initialize(&argc, argv, PrintHelp);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return kExitUsage;

  Result<BenchConfig> config = BenchConfigFromSettings(
      ProcessEnvironment(), flags.settings, fixtures::KnownBackends());
  if (!config.ok()) {
    fprintf(stderr, "profile_bench: %s\n", config.status().message().c_str());
    return kExitUsage;
  }
  // What killed runs left (scratch dirs, their processes, clusters) goes
  // first; live runs are left alone (fixtures/janitor.h).
  if (!flags.list_tests) fixtures::RunJanitor("profile_bench");
  if (flags.init_run) {
    Result<std::string> dir =
        CreateRunDir(config->out_dir, std::chrono::system_clock::now());
    if (!dir.ok()) {
      fprintf(stderr, "profile_bench: %s\n", dir.status().message().c_str());
      return kExitFailed;
    }
    printf("%s\n", dir->c_str());
    return 0;
  }
  if (flags.use_latest_run || flags.gather_latest_run) {
    Result<std::string> latest = ResolveLatestRun(config->out_dir);
    if (!latest.ok()) {
      fprintf(stderr, "profile_bench: %s\n", latest.status().message().c_str());
      return kExitUsage;
    }
    config->run_dir = *latest;
  }
  if (flags.gather_latest_run) {
    GatherResult gathered = GatherRun(config->run_dir, *config);
    fprintf(stdout, "%s", gathered.text.c_str());
    fflush(stdout);
    return gathered.exit_code;
  }

  if (!config->base_server.empty()) {
    if (Status s = fixtures::CheckServerBinary(config->base_server); !s.ok()) {
      fprintf(stderr, "profile_bench: MDBPROF_BASE_SERVER: %s\n",
              s.message().c_str());
      return kExitUsage;
    }
    if (!flags.list_tests) {
      fprintf(
          stderr, "profile_bench: A/B mode: allocation sampling rate %lld%s\n",
          static_cast<long long>(config->alloc_sample_rate.value_or(-1)),
          config->alloc_sample_rate == 1 ? " (every allocation counted)" : "");
    }
  }

  BenchContext context;
  context.config = *config;
  context.default_budget_dir = MDBPROF_SOURCE_DIR "/budgets";
  InstallSignalHandlers(&context.interrupted);
  RegisterBackendBenchmarks(&context);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  if (flags.list_tests) return 0;
  PrintSummary(context.outcomes, context);
  const int exit_code = context.outcomes.ExitCode();
  if (config->base_server.empty() || exit_code == kExitSkipped) {
    return exit_code;
  }
  Result<std::string> run_dir = context.RunDir();
  if (!run_dir.ok()) return kExitFailed;
  // The backends this invocation ran (under CTest, one per test): the gate
  // of the whole run is the gather step's.
  BenchConfig judged = context.config;
  std::erase_if(judged.backends, [&](const std::string& backend) {
    for (const RunOutcomes::Entry& e : context.outcomes.entries()) {
      if (e.backend == backend) return false;
    }
    return true;
  });
  AbVerdict verdict = JudgeAbRun(*run_dir, judged);
  fflush(stderr);
  fprintf(stdout, "\n%s", verdict.text.c_str());
  fflush(stdout);
  fprintf(stderr, "profile_bench: A/B gate exit code %d (%s)\n",
          verdict.exit_code,
          verdict.exit_code == 0   ? "pass"
          : verdict.exit_code == 1 ? "regression, budget or incomplete run"
                                   : "incomparable");
  return verdict.exit_code;
}

}  // namespace
}  // namespace mdbprof::bench

int main(int argc, char** argv) { return mdbprof::bench::Main(argc, argv); }
