// The `refserver` binary as the suite runs it: flags, exit codes, serving,
// and a clean stop on SIGTERM/SIGINT.
#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "server/testing/rpc_harness.h"
#include "server/testing/scoped_temp_dir.h"

namespace refserver {
namespace {

using Clock = std::chrono::steady_clock;

// The refserver binary as a child in its own process group, output to a
// log file; killed (SIGKILL) if still running when the object goes away.
class Child {
 public:
  Child(const std::vector<std::string>& args, const std::string& log_path)
      : log_path_(log_path) {
    std::vector<char*> argv;
    std::vector<std::string> storage = args;
    storage.insert(storage.begin(), REFSERVER_BINARY);
    for (std::string& s : storage) argv.push_back(s.data());
    argv.push_back(nullptr);
    const pid_t parent = getpid();
    pid_ = fork();
    if (pid_ == 0) {
      setpgid(0, 0);
      prctl(PR_SET_PDEATHSIG, SIGKILL);
      if (getppid() != parent) _exit(127);
      int fd = open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (fd >= 0) {
        dup2(fd, STDOUT_FILENO);
        dup2(fd, STDERR_FILENO);
        close(fd);
      }
      execv(argv[0], argv.data());
      _exit(127);
    }
  }
  ~Child() {
    if (pid_ > 0 && !exit_code_.has_value()) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
  }

  pid_t pid() const { return pid_; }
  void Signal(int sig) { kill(pid_, sig); }

  // The exit code (128+signal when killed), or nullopt after `timeout`.
  std::optional<int> Wait(std::chrono::milliseconds timeout) {
    auto deadline = Clock::now() + timeout;
    while (!exit_code_.has_value()) {
      int status = 0;
      pid_t r = waitpid(pid_, &status, WNOHANG);
      if (r == pid_) {
        exit_code_ =
            WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        break;
      }
      if (Clock::now() > deadline) return std::nullopt;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return exit_code_;
  }

  std::string Log() const {
    std::ifstream in(log_path_);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }

 private:
  pid_t pid_ = -1;
  std::string log_path_;
  std::optional<int> exit_code_;
};

int FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof(addr);
  int port = -1;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  close(fd);
  return port;
}

bool WaitHealthy(int port, Child& child) {
  httplib::Client client("127.0.0.1", port);
  client.set_connection_timeout(std::chrono::milliseconds(200));
  auto deadline = Clock::now() + std::chrono::seconds(15);
  while (Clock::now() < deadline) {
    if (child.Wait(std::chrono::milliseconds(0)).has_value()) return false;
    if (auto res = client.Get("/health"); res && res->status == 200)
      return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

class RefserverCli : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(dir_.ok()); }

  // Runs to completion; returns {exit code, output}.
  std::pair<int, std::string> Run(const std::vector<std::string>& args) {
    Child child(args, dir_.path() + "/run.log");
    std::optional<int> code = child.Wait(std::chrono::seconds(20));
    EXPECT_TRUE(code.has_value()) << "refserver did not exit: " << child.Log();
    return {code.value_or(-1), child.Log()};
  }

  testing::ScopedTempDir dir_;
};

TEST_F(RefserverCli, BadFlagsExit2WithOneLine) {
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"--bogus"},
        std::vector<std::string>{"--port", "http"},
        std::vector<std::string>{"--db-url", "mysql://localhost/x"},
        std::vector<std::string>{"--test-mode", "--token",
                                 "ns_dGVuYW50_" + std::string(64, 'a')}}) {
    auto [code, output] = Run(args);
    EXPECT_EQ(code, 2) << args[0] << ": " << output;
    EXPECT_EQ(std::count(output.begin(), output.end(), '\n'), 1) << output;
    EXPECT_NE(output.find("refserver: "), std::string::npos) << output;
  }
  auto [code, output] = Run({"--db-url", "mysql://localhost/x"});
  EXPECT_NE(output.find("sqlite://"), std::string::npos)
      << "names the supported schemes: " << output;
}

