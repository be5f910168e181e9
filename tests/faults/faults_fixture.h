// Fault injection against whole runs (issue #6): kills, signals, servers
// that never get ready or die at once, a taken port, two runs at once and a
// full disk. Every test checks afterwards that the run left nothing: no
// process referring to the test's directories, no scratch directory, no
// database data directory, no listening port of the run.
//
// Each test gives its runs a private scratch root (TMPDIR) and PostgreSQL
// data parent (MDBPROF_PG_DATA_PARENT) inside its own ScratchDir, so
// "nothing left" is checkable exactly and runs of other tests or users of
// the machine are never looked at.
//
// Tests of faults any server must survive (kills, a taken port) run once per
// server under test (Subject): the in-tree refserver, and the Go subject
// (gosubject/) when the tree builds it. Their names end in the subject
// ("/refserver", "/gosubject"): CTest's faults_test runs the refserver's and
// the rest, faults_go_test the Go subject's.
//
// This header: the shared fixtures (FaultsTest, SubjectFaultsTest) and their
// helpers; the tests are in faults_kill_test.cc (kills and signals) and
// faults_run_test.cc (servers that misbehave, bad profiles and budgets,
// ports, disks, an external PostgreSQL).
#ifndef MDBPROF_TESTS_FAULTS_FAULTS_FIXTURE_H_
#define MDBPROF_TESTS_FAULTS_FAULTS_FIXTURE_H_

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <ostream>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "fixtures/backend.h"
#include "fixtures/child_process.h"
#include "fixtures/janitor.h"
#include "fixtures/scratch_dir.h"
#include "fixtures/test_util.h"
#include "gtest/gtest.h"

namespace mdbprof::faults {

namespace fs = std::filesystem;
using fixtures::ChildOptions;
using fixtures::ChildProcess;
using fixtures::ExitStatus;
using fixtures::testing::ReadFile;
using fixtures::testing::WaitFor;
using Env = std::vector<std::pair<std::string, std::string>>;
using std::chrono::seconds;

// True when something listens on TCP `port` (IPv4 or IPv6).
inline bool Listening(int port) {
  char hex[8];
  snprintf(hex, sizeof hex, ":%04X", port);
  for (const char* table : {"/proc/net/tcp", "/proc/net/tcp6"}) {
    std::istringstream in(ReadFile(table));
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
      std::istringstream fields(line);
      std::string slot, local, remote, state;
      fields >> slot >> local >> remote >> state;
      if (state == "0A" && local.size() > 5 &&
          local.compare(local.size() - 5, 5, hex) == 0) {
        return true;
      }
    }
  }
  return false;
}

inline std::vector<std::string> Entries(const std::string& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    out.push_back(e.path().string());
  }
  return out;
}

// Server pids and ports from profile_bench's "[b] server up ..." lines.
inline std::vector<std::pair<pid_t, int>> ServersIn(const std::string& log) {
  static const std::regex up(R"(server up in \S+ \(pid (\d+), port (\d+)\))");
  std::vector<std::pair<pid_t, int>> out;
  for (auto it = std::sregex_iterator(log.begin(), log.end(), up);
       it != std::sregex_iterator(); ++it) {
    out.emplace_back(std::stoi((*it)[1]), std::stoi((*it)[2]));
  }
  return out;
}

// A server under test of the fault tests that hold for every server:
// profile_bench runs it through MDBPROF_SERVER.
struct Subject {
  std::string name;    // "refserver", "gosubject": the test-name suffix
  std::string binary;  // its executable
  std::string kind;    // its fixtures::ServerKind name

  // The kernel's name of its processes (/proc/PID/comm: 15 bytes at most).
  std::string comm() const {
    return fs::path(binary).filename().string().substr(0, 15);
  }
};

// gtest prints a Subject by its name.
inline void PrintTo(const Subject& subject, std::ostream* os) {
  *os << subject.name;
}

// The refserver, and the Go subject when this tree builds it.
inline std::vector<Subject> Subjects() {
  std::vector<Subject> subjects = {
      {"refserver", MDBPROF_REFSERVER, "refserver"}};
#ifdef MDBPROF_GOSUBJECT_BIN
  subjects.push_back({"gosubject", MDBPROF_GOSUBJECT_BIN, "eventodb"});
#endif
  return subjects;
}

// For INSTANTIATE_TEST_SUITE_P: names instances after their subject.
inline std::string SubjectName(const ::testing::TestParamInfo<Subject>& info) {
  return info.param.name;
}

class FaultsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<fixtures::ScratchDir> root = fixtures::ScratchDir::Create("faults");
    ASSERT_TRUE(root.ok()) << root.status().message();
    root_.emplace(std::move(*root));
    tmp_ = root_->path() + "/tmp";
    shm_ = root_->path() + "/shm";
    fs::create_directories(tmp_);
    fs::create_directories(shm_);
    // The postgres backend runs its cluster as the `postgres` user, which
    // must traverse these (as it must /tmp's mkdtemp dirs).
    for (const std::string& dir : {root_->path(), tmp_, shm_}) {
      fs::permissions(dir, fs::perms::owner_all | fs::perms::group_exec |
                               fs::perms::others_exec);
    }
    budget_ = root_->path() + "/lenient.json";
    std::ofstream(budget_) << R"({"metrics": {"errors": {"max": 0}}})";
  }

  void TearDown() override {
    for (auto& child : children_) child->Stop(seconds(2));
  }

  // True when this build has backend `name` (fixtures::KnownBackends()).
  static bool HasBackend(const std::string& name) {
    const std::vector<std::string> known = fixtures::KnownBackends();
    return std::find(known.begin(), known.end(), name) != known.end();
  }

  Env BaseEnv(const std::string& out = "out") const {
    return {{"TMPDIR", tmp_},
            {"MDBPROF_PG_DATA_PARENT", shm_},
            {"MDBPROF_OUT", root_->path() + "/" + out},
            {"MDBPROF_BACKENDS", "sqlite"},
            {"MDBPROF_DURATION", "3"},
            {"MDBPROF_WARMUP", "0"},
            {"MDBPROF_WORKERS", "2"},
            {"MDBPROF_READY_TIMEOUT", "10"},
            {"MDBPROF_BUDGETS", budget_}};
  }

  static Env With(Env env, const Env& more) {
    for (const auto& [key, value] : more) {
      auto it = std::find_if(env.begin(), env.end(),
                             [&](const auto& kv) { return kv.first == key; });
      if (it != env.end()) {
        it->second = value;
      } else {
        env.emplace_back(key, value);
      }
    }
    return env;
  }

  // Starts `argv` (argv[0] = profile_bench unless given) with `env`.
  ChildProcess* Start(const Env& env, const std::string& log_name,
                      std::vector<std::string> argv = {}) {
    ChildOptions options;
    options.argv = argv.empty()
                       ? std::vector<std::string>{MDBPROF_PROFILE_BENCH}
                       : std::move(argv);
    options.env = env;
    options.log_path = root_->path() + "/" + log_name;
    Result<std::unique_ptr<ChildProcess>> child = ChildProcess::Start(options);
    EXPECT_TRUE(child.ok()) << child.status().message();
    if (!child.ok()) return nullptr;
    children_.push_back(std::move(*child));
    return children_.back().get();
  }

  std::string Log(const ChildProcess& p) const {
    return ReadFile(p.log_path());
  }

  // Waits for `child` to exit; its exit code (-1 for a signal or timeout).
  int ExitCode(ChildProcess& child, seconds timeout = seconds(120)) {
    Result<ExitStatus> status = child.Wait(timeout);
    child.Stop(seconds(2));
    if (!status.ok() || !status->exited) return -1;
    return status->code;
  }

  // Waits until the log of `bench` shows the measured load under way.
  bool WaitForLoad(ChildProcess& bench, const std::string& backend = "sqlite") {
    return WaitFor(
        [&] {
          return Log(bench).find("[" + backend + "] load ") !=
                 std::string::npos;
        },
        seconds(90));
  }

  enum class Progress { kLoad, kSkipped, kNeither };
  // Waits until `bench` shows the measured load of `backend` under way, says
  // the backend is skipped on this machine, or exits (kNeither, as after
  // 90 s without either line).
  Progress WaitForLoadOrSkip(ChildProcess& bench, const std::string& backend) {
    WaitFor(
        [&] {
          const std::string log = Log(bench);
          return log.find("[" + backend + "] load ") != std::string::npos ||
                 log.find("SKIPPED") != std::string::npos || !bench.IsAlive();
        },
        seconds(90));
    const std::string log = Log(bench);
    if (log.find("[" + backend + "] load ") != std::string::npos) {
      return Progress::kLoad;
    }
    return log.find("SKIPPED") != std::string::npos ? Progress::kSkipped
                                                    : Progress::kNeither;
  }

  // Runs a fresh `profile_bench --init_run` (whose janitor reaps what dead
  // runs left) with the same scratch root.
  std::string RunJanitorViaNewRun() {
    ChildProcess* next = Start(BaseEnv(), "janitor-run.log",
                               {MDBPROF_PROFILE_BENCH, "--init_run"});
    if (next == nullptr) return "";
    EXPECT_EQ(ExitCode(*next, seconds(30)), 0) << Log(*next);
    return Log(*next);
  }

  // Nothing of the test's runs is left: processes, scratch and data
  // directories, listening ports.
  void ExpectNothingLeft(const std::vector<int>& ports = {}) {
    for (auto& child : children_) child->Stop(seconds(5));
    EXPECT_TRUE(WaitFor(
        [&] { return fixtures::ProcessesReferringTo(root_->path()).empty(); },
        seconds(5)))
        << "process still running: pid "
        << fixtures::ProcessesReferringTo(root_->path())[0];
    EXPECT_EQ(Entries(tmp_), std::vector<std::string>{}) << "scratch left";
    EXPECT_EQ(Entries(shm_), std::vector<std::string>{}) << "pg data left";
    for (int port : ports) EXPECT_FALSE(Listening(port)) << "port " << port;
  }

  std::optional<fixtures::ScratchDir> root_;
  std::string tmp_, shm_, budget_;
  std::vector<std::unique_ptr<ChildProcess>> children_;
};

// A fault test run once per Subject (INSTANTIATE_TEST_SUITE_P(Servers, ...,
// ::testing::ValuesIn(Subjects()), SubjectName)). Skips with one line when
// the subject's binary is not built.
class SubjectFaultsTest : public FaultsTest,
                          public ::testing::WithParamInterface<Subject> {
 protected:
  void SetUp() override {
    FaultsTest::SetUp();
    if (HasFatalFailure()) return;
    if (access(subject().binary.c_str(), X_OK) != 0) {
      GTEST_SKIP() << subject().name << " is not built: " << subject().binary;
    }
  }

  const Subject& subject() const { return GetParam(); }

  // BaseEnv() with the subject as the server under test.
  Env SubjectEnv(const std::string& out = "out") const {
    return With(BaseEnv(out), {{"MDBPROF_SERVER", subject().binary}});
  }
};

}  // namespace mdbprof::faults

#endif  // MDBPROF_TESTS_FAULTS_FAULTS_FIXTURE_H_
