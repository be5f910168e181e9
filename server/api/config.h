// ServerConfig and its command line (EventoDB's flags).
//
//   Result<ServerConfig> config = ParseFlags(argc, argv);
//   if (!config.ok()) { std::cerr << config.status().message(); exit 2; }
//
// Flags take their value as the next argument or after '=':
//   --port N             HTTP port (0 = any free port; default 8080)
//   --host ADDR          address to bind (default 127.0.0.1)
//   --db-url URL         sqlite://FILE (more schemes: see store_factory.h)
//   --data-dir DIR       directory of the per-namespace databases
//   --db-type TYPE       backend variant (e.g. timescale with postgres://)
//   --token TOKEN        token of the namespace "default"
//   --test-mode          auth optional; in-memory store unless --db-url
//   --log-level LEVEL    debug|info|warn|error (default info)
//   --http-threads N     HTTP worker threads (default 64)
//   --malloc-trim-seconds N  release free malloc memory every N s (0 = off)
//   --pprof-allow-remote /debug/pprof/* for non-loopback clients too
//   --help               usage
#ifndef REFSERVER_API_CONFIG_H_
#define REFSERVER_API_CONFIG_H_

#include <string>

#include "base/status.h"
#include "server/api/log.h"

namespace refserver {

struct ServerConfig {
  std::string host = "127.0.0.1";
  int port = 8080;
  std::string db_url;
  std::string data_dir;
  std::string db_type;
  std::string token;  // "" = generate one (printed at start-up)
  bool test_mode = false;
  // /debug/pprof/* answers only loopback clients unless this is set.
  bool pprof_allow_remote = false;
  LogLevel log_level = LogLevel::kInfo;
  // cpp-httplib holds one pool thread per keep-alive connection, so this
  // must exceed the number of concurrent clients.
  int http_threads = 64;
  // Every this many seconds the server hands the free memory its malloc
  // arenas hold back to the kernel (see malloc_trimmer.h); 0 = never.
  int malloc_trim_seconds = 10;
  bool show_help = false;
};

// Parses argv[1..argc). InvalidArgument with a one-line message naming the
// flag for unknown flags, missing or malformed values.
mdbprof::Result<ServerConfig> ParseFlags(int argc, const char* const* argv);

// The --help text.
std::string UsageText();

}  // namespace refserver

#endif  // REFSERVER_API_CONFIG_H_
