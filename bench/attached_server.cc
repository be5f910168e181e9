#include "bench/attached_server.h"

#include <chrono>
#include <filesystem>
#include <thread>

#include "bench/http_fetch.h"
#include "bench/local_listener.h"
#include "fixtures/proc_stat.h"
#include "fixtures/server_kind.h"
#include "fixtures/server_process.h"

namespace mdbprof::bench {
namespace {

constexpr auto kPollInterval = std::chrono::milliseconds(200);

// The stat of `pid` while it runs; nullopt once it is gone or a zombie.
std::optional<fixtures::ProcStat> LiveStat(pid_t pid) {
  Result<fixtures::ProcStat> stat = fixtures::ReadProcStat(pid);
  if (!stat.ok() || !stat->Live()) return std::nullopt;
  return *stat;
}

// GET /health until it answers 200, the deadline passes or `interrupt`.
Status WaitForHealth(const AttachOptions& options) {
  const std::string url = options.url.ToString();
  const auto deadline = std::chrono::steady_clock::now() +
                        std::chrono::milliseconds(static_cast<int64_t>(
                            options.ready_timeout_s * 1000));
  HttpFetcher fetcher(options.url.host, options.url.port);
  Status last;
  while (true) {
    Result<std::string> health = fetcher.Get("/health", 5);
    if (health.ok()) return Status::Ok();
    last = health.status();
    if (options.interrupt != nullptr && options.interrupt->load()) {
      return Unavailable("attaching to " + url + ": interrupted");
    }
    if (std::chrono::steady_clock::now() + kPollInterval >= deadline) break;
    std::this_thread::sleep_for(kPollInterval);
  }
  return Unavailable(
      "attach mode: the server at " + url +
      " did not answer GET /health with 200 within " +
      std::to_string(static_cast<int>(options.ready_timeout_s)) +
      " s (MDBPROF_READY_TIMEOUT); is it running there? Last answer: " +
      last.message());
}

}  // namespace

Result<std::unique_ptr<AttachedServer>> AttachedServer::Attach(
    const AttachOptions& options) {
  MDBPROF_RETURN_IF_ERROR(WaitForHealth(options));
  std::unique_ptr<AttachedServer> server(new AttachedServer());
  server->url_ = options.url;
  server->token_ =
      options.token.empty() ? fixtures::DefaultToken() : options.token;
  if (options.pid == kAttachPidByPort) {
    LocalListener found = FindLocalListener(options.url.host, options.url.port);
    server->pid_ = found.pid;
    server->not_local_reason_ = found.reason;
  } else if (options.pid == kAttachPidNone) {
    server->not_local_reason_ =
        "the process lookup is off (MDBPROF_ATTACH_PID=none)";
  } else {
    if (!LiveStat(options.pid)) {
      return FailedPrecondition(
          "MDBPROF_ATTACH_PID=" + std::to_string(options.pid) +
          ": no such running process on this machine");
    }
    server->pid_ = options.pid;
  }
  server->binary_ = server->url_.ToString();
  bool exe_known = false;
  if (server->pid_) {
    std::optional<fixtures::ProcStat> stat = LiveStat(*server->pid_);
    if (!stat) {
      return Unavailable("the process " + std::to_string(*server->pid_) +
                         " serving " + server->url_.ToString() +
                         " exited while attaching");
    }
    server->pid_start_ticks_ = stat->start_ticks;
    std::error_code ec;
    std::filesystem::path exe = std::filesystem::read_symlink(
        "/proc/" + std::to_string(*server->pid_) + "/exe", ec);
    if (!ec && !exe.empty()) {
      server->binary_ = exe.string();
      exe_known = true;
    }
  }
  server->kind_name_ = options.kind_name;
  if (options.kind_name.empty() && exe_known) {
    Result<fixtures::ResolvedServerKind> kind =
        fixtures::ResolveServerKind(server->binary_, std::nullopt);
    if (kind.ok()) server->kind_name_ = kind->kind->name();
  }
  return server;
}

Status AttachedServer::CheckAlive() {
  if (!pid_) return Status::Ok();
  std::optional<fixtures::ProcStat> stat = LiveStat(*pid_);
  if (stat && stat->start_ticks == pid_start_ticks_) return Status::Ok();
  return Unavailable("the attached server's process " + std::to_string(*pid_) +
                     " (" + binary_ + ", serving " + url_.ToString() +
                     ") exited during the measurement");
}

}  // namespace mdbprof::bench
