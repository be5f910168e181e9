#include "tests/conformance/backend_server.h"

#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <map>
#include <mutex>
#include <random>
#include <sstream>

#include "fixtures/janitor.h"

namespace mdbprof::conformance {
namespace {

using Clock = std::chrono::steady_clock;

std::mutex& RegistryMutex() {
  static std::mutex mu;
  return mu;
}

std::map<std::string, std::unique_ptr<BackendServer>>& Registry() {
  static auto* registry =
      new std::map<std::string, std::unique_ptr<BackendServer>>();
  return *registry;
}

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Nullopt when MDBPROF_BACKENDS is unset or empty (= every backend).
std::optional<std::string> SelectedBackends() {
  const char* value = getenv("MDBPROF_BACKENDS");
  if (value == nullptr || *value == '\0') return std::nullopt;
  return std::string(value);
}

bool Selected(const std::string& name) {
  std::optional<std::string> list = SelectedBackends();
  if (!list.has_value()) return true;
  std::stringstream in(*list);
  std::string item;
  while (std::getline(in, item, ',')) {
    if (item == name) return true;
  }
  return false;
}

// Tears every backend down when the test program ends (also after failures).
// First reaps what killed earlier runs left behind (fixtures/janitor.h).
class TearDownEnvironment : public ::testing::Environment {
 public:
  void SetUp() override { fixtures::RunJanitor("conformance_test"); }
  void TearDown() override { BackendServer::TearDownAll(); }
};

[[maybe_unused]] ::testing::Environment* const kTearDown =
    ::testing::AddGlobalTestEnvironment(new TearDownEnvironment);

}  // namespace

BackendServer& BackendServer::Get(const std::string& name) {
  std::lock_guard<std::mutex> lock(RegistryMutex());
  auto& registry = Registry();
  auto it = registry.find(name);
  if (it != registry.end()) return *it->second;
  std::unique_ptr<BackendServer> server(new BackendServer(name));
  server->status_ = server->BringUp();
  if (!server->status_.ok()) server->Stop();
  std::cout << "[ backend  ] " << name << ": ";
  if (server->status_.ok()) {
    std::cout << "up (provision " << server->provision_seconds_
              << " s, server start " << server->startup_seconds_
              << " s, server kind " << server->server_kind_ << ", "
              << server->server_kind_reason_ << ")";
  } else if (fixtures::IsSkip(server->status_)) {
    std::cout << "skipped: " << server->status_.message();
  } else {
    std::cout << "FAILED to come up: " << server->status_.message();
  }
  std::cout << std::endl;
  return *registry.emplace(name, std::move(server)).first->second;
}

void BackendServer::TearDownAll() {
  std::lock_guard<std::mutex> lock(RegistryMutex());
  for (auto& [name, server] : Registry()) server->Stop();
  Registry().clear();
}

Status BackendServer::BringUp() {
  if (!Selected(name_)) {
    return fixtures::SkipBackend(name_ + " is not in MDBPROF_BACKENDS='" +
                                 SelectedBackends().value_or("") + "'");
  }
  // What killed runs left goes first (once per process; fixtures/janitor.h).
  static const bool reaped = (fixtures::RunJanitor("conformance"), true);
  (void)reaped;
  Result<fixtures::ScratchDir> scratch =
      fixtures::ScratchDir::Create("mdbprof-conformance");
  if (!scratch.ok()) return scratch.status();
  scratch_.emplace(std::move(*scratch));

  Result<std::unique_ptr<fixtures::Backend>> backend =
      fixtures::MakeBackend(name_);
  if (!backend.ok()) return backend.status();
  backend_ = std::move(*backend);
  const auto start = Clock::now();
  Status provisioned = backend_->Provision(*scratch_);
  provision_seconds_ = SecondsSince(start);
  if (!provisioned.ok()) {
    return fixtures::IsSkip(provisioned)
               ? provisioned
               : provisioned.WithContext(name_ + ": provisioning failed");
  }
  return StartServer();
}

Status BackendServer::StartServer() {
  ++starts_;
  fixtures::ServerOptions options;
  options.database = backend_->Target();
  options.env = backend_->ServerEnv();
  options.log_path =
      scratch_->path() + "/server-" + std::to_string(starts_) + ".log";
  options.ready_deadline = std::chrono::seconds(60);
  Result<std::unique_ptr<fixtures::ServerProcess>> server =
      fixtures::ServerProcess::Start(options);
  if (!server.ok()) return server.status().WithContext(name_);
  server_ = std::move(*server);
  startup_seconds_ = server_->startup_seconds();
  server_kind_ = server_->kind().name();
  server_kind_reason_ = server_->kind_reason();
  return Status::Ok();
}

void BackendServer::Stop() {
  if (server_ != nullptr) server_->Stop(std::chrono::seconds(10));
  server_.reset();
  if (backend_ != nullptr) backend_->Teardown();
  backend_.reset();
  scratch_.reset();
}

const std::string& BackendServer::host() const { return server_->host(); }
int BackendServer::port() const { return server_->port(); }
const std::string& BackendServer::admin_token() const {
  return server_->token();
}

RpcClient BackendServer::Client(const std::string& token) const {
  return RpcClient(server_->host(), server_->port(), token);
}

Status BackendServer::KillAndRestart() {
  if (server_ == nullptr) return Internal(name_ + ": no server to restart");
  if (::kill(server_->pid(), SIGKILL) != 0) {
    return Internal(name_ + ": kill(SIGKILL) failed");
  }
  fixtures::ExitStatus ended = server_->Stop(std::chrono::seconds(10));
  if (ended.exited || ended.signal != SIGKILL) {
    return Internal(name_ + ": the server ended by '" + ended.ToString() +
                    "', not by the SIGKILL");
  }
  server_.reset();
  // Later tests of this backend fail with this error instead of crashing.
  status_ = backend_->CheckAlive();
  if (status_.ok()) status_ = StartServer();
  return status_;
}

std::string BackendServer::LogTail(int n) const {
  if (server_ == nullptr) return "";
  return server_->process().LogTail(n);
}

std::string UniqueName(const std::string& prefix) {
  static const std::string tag = [] {
    std::random_device device;
    std::mt19937 random(device());
    std::uniform_int_distribution<int> letter(0, 25);
    std::string t;
    for (int i = 0; i < 5; ++i) t += static_cast<char>('a' + letter(random));
    return t;
  }();
  static std::atomic<int> counter{0};
  return prefix + tag + std::to_string(++counter);
}

}  // namespace mdbprof::conformance
