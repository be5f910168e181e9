// Fault injection, runs that meet a bad world (issue #6): a server that
// never gets ready or exits at once, bad profiles and budget files, a taken
// port, two runs at once, a full disk, a server dying on the user's own
// PostgreSQL; afterwards nothing of the run is left (see faults_fixture.h).
// The taken port and the external PostgreSQL run once per server under test.
#include <errno.h>
#include <sys/mount.h>

#include <cstring>
#include <memory>
#include <regex>
#include <string>
#include <vector>

#include "fixtures/pg_cluster.h"
#include "fixtures/pg_test_util.h"
#include "nlohmann/json.hpp"
#include "tests/faults/faults_fixture.h"

namespace mdbprof::faults {
namespace {

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

// The stand-in takes the port, then execs the subject on it: the subject
// fails with "address in use" and the run retries on another port.
TEST_P(SubjectFaultsTest, ATakenPortIsRetriedOnAnother) {
  const std::string marker = root_->path() + "/port-taken";
  ChildProcess* bench =
      Start(With(BaseEnv(), {{"MDBPROF_SERVER", MDBPROF_FAULT_SERVER},
                             // The stand-in gets the subject's flags.
                             {"MDBPROF_SERVER_KIND", subject().kind},
                             {"FAULT_MODE", "take-port"},
                             {"FAULT_EXEC", subject().binary},
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

// Every schema of `conninfo`'s database but PostgreSQL's own.
std::vector<std::string> Schemas(const std::string& conninfo) {
  return fixtures::testing::PgQuery(
      conninfo,
      "SELECT nspname FROM pg_catalog.pg_namespace WHERE nspname NOT LIKE "
      "'pg\\_%' AND nspname <> 'information_schema' ORDER BY 1");
}

// The user's own PostgreSQL (POSTGRES_HOST=...): the server dies mid-load,
// the run fails, and drops every schema its server created while keeping
// the user's (ExternalPgServer's "mdb_ns_before" and "public").
TEST_P(SubjectFaultsTest, ServerKilledOnAnExternalPostgresLeavesNoSchema) {
  if (!HasBackend("postgres")) GTEST_SKIP() << "no postgres backend";
  fixtures::PgClusterOptions probe;
  probe.root_dir = root_->path() + "/external";
  Status usable = fixtures::CheckPgClusterPrerequisites(probe);
  if (!usable.ok()) GTEST_SKIP() << "postgres: " << usable.message();
  Result<std::unique_ptr<fixtures::testing::ExternalPgServer>> external =
      fixtures::testing::ExternalPgServer::Start(*root_);
  ASSERT_TRUE(external.ok()) << external.status().message();
  const std::string conninfo = (*external)->conninfo();
  const std::vector<std::string> before = Schemas(conninfo);
  ASSERT_NE(std::find(before.begin(), before.end(), "mdb_ns_before"),
            before.end())
      << ::testing::PrintToString(before);

  ChildProcess* bench = Start(
      With(SubjectEnv(),
           {{"MDBPROF_DURATION", "30"}, {"MDBPROF_BACKENDS", "postgres"}}),
      "bench.log");
  ASSERT_NE(bench, nullptr);
  ASSERT_TRUE(WaitForLoad(*bench, "postgres")) << Log(*bench);
  // The server made its schemas (metadata, namespace `default`).
  const std::vector<std::string> during = Schemas(conninfo);
  EXPECT_GT(during.size(), before.size()) << ::testing::PrintToString(during);
  auto servers = ServersIn(Log(*bench));
  ASSERT_EQ(servers.size(), 1u) << Log(*bench);
  ASSERT_EQ(kill(servers[0].first, SIGKILL), 0);
  EXPECT_EQ(ExitCode(*bench, seconds(30)), 1) << Log(*bench);
  EXPECT_EQ(Schemas(conninfo), before)
      << "schemas created during the run: " << ::testing::PrintToString(during);
  external->reset();  // stops the user's cluster, which lives in root_
  ExpectNothingLeft({servers[0].second});
}

}  // namespace
}  // namespace mdbprof::faults
