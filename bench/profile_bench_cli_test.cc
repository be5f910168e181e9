// profile_bench's command line: validation, run directories and exit codes,
// without a server.
#include <filesystem>

#include "bench/profile_bench_test_util.h"
#include "fixtures/scratch_dir.h"
#include "gtest/gtest.h"

namespace mdbprof::bench {
namespace {

namespace fs = std::filesystem;
using testing::BenchRun;
using testing::RunProfileBench;

class ProfileBenchCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<fixtures::ScratchDir> dir =
        fixtures::ScratchDir::Create("profile-bench-cli-test");
    ASSERT_TRUE(dir.ok()) << dir.status().message();
    scratch_.emplace(std::move(*dir));
  }
  BenchRun Run(std::vector<std::string> args,
               std::vector<std::pair<std::string, std::string>> env = {}) {
    env.emplace_back("MDBPROF_OUT", scratch_->path() + "/profiles");
    return RunProfileBench(scratch_->path(), std::move(args), std::move(env),
                           std::chrono::seconds(60));
  }
  std::optional<fixtures::ScratchDir> scratch_;
};

TEST_F(ProfileBenchCliTest, ABadDurationIsOneLineAndExit2) {
  BenchRun run = Run({}, {{"MDBPROF_DURATION", "abc"}});
  EXPECT_EQ(run.exit_code, 2) << run.output;
  EXPECT_EQ(run.output,
            "profile_bench: MDBPROF_DURATION='abc': expected a number of "
            "seconds > 0 (at most 86400)\n");
  EXPECT_FALSE(fs::exists(scratch_->path() + "/profiles"))
      << "nothing is created for a bad configuration";
}

TEST_F(ProfileBenchCliTest, ZeroWorkersIsExit2) {
  BenchRun run = Run({}, {{"MDBPROF_WORKERS", "0"}});
  EXPECT_EQ(run.exit_code, 2) << run.output;
  EXPECT_NE(run.output.find("MDBPROF_WORKERS='0'"), std::string::npos)
      << run.output;
}

TEST_F(ProfileBenchCliTest, AnUnknownBackendIsExit2) {
  BenchRun run = Run({}, {{"MDBPROF_BACKENDS", "sqlite,mongo"}});
  EXPECT_EQ(run.exit_code, 2) << run.output;
  EXPECT_NE(run.output.find("MDBPROF_BACKENDS='sqlite,mongo': unknown backend "
                            "'mongo' (known: sqlite"),
            std::string::npos)
      << run.output;
}

TEST_F(ProfileBenchCliTest, AnUnknownFlagIsExit2) {
  BenchRun run = Run({"--no_such_flag"});
  EXPECT_EQ(run.exit_code, 2) << run.output;
  EXPECT_NE(run.output.find("--no_such_flag"), std::string::npos) << run.output;
}

TEST_F(ProfileBenchCliTest, InitRunCreatesARunDirAndPointsLatestAtIt) {
  BenchRun run = Run({"--init_run"});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  std::string printed = run.output.substr(0, run.output.find('\n'));
  std::string dir = fs::path(printed).is_absolute()
                        ? printed
                        : scratch_->path() + "/" + printed;
  EXPECT_TRUE(fs::is_directory(dir)) << printed;
  EXPECT_EQ(fs::canonical(scratch_->path() + "/profiles/latest"),
            fs::canonical(dir));
}

TEST_F(ProfileBenchCliTest, AFlagTakesItsValueAsTheNextArgumentToo) {
  const std::string out = scratch_->path() + "/elsewhere";
  BenchRun run = Run({"--init_run", "--out", out});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_TRUE(fs::is_symlink(out + "/latest")) << run.output;
}

TEST_F(ProfileBenchCliTest, UseLatestRunWithoutARunIsExit2) {
  BenchRun run = Run({"--use_latest_run"});
  EXPECT_EQ(run.exit_code, 2) << run.output;
  EXPECT_NE(run.output.find("--init_run"), std::string::npos) << run.output;
}

