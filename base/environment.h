// The one reader of the process environment: every variable the suite's
// libraries look up goes through EnvValue (an empty value counts as unset,
// so `VAR= cmd` means "the default"). profile_bench's knobs are validated
// once, in bench/bench_config.h, on top of it; the fixtures' variables (the
// PostgreSQL and Pebble locations, POSTGRES_*, MDBPROF_SERVER,
// DEFAULT_TOKEN, TMPDIR) are checked where they are used, with messages
// naming the variable. The reference server (server/) reads its own.
//
//   std::string bin = EnvOr("MDBPROF_PG_BIN_DIR",
//   "/usr/lib/postgresql/15/bin"); if (std::optional<std::string> host =
//   EnvValue("POSTGRES_HOST")) ...
#ifndef MDBPROF_BASE_ENVIRONMENT_H_
#define MDBPROF_BASE_ENVIRONMENT_H_

#include <cstdlib>
#include <optional>
#include <string>

namespace mdbprof {

// The value of environment variable `name`; nullopt when unset or empty.
inline std::optional<std::string> EnvValue(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') return std::nullopt;
  return std::string(value);
}

// EnvValue(name), or `fallback` when it is unset or empty.
inline std::string EnvOr(const char* name, const std::string& fallback) {
  return EnvValue(name).value_or(fallback);
}

// Where temporary directories go: $TMPDIR, else /tmp.
inline std::string TmpDir() { return EnvOr("TMPDIR", "/tmp"); }

}  // namespace mdbprof

#endif  // MDBPROF_BASE_ENVIRONMENT_H_
