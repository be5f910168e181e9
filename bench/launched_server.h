// LaunchedServer: the ServerUnderTest of a server the suite started itself
// (fixtures::ServerProcess) — local, with a log, stopped at the end.
//
//   Result<std::unique_ptr<fixtures::ServerProcess>> p =
//       fixtures::ServerProcess::Start(options);
//   if (!p.ok()) return p.status();
//   auto server = std::make_unique<LaunchedServer>(std::move(*p));
#ifndef MDBPROF_BENCH_LAUNCHED_SERVER_H_
#define MDBPROF_BENCH_LAUNCHED_SERVER_H_

#include <memory>
#include <string>

#include "bench/server_under_test.h"
#include "fixtures/server_process.h"

namespace mdbprof::bench {

class LaunchedServer : public ServerUnderTest {
 public:
  // REQUIRES: `process` is not null.
  explicit LaunchedServer(std::unique_ptr<fixtures::ServerProcess> process);

  const std::string& host() const override { return process_->host(); }
  int port() const override { return process_->port(); }
  const std::string& token() const override { return process_->token(); }
  std::optional<pid_t> local_pid() const override { return process_->pid(); }
  std::string not_local_reason() const override { return ""; }
  std::string binary() const override { return process_->binary(); }
  std::string attached_url() const override { return ""; }
  std::string kind_name() const override { return process_->kind().name(); }
  const fixtures::ServerProcess* launched_process() const override {
    return process_.get();
  }
  // Unavailable, with the exit status and the log tail, once it has exited.
  Status CheckAlive() override;
  // SIGTERM, then SIGKILL after 10 s; a note unless it exited with 0 or on
  // the SIGTERM.
  std::string Stop() override;

  fixtures::ServerProcess& process() { return *process_; }

 private:
  std::unique_ptr<fixtures::ServerProcess> process_;
};

}  // namespace mdbprof::bench

#endif  // MDBPROF_BENCH_LAUNCHED_SERVER_H_
