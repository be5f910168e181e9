#include "bench/bench_config.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>

#include "base/environment.h"
#include "fixtures/server_kind.h"

namespace mdbprof::bench {
namespace {

// One setting: the flag that overrides an environment variable.
struct Knob {
  const char* env;
  const char* flag;
};
constexpr Knob kDuration{"MDBPROF_DURATION", "duration"};
constexpr Knob kWarmup{"MDBPROF_WARMUP", "warmup"};
constexpr Knob kWorkers{"MDBPROF_WORKERS", "workers"};
constexpr Knob kRepetitions{"MDBPROF_REPETITIONS", "repetitions"};
constexpr Knob kBackends{"MDBPROF_BACKENDS", "backends"};
constexpr Knob kOut{"MDBPROF_OUT", "out"};
constexpr Knob kRunDir{"MDBPROF_RUN_DIR", "run_dir"};
constexpr Knob kBudgets{"MDBPROF_BUDGETS", "budgets"};
constexpr Knob kReadyTimeout{"MDBPROF_READY_TIMEOUT", "ready_timeout"};
constexpr Knob kBaseServer{"MDBPROF_BASE_SERVER", "base_server"};
constexpr Knob kMemProfileRate{"MDBPROF_MEMPROFILE_RATE", "memprofile_rate"};
constexpr Knob kServerKind{"MDBPROF_SERVER_KIND", "server_kind"};
constexpr Knob kUrl{"MDBPROF_URL", "url"};
constexpr Knob kAttachPid{"MDBPROF_ATTACH_PID", "attach_pid"};
constexpr Knob kFullNames{"MDBPROF_FULL_NAMES", "full_names"};
constexpr Knob kKnobs[] = {kDuration,    kWarmup,         kWorkers,
                           kRepetitions, kBackends,       kOut,
                           kRunDir,      kBudgets,        kReadyTimeout,
                           kBaseServer,  kMemProfileRate, kServerKind,
                           kUrl,         kAttachPid,      kFullNames};
// Read by fixtures/server_process.h, not a knob of ours; attach mode refuses
// it.
constexpr char kServerEnv[] = "MDBPROF_SERVER";

struct Setting {
  std::string source;  // "MDBPROF_DURATION" or "--duration"
  std::string value;
};

class Settings {
 public:
  Settings(const EnvLookup& env,
           const std::map<std::string, std::string>& flags)
      : env_(env), flags_(flags) {}

  std::optional<Setting> Get(const Knob& knob) const {
    if (auto it = flags_.find(knob.flag); it != flags_.end()) {
      return Setting{std::string("--") + knob.flag, it->second};
    }
    if (std::optional<std::string> v = env_(knob.env)) {
      return Setting{knob.env, *v};
    }
    return std::nullopt;
  }

