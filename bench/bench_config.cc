#include "bench/bench_config.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>

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
constexpr Knob kKnobs[] = {kDuration,     kWarmup,    kWorkers, kRepetitions,
                           kBackends,     kOut,       kRunDir,  kBudgets,
                           kReadyTimeout, kBaseServer};

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

Status ReadPath(const Settings& settings, const Knob& knob, std::string* out) {
  std::optional<Setting> s = settings.Get(knob);
  if (s) *out = s->value;
  return Status::Ok();
}

}  // namespace

EnvLookup ProcessEnvironment() {
  return [](const char* name) -> std::optional<std::string> {
    const char* v = std::getenv(name);
    if (v == nullptr || *v == '\0') return std::nullopt;
    return std::string(v);
  };
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
  if (!c.base_server.empty() && !settings.Get(kRepetitions)) {
    c.repetitions = kAbRepetitions;
  }
  return c;
}

}  // namespace mdbprof::bench