// README: every knob is validated. The sampler cannot fail before main, so
// the server used to run with its default rate on a bad value, silently.
TEST_F(RefserverCli, ABadMemProfileRateExits2NamingTheVariableAndTheValue) {
  ASSERT_EQ(setenv("MDBPROF_MEMPROFILE_RATE", "512k", 1), 0);
  auto [code, output] = Run({"--test-mode", "--port", "0"});
  unsetenv("MDBPROF_MEMPROFILE_RATE");
  EXPECT_EQ(code, 2) << output;
  EXPECT_NE(output.find("refserver: MDBPROF_MEMPROFILE_RATE='512k': expected"),
            std::string::npos)
      << output;
  EXPECT_EQ(std::count(output.begin(), output.end(), '\n'), 1) << output;
}

TEST_F(RefserverCli, HelpExits0) {
  auto [code, output] = Run({"--help"});
  EXPECT_EQ(code, 0);
  EXPECT_NE(output.find("--db-url"), std::string::npos);
}

TEST_F(RefserverCli, ServesAndStopsOnSigterm) {
  const int port = FreePort();
  ASSERT_GT(port, 0);
  Child child({"--test-mode", "--port", std::to_string(port), "--token",
               testing::kDefaultToken, "--log-level", "warn"},
              dir_.path() + "/server.log");
  ASSERT_TRUE(WaitHealthy(port, child)) << child.Log();

  httplib::Client client("127.0.0.1", port);
  client.set_bearer_token_auth(testing::kDefaultToken);
  auto res =
      client.Post("/rpc", R"(["stream.write","a-1",{"type":"T","data":{}}])",
                  "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200) << res->body;

  child.Signal(SIGTERM);
  std::optional<int> code = child.Wait(std::chrono::seconds(15));
  ASSERT_TRUE(code.has_value()) << "no exit after SIGTERM: " << child.Log();
  EXPECT_EQ(*code, 0) << child.Log();
}

TEST_F(RefserverCli, SqliteFilesPersistAcrossRestarts) {
  const std::string data = dir_.path() + "/data";
  const std::vector<std::string> args = {
      "--db-url", "sqlite://registry.db", "--data-dir",  data,
      "--token",  testing::kDefaultToken, "--log-level", "error"};
  for (int run = 0; run < 2; ++run) {
    const int port = FreePort();
    ASSERT_GT(port, 0);
    std::vector<std::string> with_port = args;
    with_port.push_back("--port");
    with_port.push_back(std::to_string(port));
    Child child(with_port, dir_.path() + "/server.log");
    ASSERT_TRUE(WaitHealthy(port, child)) << child.Log();
    httplib::Client client("127.0.0.1", port);
    client.set_bearer_token_auth(testing::kDefaultToken);
    auto res =
        client.Post("/rpc", R"(["stream.write","a-1",{"type":"T","data":{}}])",
                    "application/json");
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200) << res->body;
    EXPECT_EQ(nlohmann::json::parse(res->body)["position"], run)
        << "run " << run << " sees the earlier run's message";
    child.Signal(SIGINT);
    std::optional<int> code = child.Wait(std::chrono::seconds(15));
    ASSERT_TRUE(code.has_value()) << child.Log();
    EXPECT_EQ(*code, 0) << child.Log();
  }
  EXPECT_TRUE(std::filesystem::exists(data + "/registry.db"));
  EXPECT_TRUE(std::filesystem::exists(data + "/ns_default.db"));
}

TEST_F(RefserverCli, PortInUseExits1) {
  const int port = FreePort();
  Child first({"--test-mode", "--port", std::to_string(port)},
              dir_.path() + "/first.log");
  ASSERT_TRUE(WaitHealthy(port, first)) << first.Log();
  auto [code, output] = Run({"--test-mode", "--port", std::to_string(port)});
  EXPECT_EQ(code, 1) << output;
  EXPECT_NE(output.find(std::to_string(port)), std::string::npos) << output;
  first.Signal(SIGTERM);
  EXPECT_EQ(first.Wait(std::chrono::seconds(15)), std::optional<int>(0));
}

}  // namespace
}  // namespace refserver