 private:
  const EnvLookup& env_;
  const std::map<std::string, std::string>& flags_;
};

Status Invalid(const Setting& s, const std::string& expected) {
  return InvalidArgument(s.source + "='" + s.value + "': expected " + expected);
}

// Reads a number of seconds into `*out`; `zero_allowed` says whether 0 is
// allowed.
Status ReadSeconds(const Settings& settings, const Knob& knob,
                   bool zero_allowed, double* out) {
  std::optional<Setting> s = settings.Get(knob);
  if (!s) return Status::Ok();
  const std::string expected =
      zero_allowed ? "a number of seconds >= 0" : "a number of seconds > 0";
  const char* begin = s->value.c_str();
  char* end = nullptr;
  errno = 0;
  double v = std::strtod(begin, &end);
  if (end == begin || *end != '\0' || errno != 0 || !std::isfinite(v) ||
      v < 0 || (v == 0 && !zero_allowed) || v > 86400) {
    return Invalid(*s, expected + " (at most 86400)");
  }
  *out = v;
  return Status::Ok();
}

Status ReadInt(const Settings& settings, const Knob& knob, int min, int max,
               int* out) {
  std::optional<Setting> s = settings.Get(knob);
  if (!s) return Status::Ok();
  const char* begin = s->value.c_str();
  char* end = nullptr;
  errno = 0;
  long v = std::strtol(begin, &end, 10);
  if (end == begin || *end != '\0' || errno != 0 || v < min || v > max) {
    return Invalid(*s, "an integer in " + std::to_string(min) + ".." +
                           std::to_string(max));
  }
  *out = static_cast<int>(v);
  return Status::Ok();
}

Status ReadBackends(const Settings& settings,
                    const std::vector<std::string>& known,
                    std::vector<std::string>* out) {
  std::optional<Setting> s = settings.Get(kBackends);
  if (!s) {
    *out = known;
    return Status::Ok();
  }
  std::vector<std::string> wanted;
  size_t start = 0;
  while (start <= s->value.size()) {
    size_t end = s->value.find_first_of(", ", start);
    if (end == std::string::npos) end = s->value.size();
    std::string name = s->value.substr(start, end - start);
    if (!name.empty()) {
      if (std::find(known.begin(), known.end(), name) == known.end()) {
        std::string list;
        for (const std::string& k : known)
          list += (list.empty() ? "" : ", ") + k;
        return InvalidArgument(s->source + "='" + s->value +
                               "': unknown backend '" + name +
                               "' (known: " + list + ")");
      }
      wanted.push_back(name);
    }
    start = end + 1;
  }
  if (wanted.empty()) return Invalid(*s, "a comma-separated list of backends");
  out->clear();
  for (const std::string& k : known) {  // registry order, no duplicates
    if (std::find(wanted.begin(), wanted.end(), k) != wanted.end()) {
      out->push_back(k);
    }
  }
  return Status::Ok();
}

Status ReadAllocSampleRate(const Settings& settings,
                           std::optional<int64_t>* out) {
  std::optional<Setting> s = settings.Get(kMemProfileRate);
  if (!s) return Status::Ok();
  const char* begin = s->value.c_str();
  char* end = nullptr;
  errno = 0;
  long long v = std::strtoll(begin, &end, 10);
  constexpr long long kMax = 1LL << 30;
  if (end == begin || *end != '\0' || errno != 0 || v < 0 || v > kMax) {
    return Invalid(*s, "a sampling rate in bytes, 0.." + std::to_string(kMax) +
                           " (1 = every allocation, 0 = off)");
  }
  *out = v;
  return Status::Ok();
}

// "1"/"true" or "0"/"false"; unset leaves `*out`.
Status ReadBool(const Settings& settings, const Knob& knob, bool* out) {
  std::optional<Setting> s = settings.Get(knob);
  if (!s) return Status::Ok();
  if (s->value == "1" || s->value == "true") {
    *out = true;
  } else if (s->value == "0" || s->value == "false") {
    *out = false;
  } else {
    return Invalid(*s, "1, true, 0 or false");
  }
  return Status::Ok();
}

Status ReadServerKind(const Settings& settings, std::string* out) {
  std::optional<Setting> s = settings.Get(kServerKind);
  if (!s) return Status::Ok();
  Result<const fixtures::ServerKind*> kind =
      fixtures::ServerKindByName(s->value);
  if (!kind.ok()) {
    std::string known;
    for (const std::string& k : fixtures::KnownServerKinds()) {
      known += (known.empty() ? "" : " | ") + k;
    }
    return Invalid(*s, known);
  }
  *out = s->value;
  return Status::Ok();
}

Status ReadPath(const Settings& settings, const Knob& knob, std::string* out) {
  std::optional<Setting> s = settings.Get(knob);
  if (s) *out = s->value;
  return Status::Ok();
}

Status ReadAttachPid(const Settings& settings, pid_t* out) {
  std::optional<Setting> s = settings.Get(kAttachPid);
  if (!s || s->value == "auto") return Status::Ok();
  if (s->value == "none") {
    *out = kAttachPidNone;
    return Status::Ok();
  }
  int pid = 0;
  if (!ReadInt(settings, kAttachPid, 1, 1 << 30, &pid).ok()) {
    return Invalid(*s, "auto, none or a process id >= 1");
  }
  *out = static_cast<pid_t>(pid);
  return Status::Ok();
}

// Attach mode (MDBPROF_URL): the URL, the one backend it is labelled with,
// and the settings it cannot be combined with.
Status ReadAttachMode(const Settings& settings, const EnvLookup& env,
                      BenchConfig* c) {
  std::optional<Setting> url = settings.Get(kUrl);
  if (!url) {
    if (std::optional<Setting> pid = settings.Get(kAttachPid)) {
      return InvalidArgument(pid->source + "='" + pid->value +
                             "': only for attach mode (MDBPROF_URL or --url)");
    }
    return Status::Ok();
  }
  Result<ServerUrl> parsed = ParseServerUrl(url->value);
  if (!parsed.ok()) {
    return InvalidArgument(url->source + "='" + url->value +
                           "': " + parsed.status().message());
  }
  const std::string what = url->source + "='" + url->value + "' (attach mode)";
  if (std::optional<Setting> base = settings.Get(kBaseServer)) {
    return InvalidArgument(
        what + " cannot be combined with " + base->source +
        ": A/B mode launches a fresh base and head server for every window; "
        "unset one of them");
  }
  if (env(kServerEnv)) {
    return InvalidArgument(what + " cannot be combined with " +
                           std::string(kServerEnv) +
                           ", which names a server binary to launch; unset "
                           "one of them");
  }
  std::optional<Setting> backends = settings.Get(kBackends);
  if (!backends) {
    return InvalidArgument(
        what +
        " needs MDBPROF_BACKENDS (or --backends) to name the backend the "
        "server runs on, e.g. MDBPROF_BACKENDS=sqlite: it labels the run and "
        "selects the budgets (MDBPROF_BUDGETS=DIR reads DIR/<backend>.json)");
  }
  if (c->backends.size() != 1) {
    return InvalidArgument(backends->source + "='" + backends->value +
                           "': attach mode (" + url->source +
                           ") profiles one running server, so name exactly "
                           "one backend, the one it runs on");
  }
  c->url = *parsed;
  return ReadAttachPid(settings, &c->attach_pid);
}

}  // namespace

EnvLookup ProcessEnvironment() {
  return [](const char* name) { return EnvValue(name); };
}

const std::vector<std::string>& ConfigFlagNames() {
  static const std::vector<std::string>* names = [] {
    auto* v = new std::vector<std::string>;
    for (const Knob& k : kKnobs) v->push_back(k.flag);
    return v;
  }();
  return *names;
}

Result<BenchConfig> BenchConfigFromSettings(
    const EnvLookup& env, const std::map<std::string, std::string>& flags,
    const std::vector<std::string>& known_backends) {
  Settings settings(env, flags);
  BenchConfig c;
  MDBPROF_RETURN_IF_ERROR(
      ReadSeconds(settings, kDuration, false, &c.duration_s));
  MDBPROF_RETURN_IF_ERROR(ReadSeconds(settings, kWarmup, true, &c.warmup_s));
  MDBPROF_RETURN_IF_ERROR(
      ReadSeconds(settings, kReadyTimeout, false, &c.ready_timeout_s));
  MDBPROF_RETURN_IF_ERROR(ReadInt(settings, kWorkers, 1, 10000, &c.workers));
  MDBPROF_RETURN_IF_ERROR(
      ReadInt(settings, kRepetitions, 1, 1000, &c.repetitions));
  MDBPROF_RETURN_IF_ERROR(ReadBackends(settings, known_backends, &c.backends));
  MDBPROF_RETURN_IF_ERROR(ReadPath(settings, kOut, &c.out_dir));
  MDBPROF_RETURN_IF_ERROR(ReadPath(settings, kRunDir, &c.run_dir));
  MDBPROF_RETURN_IF_ERROR(ReadPath(settings, kBudgets, &c.budgets_path));
  MDBPROF_RETURN_IF_ERROR(ReadPath(settings, kBaseServer, &c.base_server));
  MDBPROF_RETURN_IF_ERROR(ReadAllocSampleRate(settings, &c.alloc_sample_rate));
  MDBPROF_RETURN_IF_ERROR(ReadServerKind(settings, &c.server_kind));
  MDBPROF_RETURN_IF_ERROR(ReadBool(settings, kFullNames, &c.full_names));
  MDBPROF_RETURN_IF_ERROR(ReadAttachMode(settings, env, &c));
  if (!c.base_server.empty() && !settings.Get(kRepetitions)) {
    c.repetitions = kAbRepetitions;
  }
  // A/B mode counts every allocation, so allocs/op and B/op are exact.
  if (!c.base_server.empty() && !c.alloc_sample_rate.has_value()) {
    c.alloc_sample_rate = 1;
  }
  return c;
}

}  // namespace mdbprof::bench
