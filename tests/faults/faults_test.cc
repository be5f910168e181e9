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
#include <signal.h>
#include <sys/mount.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include "fixtures/backend.h"
#include "fixtures/child_process.h"
#include "fixtures/janitor.h"
#include "fixtures/scratch_dir.h"
#include "fixtures/test_util.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace mdbprof::faults {
namespace {

namespace fs = std::filesystem;
using fixtures::ChildOptions;
using fixtures::ChildProcess;
using fixtures::ExitStatus;
using fixtures::testing::ReadFile;
using fixtures::testing::WaitFor;
using Env = std::vector<std::pair<std::string, std::string>>;
using std::chrono::seconds;

// True when something listens on TCP `port` (IPv4 or IPv6).
bool Listening(int port) {
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

std::vector<std::string> Entries(const std::string& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    out.push_back(e.path().string());
  }
  return out;
}

// Server pids and ports from profile_bench's "[b] server up ..." lines.
std::vector<std::pair<pid_t, int>> ServersIn(const std::string& log) {
  static const std::regex up(R"(server up in \S+ \(pid (\d+), port (\d+)\))");
  std::vector<std::pair<pid_t, int>> out;
  for (auto it = std::sregex_iterator(log.begin(), log.end(), up);
       it != std::sregex_iterator(); ++it) {
    out.emplace_back(std::stoi((*it)[1]), std::stoi((*it)[2]));
  }
  return out;
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

TEST_F(FaultsTest, ServerKilledMidLoadFailsWithin5sNamingItWithItsLog) {
  ChildProcess* bench =
      Start(With(BaseEnv(), {{"MDBPROF_DURATION", "30"}}), "bench.log");
  ASSERT_NE(bench, nullptr);
  ASSERT_TRUE(WaitForLoad(*bench)) << Log(*bench);
  auto servers = ServersIn(Log(*bench));
  ASSERT_EQ(servers.size(), 1u);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  ASSERT_EQ(kill(servers[0].first, SIGKILL), 0);
  auto killed_at = std::chrono::steady_clock::now();
  EXPECT_EQ(ExitCode(*bench, seconds(20)), 1);
  EXPECT_LT(std::chrono::steady_clock::now() - killed_at, seconds(5));
  const std::string log = Log(*bench);
  EXPECT_NE(log.find("(pid " + std::to_string(servers[0].first) +
                     ") killed by signal 9 (SIGKILL) during the measurement"),
            std::string::npos)
      << log;
  EXPECT_NE(log.find("server.log"), std::string::npos) << "no log tail\n"
                                                       << log;
  ExpectNothingLeft({servers[0].second});
}

TEST_F(FaultsTest, PostmasterKilledMidLoadFailsWithin5sNamingIt) {
  std::vector<std::string> known = fixtures::KnownBackends();
  if (std::find(known.begin(), known.end(), "postgres") == known.end()) {
    GTEST_SKIP() << "no postgres backend in this build";
  }
  ChildProcess* bench = Start(
      With(BaseEnv(),
           {{"MDBPROF_DURATION", "30"}, {"MDBPROF_BACKENDS", "postgres"}}),
      "bench.log");
  ASSERT_NE(bench, nullptr);
  bool loading = WaitFor(
      [&] {
        std::string log = Log(*bench);
        return log.find("[postgres] load ") != std::string::npos ||
               log.find("SKIPPED") != std::string::npos || !bench->IsAlive();
      },
      seconds(90));
  ASSERT_TRUE(loading) << Log(*bench);
  if (Log(*bench).find("SKIPPED") != std::string::npos) {
    ExitCode(*bench);
    GTEST_SKIP() << Log(*bench);
  }
  ASSERT_TRUE(bench->IsAlive()) << Log(*bench);
  // The postmaster: the `postgres` process profile_bench started.
  pid_t postmaster = 0;
  for (pid_t pid : fixtures::ProcessesReferringTo(root_->path())) {
    std::string stat = ReadFile("/proc/" + std::to_string(pid) + "/stat");
    size_t paren = stat.rfind(')');
    int ppid =
        paren == std::string::npos ? 0 : std::atoi(stat.c_str() + paren + 4);
    if (ReadFile("/proc/" + std::to_string(pid) + "/comm") == "postgres\n" &&
        ppid == bench->pid()) {
      postmaster = pid;
    }
  }
  ASSERT_GT(postmaster, 0) << "no postmaster found";
  auto servers = ServersIn(Log(*bench));
  ASSERT_EQ(kill(postmaster, SIGKILL), 0);
  auto killed_at = std::chrono::steady_clock::now();
  EXPECT_EQ(ExitCode(*bench, seconds(30)), 1);
  EXPECT_LT(std::chrono::steady_clock::now() - killed_at, seconds(5));
  const std::string log = Log(*bench);
  EXPECT_NE(log.find("postgres (pid " + std::to_string(postmaster) + ")"),
            std::string::npos)
      << log;
  std::vector<int> ports;
  for (auto [pid, port] : servers) ports.push_back(port);
  ExpectNothingLeft(ports);
}

TEST_F(FaultsTest, BenchKilledMidLoadThenTheNextRunsJanitorCleansUp) {
  ChildProcess* bench =
      Start(With(BaseEnv(), {{"MDBPROF_DURATION", "30"}}), "bench.log");
  ASSERT_NE(bench, nullptr);
  ASSERT_TRUE(WaitForLoad(*bench)) << Log(*bench);
  auto servers = ServersIn(Log(*bench));
  ASSERT_EQ(servers.size(), 1u);
  kill(bench->pid(), SIGKILL);  // as CTest does on a timeout
  EXPECT_EQ(ExitCode(*bench, seconds(10)), -1);
  // The server dies with it (PDEATHSIG); the scratch directory stays.
  EXPECT_TRUE(
      WaitFor([&] { return fixtures::testing::ProcessGone(servers[0].first); },
              seconds(5)));
  ASSERT_EQ(Entries(tmp_).size(), 1u);
  const std::string left = Entries(tmp_)[0];

  std::string janitor = RunJanitorViaNewRun();
  EXPECT_NE(janitor.find("janitor: removed " + left), std::string::npos)
      << janitor;
  ExpectNothingLeft({servers[0].second});
}

TEST_F(FaultsTest, BenchKilledMidSetUpThenTheJanitorKillsWhatEscaped) {
  const std::string orphan_pidfile = root_->path() + "/orphan.pid";
  ChildProcess* bench =
      Start(With(BaseEnv(), {{"MDBPROF_SERVER", MDBPROF_FAULT_SERVER},
                             {"FAULT_MODE", "sleep"},
                             {"FAULT_ORPHAN_PIDFILE", orphan_pidfile},
                             {"MDBPROF_READY_TIMEOUT", "60"}}),
            "bench.log");
  ASSERT_NE(bench, nullptr);
  ASSERT_TRUE(WaitFor(
      [&] { return fixtures::testing::ReadPidFile(orphan_pidfile) > 0; },
      seconds(30)))
      << Log(*bench);
  const pid_t orphan = fixtures::testing::ReadPidFile(orphan_pidfile);
  kill(bench->pid(), SIGKILL);
  EXPECT_EQ(ExitCode(*bench, seconds(10)), -1);
  // A process that escaped PDEATHSIG still runs in the dead scratch dir.
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  ASSERT_FALSE(fixtures::testing::ProcessGone(orphan));
  ASSERT_EQ(Entries(tmp_).size(), 1u);

  std::string janitor = RunJanitorViaNewRun();
  EXPECT_NE(
      janitor.find("janitor: killed sleep (pid " + std::to_string(orphan)),
      std::string::npos)
      << janitor;
  EXPECT_TRUE(WaitFor([&] { return fixtures::testing::ProcessGone(orphan); },
                      seconds(5)));
  ExpectNothingLeft();
}

// SIGINT to ctest's process group (Ctrl-C) and SIGTERM to ctest alone (a CI
// runner cancelling the job): ctest itself does not stop its tests, so
// profile_bench must notice (its signal handler; PDEATHSIG for ctest's
// death) and clean up.
class CtestSignalTest : public FaultsTest,
                        public ::testing::WithParamInterface<int> {};

TEST_P(CtestSignalTest, StopsTheRunAndLeavesNothing) {
  const int sig = GetParam();
  ChildProcess* ctest =
      Start(With(BaseEnv(), {{"MDBPROF_DURATION", "20"}}), "ctest.log",
            {MDBPROF_CTEST, "--test-dir", MDBPROF_BINARY_DIR "/ctest", "-L",
             "profile", "--output-on-failure"});
  ASSERT_NE(ctest, nullptr);
  // Wait for the server of profile.sqlite, then a little load.
  ASSERT_TRUE(WaitFor(
      [&] {
        for (pid_t pid : fixtures::ProcessesReferringTo(tmp_)) {
          if (ReadFile("/proc/" + std::to_string(pid) + "/comm") ==
              "refserver\n") {
            return true;
          }
        }
        return false;
      },
      seconds(60)))
      << Log(*ctest);
  std::this_thread::sleep_for(seconds(2));
  if (sig == SIGINT) {
    kill(-ctest->pid(), SIGINT);
  } else {
    kill(ctest->pid(), SIGTERM);
  }
  auto signalled_at = std::chrono::steady_clock::now();
  // Not ExitCode(): its Stop() would SIGKILL ctest's process group, which
  // profile_bench shares, while it cleans up.
  EXPECT_TRUE(ctest->Wait(seconds(30)).ok());
  EXPECT_TRUE(WaitFor(
      [&] { return fixtures::ProcessesReferringTo(root_->path()).empty(); },
      seconds(10)))
      << Log(*ctest);
  EXPECT_LT(std::chrono::steady_clock::now() - signalled_at, seconds(10));
  // profile_bench finished on its own: its scratch dir is gone without a
  // janitor.
  EXPECT_TRUE(WaitFor([&] { return Entries(tmp_).empty(); }, seconds(10)));
  ExpectNothingLeft();
}

INSTANTIATE_TEST_SUITE_P(Signals, CtestSignalTest,
                         ::testing::Values(SIGINT, SIGTERM),
                         [](const auto& info) {
                           return std::string(sigabbrev_np(info.param));
                         });

TEST_F(FaultsTest, AServerThatNeverGetsReadyHitsTheDeadlineWithItsLog) {
  ChildProcess* bench =
      Start(With(BaseEnv(), {{"MDBPROF_SERVER", MDBPROF_FAULT_SERVER},
                             {"FAULT_MODE", "sleep"},
                             {"MDBPROF_READY_TIMEOUT", "2"}}),
            "bench.log");
  ASSERT_NE(bench, nullptr);
  auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(ExitCode(*bench, seconds(60)), 1);
  EXPECT_LT(std::chrono::steady_clock::now() - started, seconds(20));
  const std::string log = Log(*bench);
  EXPECT_NE(log.find("fault_server: sleeping, never ready"), std::string::npos)
      << log;
  EXPECT_NE(log.find("FAILED"), std::string::npos) << log;
  ExpectNothingLeft();
}

TEST_F(FaultsTest, AServerThatExitsAtOnceFailsFastWithItsLog) {
  ChildProcess* bench =
      Start(With(BaseEnv(), {{"MDBPROF_SERVER", MDBPROF_FAULT_SERVER},
                             {"FAULT_MODE", "exit"},
                             {"MDBPROF_READY_TIMEOUT", "30"}}),
            "bench.log");
  ASSERT_NE(bench, nullptr);
  auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(ExitCode(*bench, seconds(60)), 1);
  EXPECT_LT(std::chrono::steady_clock::now() - started, seconds(10));
  const std::string log = Log(*bench);
  EXPECT_NE(log.find("exited with code 3"), std::string::npos) << log;
  EXPECT_NE(log.find("fault_server: giving up at once"), std::string::npos)
      << log;
  ExpectNothingLeft();
}

// A server whose /debug/pprof/* answers HTML, an error or a cut-off
// profile: a one-line failure naming the profile, never a crash.
class BadProfileTest : public FaultsTest,
                       public ::testing::WithParamInterface<const char*> {};

TEST_P(BadProfileTest, FailsNamingTheProfile) {
  ChildProcess* bench =
      Start(With(BaseEnv(), {{"MDBPROF_SERVER", MDBPROF_FAULT_SERVER},
                             {"FAULT_MODE", GetParam()}}),
            "bench.log");
  ASSERT_NE(bench, nullptr);
  EXPECT_EQ(ExitCode(*bench, seconds(60)), 1) << Log(*bench);
  const std::string log = Log(*bench);
  const std::regex failed(R"(\[sqlite\] FAILED \(repetition 1 of 1\): .*heap)");
  EXPECT_TRUE(std::regex_search(log, failed)) << log;
  ExpectNothingLeft();
}

INSTANTIATE_TEST_SUITE_P(Modes, BadProfileTest,
                         ::testing::Values("html", "error", "truncated"));

// Budget files that are missing, malformed or name an unknown metric: one
// line naming the file and the problem, exit 1, before anything starts.
struct BadBudget {
  const char* name;
  const char* text;  // nullptr: the file does not exist
  const char* expected;
};

class BadBudgetTest : public FaultsTest,
                      public ::testing::WithParamInterface<BadBudget> {};

TEST_P(BadBudgetTest, FailsWithOneLineNamingFileAndProblem) {
  const BadBudget& bad = GetParam();
  const std::string path = root_->path() + "/" + bad.name + ".json";
  if (bad.text != nullptr) std::ofstream(path) << bad.text;
  ChildProcess* bench =
      Start(With(BaseEnv(), {{"MDBPROF_BUDGETS", path}}), "bench.log");
  ASSERT_NE(bench, nullptr);
  EXPECT_EQ(ExitCode(*bench, seconds(60)), 1) << Log(*bench);
  const std::string log = Log(*bench);
  EXPECT_NE(
      log.find("[sqlite] FAILED (repetition 1 of 1): budget for sqlite: " +
               path + ": " + bad.expected),
      std::string::npos)
      << log;
  EXPECT_EQ(log.find("server up"), std::string::npos) << log;
  ExpectNothingLeft();
}

INSTANTIATE_TEST_SUITE_P(
    Files, BadBudgetTest,
    ::testing::Values(
        BadBudget{"missing", nullptr, "cannot open"},
        BadBudget{"malformed", "{", "not valid JSON"},
        BadBudget{"unknown_metric", R"({"metrics":{"latency_p99":{"max":1}}})",
                  "metrics.latency_p99: unknown metric \"latency_p99\""}),
    [](const auto& info) { return std::string(info.param.name); });

TEST_F(FaultsTest, ATakenPortIsRetriedOnAnother) {
  const std::string marker = root_->path() + "/port-taken";
  ChildProcess* bench =
      Start(With(BaseEnv(), {{"MDBPROF_SERVER", MDBPROF_FAULT_SERVER},
                             {"FAULT_MODE", "take-port"},
                             {"FAULT_EXEC", MDBPROF_REFSERVER},
                             {"FAULT_MARKER", marker}}),
            "bench.log");
  ASSERT_NE(bench, nullptr);
  EXPECT_EQ(ExitCode(*bench), 0) << Log(*bench);
  const int taken = std::atoi(ReadFile(marker).c_str());
  ASSERT_GT(taken, 0) << "the stand-in did not take a port";
  auto servers = ServersIn(Log(*bench));
  ASSERT_EQ(servers.size(), 1u) << Log(*bench);
  EXPECT_NE(servers[0].second, taken);
  ExpectNothingLeft({taken, servers[0].second});
}

TEST_F(FaultsTest, TwoRunsAtOnceDoNotCrossTalk) {
  ChildProcess* a = Start(BaseEnv("out-a"), "a.log");
  ChildProcess* b = Start(BaseEnv("out-b"), "b.log");
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(ExitCode(*a), 0) << Log(*a);
  EXPECT_EQ(ExitCode(*b), 0) << Log(*b);
  auto sa = ServersIn(Log(*a));
  auto sb = ServersIn(Log(*b));
  ASSERT_EQ(sa.size(), 1u);
  ASSERT_EQ(sb.size(), 1u);
  EXPECT_NE(sa[0].second, sb[0].second);
  // Neither janitor touched the other's live run.
  EXPECT_EQ(Log(*a).find("janitor"), std::string::npos) << Log(*a);
  EXPECT_EQ(Log(*b).find("janitor"), std::string::npos) << Log(*b);
  for (const char* out : {"out-a", "out-b"}) {
    const std::string results =
        root_->path() + "/" + out + "/latest/sqlite/load-test-results.json";
    nlohmann::json j = nlohmann::json::parse(ReadFile(results), nullptr, false);
    ASSERT_TRUE(j.is_object()) << results;
    EXPECT_GT(j.value("writes", 0), 0) << out;
    EXPECT_EQ(j.value("errors", -1), 0) << out;
  }
  ExpectNothingLeft({sa[0].second, sb[0].second});
}

TEST_F(FaultsTest, AFullDiskInTheScratchDirIsACleanFailure) {
  if (geteuid() != 0) GTEST_SKIP() << "mounting a small tmpfs needs root";
  const std::string small = tmp_ + "/small";
  fs::create_directories(small);
  if (mount("mdbprof-faults", small.c_str(), "tmpfs", 0, "size=2m") != 0) {
    fs::remove(small);
    GTEST_SKIP() << "cannot mount a tmpfs: " << strerror(errno);
  }
  struct Unmount {
    std::string path;
    ~Unmount() { umount2(path.c_str(), MNT_DETACH); }
  } unmount{small};
  // Leave ~256 KiB: room for the scratch dir, not for the load's writes.
  {
    std::ofstream filler(small + "/filler", std::ios::binary);
    std::string mb(1 << 20, 'x');
    filler << mb;
    filler.write(mb.data(), (1 << 20) - 256 * 1024);
  }
  ChildProcess* bench =
      Start(With(BaseEnv(), {{"TMPDIR", small}, {"MDBPROF_DURATION", "4"}}),
            "bench.log");
  ASSERT_NE(bench, nullptr);
  int code = ExitCode(*bench);
  const std::string log = Log(*bench);
  EXPECT_EQ(code, 1) << log;  // a failure, not a crash (-1) or a pass
  EXPECT_NE(log.find("FAILED"), std::string::npos) << log;
  // Nothing of the run is left on the small disk, so it unmounts at once.
  for (auto& child : children_) child->Stop(seconds(5));
  std::vector<std::string> left = Entries(small);
  EXPECT_EQ(left, std::vector<std::string>{small + "/filler"});
  EXPECT_EQ(umount2(small.c_str(), 0), 0) << strerror(errno);
  fs::remove_all(small);
  ExpectNothingLeft();
}

}  // namespace
}  // namespace mdbprof::faults
