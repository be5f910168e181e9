// BenchConfig: profile_bench's settings, from flags and the environment.
//
// Every knob has an environment variable and an equivalent flag (the flag
// wins):
//
//   MDBPROF_DURATION     --duration=S      measured load window, s (30)
//   MDBPROF_WARMUP       --warmup=S        unmeasured warm-up, s (2; 0 = none)
//   MDBPROF_WORKERS      --workers=N       load worker threads (10)
//   MDBPROF_REPETITIONS  --repetitions=N   measured windows per backend (1)
//   MDBPROF_BACKENDS     --backends=a,b    backends to run (all known)
//   MDBPROF_OUT          --out=DIR         where run dirs go ("profiles")
//   MDBPROF_RUN_DIR      --run_dir=DIR     use this run dir, don't create one
//   MDBPROF_BUDGETS      --budgets=PATH    budget file, or a directory of
//                                          <backend>.json files
//   MDBPROF_READY_TIMEOUT --ready_timeout=S server start-up deadline (30)
//   MDBPROF_BASE_SERVER  --base_server=PATH A/B mode: the base server binary;
//                                          repetitions then count per side
//                                          and default to kAbRepetitions
//                                          (see bench/ab_schedule.h)
//   MDBPROF_MEMPROFILE_RATE --memprofile_rate=N the server's allocation
//                                          sampling rate in bytes (1 = every
//                                          allocation, 0 = off); unset: the
//                                          server's default (512 KiB), or 1
//                                          in A/B mode. Set through the
//                                          server kind's own variable
//   MDBPROF_SERVER_KIND  --server_kind=K   refserver | eventodb (default:
//                                          detected, fixtures/server_kind.h)
//   MDBPROF_URL          --url=http://HOST:PORT  attach mode: profile the
//                                          server running there instead of
//                                          launching one (attached_server.h);
//                                          MDBPROF_BACKENDS must then name
//                                          exactly the one backend it runs on
//                                          (the run's label and budget key),
//                                          and neither MDBPROF_BASE_SERVER nor
//                                          MDBPROF_SERVER may be set
//   MDBPROF_FULL_NAMES   --full_names=1    reports print functions' full
//                                          names, not ReadableName()'s (0)
//   MDBPROF_ATTACH_PID   --attach_pid=auto|none|PID  attach mode: the
//                                          server's local process — found by
//                                          its port (auto), none (remote: no
//                                          CPU or RSS), or this pid
//   MDBPROF_SERVER, DEFAULT_TOKEN: see fixtures/server_process.h.
//
// An invalid value is one line naming the variable (or flag) and the value,
// e.g. "MDBPROF_WORKERS='0': expected an integer >= 1".
//
//   Result<BenchConfig> config = BenchConfigFromSettings(
//       ProcessEnvironment(), flags, fixtures::KnownBackends());
#ifndef MDBPROF_BENCH_BENCH_CONFIG_H_
#define MDBPROF_BENCH_BENCH_CONFIG_H_

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "bench/attached_server.h"
#include "bench/server_url.h"

namespace mdbprof::bench {

struct BenchConfig {
  double duration_s = 30;
  double warmup_s = 2;
  int workers = 10;
  int repetitions = 1;
  int read_every = 10;
  std::vector<std::string> backends;  // validated, in registry order
  std::string out_dir = "profiles";
  std::string run_dir;       // "" = create a new timestamped one
  std::string budgets_path;  // "" = <source>/budgets/<backend>.json
  double ready_timeout_s = 30;
  std::string base_server;       // "" = no A/B mode
  std::optional<ServerUrl> url;  // attach mode when set
  // Attach mode's server process (AttachOptions::pid).
  pid_t attach_pid = kAttachPidByPort;
  // nullopt = the server's default; A/B mode defaults to 1.
  std::optional<int64_t> alloc_sample_rate;
  std::string server_kind;  // "" = detect; else a fixtures::ServerKind name
  bool full_names = false;  // reports print functions' full names
};

// Repetitions per side in A/B mode unless set: the fewest with which the
// one-sided exact Mann-Whitney test can reach p = 0.05 (1/20).
inline constexpr int kAbRepetitions = 3;

// Looks up an environment variable; nullopt when unset.
using EnvLookup = std::function<std::optional<std::string>(const char*)>;

// The process environment through EnvValue (base/environment.h: empty
// counts as unset).
EnvLookup ProcessEnvironment();

// Builds the config from `env` and `flags` (flag name without "--" → value;
// flags win over the environment). `known_backends` validates
// MDBPROF_BACKENDS and is the default selection.
Result<BenchConfig> BenchConfigFromSettings(
    const EnvLookup& env, const std::map<std::string, std::string>& flags,
    const std::vector<std::string>& known_backends);

// The flag names BenchConfigFromSettings understands (without "--").
const std::vector<std::string>& ConfigFlagNames();

}  // namespace mdbprof::bench

#endif  // MDBPROF_BENCH_BENCH_CONFIG_H_
