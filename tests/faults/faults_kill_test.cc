// Fault injection, kills and signals (issue #6): the server, the postmaster
// or profile_bench SIGKILLed mid-load or mid-set-up, SIGINT/SIGTERM to
// `ctest -L profile`; afterwards nothing of the run is left (see
// faults_fixture.h).
#include <signal.h>

#include <string>
#include <vector>

#include "tests/faults/faults_fixture.h"

namespace mdbprof::faults {
namespace {

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

}  // namespace
}  // namespace mdbprof::faults
