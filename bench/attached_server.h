// AttachedServer: attach mode's ServerUnderTest — a server that is already
// running at a URL (MDBPROF_URL / --url), maybe on another host. The suite
// neither launches nor provisions nor stops it; it only drives the load and
// reads the profiles over HTTP.
//
// Attach() waits (up to the ready timeout) until GET /health answers 200,
// then finds the server's process when it is local (local_listener.h), so
// that CPU per op and peak RSS come from /proc; for a remote server (or with
// the process lookup turned off) they are not measured.
//
//   AttachOptions options;
//   options.url = *ParseServerUrl("http://127.0.0.1:8080");
//   Result<std::unique_ptr<AttachedServer>> server =
//       AttachedServer::Attach(options);
//   if (!server.ok()) return server.status();  // names the URL
//   (*server)->local_pid();                    // the pid listening on 8080
#ifndef MDBPROF_BENCH_ATTACHED_SERVER_H_
#define MDBPROF_BENCH_ATTACHED_SERVER_H_

#include <atomic>
#include <memory>
#include <string>

#include "bench/server_under_test.h"
#include "bench/server_url.h"

namespace mdbprof::bench {

// AttachOptions::pid values besides a real pid.
inline constexpr pid_t kAttachPidByPort = -1;  // find it (local_listener.h)
inline constexpr pid_t kAttachPidNone = 0;     // treat the server as remote

struct AttachOptions {
  ServerUrl url;      // REQUIRED
  std::string token;  // "" = fixtures::DefaultToken()
  double ready_timeout_s = 30;
  // Which local process the server is: kAttachPidByPort, kAttachPidNone, or
  // the pid itself (e.g. when the port belongs to a proxy such as
  // docker-proxy and the server runs behind it).
  pid_t pid = kAttachPidByPort;
  // A fixtures::ServerKind name (MDBPROF_SERVER_KIND); "" = detected from
  // the local process's binary, unknown for a remote server.
  std::string kind_name;
  // Polled while waiting for /health; when it becomes true Attach() gives up
  // with "interrupted". May be null.
  const std::atomic<bool>* interrupt = nullptr;
};

class AttachedServer : public ServerUnderTest {
 public:
  // Unavailable naming the URL when /health does not answer 200 in time;
  // FailedPrecondition when a given pid is not a running process.
  static Result<std::unique_ptr<AttachedServer>> Attach(
      const AttachOptions& options);

  const std::string& host() const override { return url_.host; }
  int port() const override { return url_.port; }
  const std::string& token() const override { return token_; }
  std::optional<pid_t> local_pid() const override { return pid_; }
  std::string not_local_reason() const override { return not_local_reason_; }
  // /proc/<pid>/exe when the process is known and readable, else the URL.
  std::string binary() const override { return binary_; }
  std::string attached_url() const override { return url_.ToString(); }
  std::string kind_name() const override { return kind_name_; }
  // With a local process: Unavailable once it has exited (or its pid has
  // been reused). Without one: always OK — a remote server's failures show
  // as failed requests.
  Status CheckAlive() override;
  // Leaves the server running.
  std::string Stop() override { return ""; }

 private:
  AttachedServer() = default;

  ServerUrl url_;
  std::string token_;
  std::optional<pid_t> pid_;
  int64_t pid_start_ticks_ = 0;
  std::string not_local_reason_;
  std::string binary_;
  std::string kind_name_;
};

}  // namespace mdbprof::bench

#endif  // MDBPROF_BENCH_ATTACHED_SERVER_H_