TEST_F(ProfileBenchCliTest, AFilterMatchingNothingIsExit77) {
  BenchRun run = Run({"--benchmark_filter=^nothing$"});
  EXPECT_EQ(run.exit_code, 77) << run.output;
  EXPECT_NE(run.output.find("nothing ran"), std::string::npos) << run.output;
  EXPECT_FALSE(fs::exists(scratch_->path() + "/profiles/latest"))
      << "no run directory for a run that runs nothing";
}

TEST_F(ProfileBenchCliTest, AMissingServerBinaryFailsNamingThePath) {
  std::string server = scratch_->path() + "/no-such-server";
  BenchRun run = Run({}, {{"MDBPROF_SERVER", server},
                          {"MDBPROF_BACKENDS", "sqlite"},
                          {"MDBPROF_DURATION", "1"},
                          {"MDBPROF_WARMUP", "0"}});
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_NE(run.output.find("server binary '" + server + "' does not exist"),
            std::string::npos)
      << run.output;
  EXPECT_NE(run.output.find("[sqlite] FAILED"), std::string::npos)
      << run.output;
}

TEST_F(ProfileBenchCliTest, ListTestsShowsOneBenchmarkPerBackend) {
  BenchRun run = Run({"--benchmark_list_tests"});
  EXPECT_EQ(run.exit_code, 0) << run.output;
  for (const char* backend : {"sqlite", "postgres", "timescale", "pebble"}) {
    EXPECT_NE(run.output.find(std::string("profile/") + backend +
                              "/iterations:1/repeats:1/manual_time"),
              std::string::npos)
        << run.output;
  }
}

TEST_F(ProfileBenchCliTest, AMissingBaseServerIsExit2) {
  std::string base = scratch_->path() + "/no-such-base";
  BenchRun run = Run({"--base_server=" + base});
  EXPECT_EQ(run.exit_code, 2) << run.output;
  EXPECT_NE(run.output.find("profile_bench: MDBPROF_BASE_SERVER: "),
            std::string::npos)
      << run.output;
  EXPECT_NE(run.output.find(base), std::string::npos) << run.output;
  EXPECT_FALSE(fs::exists(scratch_->path() + "/profiles"));
}

TEST_F(ProfileBenchCliTest, AbModeAlternatesBaseAndHeadPerBackend) {
  BenchRun run = Run({"--benchmark_list_tests", "--backends=sqlite"},
                     {{"MDBPROF_BASE_SERVER", MDBPROF_PROFILE_BENCH}});
  EXPECT_EQ(run.exit_code, 0) << run.output;
  const std::string base =
      "profile/sqlite/base/iterations:1/repeats:1/manual_time\n";
  const std::string head =
      "profile/sqlite/head/iterations:1/repeats:1/manual_time\n";
  EXPECT_EQ(run.output, base + head + base + head + base + head);
}

TEST_F(ProfileBenchCliTest, AttachModeWithABaseServerIsExit2) {
  BenchRun run = Run({}, {{"MDBPROF_URL", "http://127.0.0.1:9"},
                          {"MDBPROF_BACKENDS", "sqlite"},
                          {"MDBPROF_SERVER", ""},
                          {"MDBPROF_BASE_SERVER", "/bin/true"}});
  EXPECT_EQ(run.exit_code, 2) << run.output;
  EXPECT_NE(run.output.find("(attach mode) cannot be combined with "
                            "MDBPROF_BASE_SERVER"),
            std::string::npos)
      << run.output;
  EXPECT_FALSE(fs::exists(scratch_->path() + "/profiles"));
}

TEST_F(ProfileBenchCliTest, GatherLatestRunWithoutARunIsExit2) {
  BenchRun run = Run({"--gather_latest_run"});
  EXPECT_EQ(run.exit_code, 2) << run.output;
  EXPECT_NE(run.output.find("latest"), std::string::npos) << run.output;
}

}  // namespace
}  // namespace mdbprof::bench
