// ServerUnderTest: the server a measurement drives — all that Measure()
// needs to know of it, whether the suite launched it (LaunchedServer,
// launched_server.h), attached to one already running (AttachedServer,
// attached_server.h) or a test serves it in-process.
//
//   std::unique_ptr<ServerUnderTest> server = ...;
//   LoadConfig load{.host = server->host(), .port = server->port(),
//                   .token = server->token()};
//   if (std::optional<pid_t> pid = server->local_pid()) ...read /proc...
//   else Say("CPU per op not measured: " + server->not_local_reason());
//   std::string note = server->Stop();
//
// Threading: CheckAlive() may be called from a watch thread while the owner
// uses the accessors; Stop() only by the owner, after the watch has stopped.
#ifndef MDBPROF_BENCH_SERVER_UNDER_TEST_H_
#define MDBPROF_BENCH_SERVER_UNDER_TEST_H_

#include <sys/types.h>

#include <optional>
#include <string>

#include "base/status.h"

namespace mdbprof::fixtures {
class ServerProcess;
}  // namespace mdbprof::fixtures

namespace mdbprof::bench {

class ServerUnderTest {
 public:
  virtual ~ServerUnderTest() = default;

  // Where it serves HTTP, and the token of namespace `default`.
  virtual const std::string& host() const = 0;
  virtual int port() const = 0;
  virtual const std::string& token() const = 0;

  // The server's process on this machine, whose /proc entries give its CPU
  // time and RSS; nullopt when there is none to read (a remote server), and
  // then not_local_reason() says why.
  virtual std::optional<pid_t> local_pid() const = 0;
  virtual std::string not_local_reason() const = 0;

  // The binary as the run records it (config.server_binary): its path when
  // known, else the URL.
  virtual std::string binary() const = 0;
  // "http://HOST:PORT" when attached; "" when the suite launched it.
  virtual std::string attached_url() const = 0;
  // Its fixtures::ServerKind name ("refserver", "eventodb"); "" when
  // unknown (a remote server whose kind MDBPROF_SERVER_KIND does not name).
  virtual std::string kind_name() const = 0;
  // The process the suite launched, for what the run's README says of its
  // start (kind, environment); null when the suite did not launch one.
  virtual const fixtures::ServerProcess* launched_process() const {
    return nullptr;
  }

  // OK while the server can serve as far as this side can tell; else why
  // not (with its log tail when there is a log).
  virtual Status CheckAlive() = 0;

  // Stops the server if the suite started it; idempotent. Returns a note
  // when it did not shut down cleanly ("" otherwise, and always for an
  // attached server, which is left running).
  virtual std::string Stop() = 0;
};

}  // namespace mdbprof::bench

#endif  // MDBPROF_BENCH_SERVER_UNDER_TEST_H_
