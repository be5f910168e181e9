#include "bench/launched_server.h"

#include <signal.h>

#include <utility>

#include "fixtures/readiness.h"

namespace mdbprof::bench {
namespace {

constexpr int kLogTailLines = 20;

}  // namespace

LaunchedServer::LaunchedServer(std::unique_ptr<fixtures::ServerProcess> process)
    : process_(std::move(process)) {}

Status LaunchedServer::CheckAlive() {
  fixtures::ChildProcess& child = process_->process();
  if (child.IsAlive()) return Status::Ok();
  return Unavailable(child.Describe() + " " + child.exit_status()->ToString() +
                     " during the measurement" +
                     fixtures::FormatLogTail(child, kLogTailLines));
}

std::string LaunchedServer::Stop() {
  fixtures::ExitStatus exit = process_->Stop();
  const bool clean = (exit.exited && exit.code == 0) ||
                     (!exit.exited && exit.signal == SIGTERM);
  return clean ? "" : "server " + exit.ToString() + " at shutdown";
}

}  // namespace mdbprof::bench
