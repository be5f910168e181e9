// Fault injection, kills and signals (issue #6): the server, the postmaster
// or profile_bench SIGKILLed mid-load or mid-set-up, SIGINT/SIGTERM to
// `ctest -L profile`; afterwards nothing of the run is left (see
// faults_fixture.h). All but the set-up kill run once per server under test
// (refserver, Go subject).
#include <signal.h>

#include <string>
#include <tuple>
#include <vector>

#include "fixtures/proc_stat.h"
#include "tests/faults/faults_fixture.h"

namespace mdbprof::faults {
namespace {

TEST_P(SubjectFaultsTest, ServerKilledMidLoadFailsWithin5sNamingItWithItsLog) {
  ChildProcess* bench =
      Start(With(SubjectEnv(), {{"MDBPROF_DURATION", "30"}}), "bench.log");
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

TEST_P(SubjectFaultsTest, PostmasterKilledMidLoadFailsWithin5sNamingIt) {
  if (!HasBackend("postgres")) GTEST_SKIP() << "no postgres backend";
  ChildProcess* bench = Start(
      With(SubjectEnv(),
           {{"MDBPROF_DURATION", "30"}, {"MDBPROF_BACKENDS", "postgres"}}),
      "bench.log");
  ASSERT_NE(bench, nullptr);
  const Progress progress = WaitForLoadOrSkip(*bench, "postgres");
  if (progress == Progress::kSkipped) {
    ExitCode(*bench);
    GTEST_SKIP() << Log(*bench);
  }
  ASSERT_EQ(progress, Progress::kLoad) << Log(*bench);
  ASSERT_TRUE(bench->IsAlive()) << Log(*bench);
  // The postmaster: the `postgres` process profile_bench started.
  pid_t postmaster = 0;
  for (pid_t pid : fixtures::ProcessesReferringTo(root_->path())) {
    Result<fixtures::ProcStat> stat = fixtures::ReadProcStat(pid);
    const pid_t ppid = stat.ok() ? stat->ppid : 0;
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

// profile_bench SIGKILLed mid-load (as CTest does on a timeout): the server
// and the database die with it (PDEATHSIG), the directories stay until the
// next run's janitor removes them; then nothing is left (a throwaway
// cluster's schemas go with its data directory).
class BenchKilledTest : public SubjectFaultsTest {
 protected:
  void KillMidLoadThenReap(const std::string& backend) {
    ChildProcess* bench =
        Start(With(SubjectEnv(),
                   {{"MDBPROF_DURATION", "30"}, {"MDBPROF_BACKENDS", backend}}),
              "bench.log");
    ASSERT_NE(bench, nullptr);
    const Progress progress = WaitForLoadOrSkip(*bench, backend);
    if (progress == Progress::kSkipped) {
      ExitCode(*bench);
      GTEST_SKIP() << Log(*bench);
    }
    ASSERT_EQ(progress, Progress::kLoad) << Log(*bench);
    auto servers = ServersIn(Log(*bench));
    ASSERT_EQ(servers.size(), 1u) << Log(*bench);
    const std::vector<pid_t> database = DatabasePidsOf(*bench);
    kill(bench->pid(), SIGKILL);
    EXPECT_EQ(ExitCode(*bench, seconds(10)), -1);
    EXPECT_TRUE(WaitFor(
        [&] { return fixtures::testing::ProcessGone(servers[0].first); },
        seconds(5)))
        << "the server outlived profile_bench";
    for (pid_t pid : database) {
      EXPECT_TRUE(WaitFor([&] { return fixtures::testing::ProcessGone(pid); },
                          seconds(10)))
          << "database process " << pid << " outlived profile_bench";
    }
    // The scratch directory (and a cluster's data directory) stay.
    ASSERT_EQ(Entries(tmp_).size(), 1u);
    const std::string left = Entries(tmp_)[0];
    const std::vector<std::string> data_left = Entries(shm_);

    std::string janitor = RunJanitorViaNewRun();
    EXPECT_NE(janitor.find("janitor: removed " + left), std::string::npos)
        << janitor;
    for (const std::string& dir : data_left) {
      EXPECT_NE(janitor.find("janitor: removed " + dir), std::string::npos)
          << janitor;
    }
    ExpectNothingLeft({servers[0].second});
  }

  // The processes `bench` started other than the server: the database's.
  std::vector<pid_t> DatabasePidsOf(const ChildProcess& bench) const {
    std::vector<pid_t> pids;
    auto servers = ServersIn(Log(bench));
    for (pid_t pid : fixtures::ProcessesReferringTo(root_->path())) {
      if (pid == bench.pid()) continue;
      bool server = false;
      for (auto [server_pid, port] : servers) server |= pid == server_pid;
      if (!server) pids.push_back(pid);
    }
    return pids;
  }
};

TEST_P(BenchKilledTest, MidLoadOnSqliteThenTheNextRunsJanitorCleansUp) {
  KillMidLoadThenReap("sqlite");
}

TEST_P(BenchKilledTest, MidLoadOnPostgresThenTheNextRunsJanitorCleansUp) {
  if (!HasBackend("postgres")) GTEST_SKIP() << "no postgres backend";
  KillMidLoadThenReap("postgres");
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
class CtestSignalTest
    : public FaultsTest,
      public ::testing::WithParamInterface<std::tuple<Subject, int>> {
 protected:
  void SetUp() override {
    FaultsTest::SetUp();
    if (HasFatalFailure()) return;
    if (access(subject().binary.c_str(), X_OK) != 0) {
      GTEST_SKIP() << subject().name << " is not built: " << subject().binary;
    }
  }
  const Subject& subject() const { return std::get<0>(GetParam()); }
};

TEST_P(CtestSignalTest, StopsTheRunAndLeavesNothing) {
  const int sig = std::get<1>(GetParam());
  ChildProcess* ctest = Start(
      With(BaseEnv(),
           {{"MDBPROF_DURATION", "20"}, {"MDBPROF_SERVER", subject().binary}}),
      "ctest.log",
      {MDBPROF_CTEST, "--test-dir", MDBPROF_BINARY_DIR "/ctest", "-L",
       "profile", "--output-on-failure"});
  ASSERT_NE(ctest, nullptr);
  // Wait for the server of profile.sqlite, then a little load.
  const std::string comm = subject().comm() + "\n";
  ASSERT_TRUE(WaitFor(
      [&] {
        for (pid_t pid : fixtures::ProcessesReferringTo(tmp_)) {
          if (ReadFile("/proc/" + std::to_string(pid) + "/comm") == comm) {
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
                         ::testing::Combine(::testing::ValuesIn(Subjects()),
                                            ::testing::Values(SIGINT, SIGTERM)),
                         [](const auto& info) {
                           return std::string(
                                      sigabbrev_np(std::get<1>(info.param))) +
                                  "_" + std::get<0>(info.param).name;
                         });

INSTANTIATE_TEST_SUITE_P(Servers, SubjectFaultsTest,
                         ::testing::ValuesIn(Subjects()), SubjectName);
INSTANTIATE_TEST_SUITE_P(Servers, BenchKilledTest,
                         ::testing::ValuesIn(Subjects()), SubjectName);

}  // namespace
}  // namespace mdbprof::faults
