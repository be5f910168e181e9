#include "server/api/config.h"

#include <charconv>
#include <optional>
#include <string_view>

namespace refserver {
namespace {

using mdbprof::InvalidArgument;
using mdbprof::Result;

Result<int> ParseInt(std::string_view flag, std::string_view text, int min,
                     int max) {
  int value = 0;
  auto [end, error] =
      std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < min ||
      value > max) {
    return InvalidArgument(std::string(flag) + " expects an integer in [" +
                           std::to_string(min) + ", " + std::to_string(max) +
                           "], got '" + std::string(text) + "'");
  }
  return value;
}

}  // namespace

std::string UsageText() {
  return R"(Usage: refserver [flags]
A MessageDB-compatible event store (EventoDB's HTTP/RPC API).

  --port N           HTTP port; 0 picks a free one (default 8080)
  --host ADDR        address to bind (default 127.0.0.1)
  --db-url URL       database: sqlite://FILE (FILE resolved in --data-dir)
  --data-dir DIR     directory of the per-namespace databases
  --db-type TYPE     backend variant (e.g. timescale with postgres://)
  --token TOKEN      token of namespace "default" (ns_<base64url>_<64 hex>)
  --test-mode        authentication optional; in-memory unless --db-url
  --log-level LEVEL  debug, info, warn or error (default info)
  --http-threads N   HTTP worker threads (default 64)
  --malloc-trim-seconds N  return free malloc memory to the kernel every N
                     seconds; 0 = never (default 10)
  --pprof-allow-remote  answer /debug/pprof/* for non-loopback clients too
  --help             this text
)";
}

Result<ServerConfig> ParseFlags(int argc, const char* const* argv) {
  ServerConfig config;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg.substr(0, 2) != "--") {
      return InvalidArgument("unexpected argument '" + std::string(arg) +
                             "' (see --help)");
    }
    std::string_view name = arg;
    std::optional<std::string_view> inline_value;
    if (size_t eq = arg.find('='); eq != std::string_view::npos) {
      name = arg.substr(0, eq);
      inline_value = arg.substr(eq + 1);
    }
    if (name == "--help" || name == "--test-mode" ||
        name == "--pprof-allow-remote") {
      if (inline_value.has_value()) {
        return InvalidArgument(std::string(name) + " takes no value");
      }
      if (name == "--help") config.show_help = true;
      if (name == "--test-mode") config.test_mode = true;
      if (name == "--pprof-allow-remote") config.pprof_allow_remote = true;
      continue;
    }
    std::string_view value;
    if (inline_value.has_value()) {
      value = *inline_value;
    } else if (i + 1 < argc &&
               std::string_view(argv[i + 1]).substr(0, 2) != "--") {
      value = argv[++i];
    } else {
      return InvalidArgument(std::string(name) + " requires a value");
    }
    if (value.empty()) {
      return InvalidArgument(std::string(name) + " requires a non-empty value");
    }
    if (name == "--port") {
      Result<int> port = ParseInt(name, value, 0, 65535);
      if (!port.ok()) return port.status();
      config.port = *port;
    } else if (name == "--host") {
      config.host = std::string(value);
    } else if (name == "--db-url") {
      config.db_url = std::string(value);
    } else if (name == "--data-dir") {
      config.data_dir = std::string(value);
    } else if (name == "--db-type") {
      config.db_type = std::string(value);
    } else if (name == "--token") {
      config.token = std::string(value);
    } else if (name == "--log-level") {
      Result<LogLevel> level = ParseLogLevel(value);
      if (!level.ok()) return level.status().WithContext("--log-level");
      config.log_level = *level;
    } else if (name == "--http-threads") {
      Result<int> threads = ParseInt(name, value, 1, 4096);
      if (!threads.ok()) return threads.status();
      config.http_threads = *threads;
    } else if (name == "--malloc-trim-seconds") {
      Result<int> seconds = ParseInt(name, value, 0, 86400);
      if (!seconds.ok()) return seconds.status();
      config.malloc_trim_seconds = *seconds;
    } else {
      return InvalidArgument("unknown flag '" + std::string(name) +
                             "' (see --help)");
    }
  }
  return config;
}

}  // namespace refserver
