// The A/B gate end to end (issue #5): profile_bench in A/B mode against the
// real reference server, sqlite only, 3 repetitions a side of 2 s, every
// allocation counted (MDBPROF_MEMPROFILE_RATE=1, so allocs/op and alloc
// bytes/op are exact), with the gate's defaults: the checked-in
// budgets/sqlite.json and its min_effect (chosen by
// bench/calibration/ab_calibration.sh):
//   * head = the same refserver with a TEST-ONLY +1 KiB allocation per
//     request (MDBPROF_INJECT_ALLOC_BYTES via a wrapper script): the gate
//     fails (exit 1) on alloc_bytes_per_op;
//   * base = head = the same refserver (A/A): the gate passes (exit 0).
// Runs about a minute each on 2 cores.
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <regex>

#include "bench/profile_bench_test_util.h"
#include "fixtures/scratch_dir.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace mdbprof::bench {
namespace {

namespace fs = std::filesystem;
using testing::BenchRun;
using testing::RunProfileBench;

class AbGateIntegrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<fixtures::ScratchDir> dir =
        fixtures::ScratchDir::Create("ab-gate-integration");
    ASSERT_TRUE(dir.ok()) << dir.status().message();
    scratch_.emplace(std::move(*dir));
  }
  std::string Path(const std::string& name) const {
    return scratch_->path() + "/" + name;
  }
  // A server binary: refserver with MDBPROF_INJECT_ALLOC_BYTES=`bytes`.
  std::string InjectingServer(int bytes) {
    const std::string path = Path("refserver-inject.sh");
    std::ofstream(path) << "#!/bin/sh\nMDBPROF_INJECT_ALLOC_BYTES=" << bytes
                        << " exec '" << MDBPROF_REFSERVER << "' \"$@\"\n";
    chmod(path.c_str(), 0755);
    return path;
  }
  BenchRun RunGate(const std::string& head_server) {
    std::vector<std::pair<std::string, std::string>> env = {
        {"MDBPROF_OUT", Path("profiles")},
        {"MDBPROF_BACKENDS", "sqlite"},
        {"MDBPROF_DURATION", "2"},
        {"MDBPROF_WARMUP", "1"},
        {"MDBPROF_MEMPROFILE_RATE", "1"},
        {"MDBPROF_BUDGETS", MDBPROF_SOURCE_DIR "/budgets"},
        {"MDBPROF_BASE_SERVER", MDBPROF_REFSERVER},
        {"MDBPROF_SERVER", head_server}};
    return RunProfileBench(scratch_->path(),
                           {"--benchmark_out=" + Path("bench.json"),
                            "--benchmark_out_format=json"},
                           env, std::chrono::seconds(240));
  }
  nlohmann::json ReadJson(const std::string& path) {
    std::ifstream in(path);
    return nlohmann::json::parse(in, nullptr, false);
  }
  // The compare's verdict on `metric` ("" when absent).
  std::string StatusOf(const nlohmann::json& compare,
                       const std::string& metric) {
    if (!compare.contains("changes")) return "";
    for (const nlohmann::json& c : compare["changes"]) {
      if (c.value("metric", "") == metric) return c.value("status", "");
    }
    return "";
  }

  std::optional<fixtures::ScratchDir> scratch_;
};

TEST_F(AbGateIntegrationTest, InjectedAllocationFailsTheGate) {
  BenchRun run = RunGate(InjectingServer(1024));
  ASSERT_EQ(run.exit_code, 1) << run.output;
  EXPECT_NE(run.output.find("FAIL"), std::string::npos) << run.output;

  const std::string latest = Path("profiles/latest");
  for (const char* side : {"base", "head"}) {
    for (int k = 1; k <= 3; ++k) {
      EXPECT_TRUE(fs::exists(latest + "/" + side + "/sqlite/repetitions/" +
                             std::to_string(k) + "/load-test-results.json"))
          << side << " " << k;
    }
  }
  nlohmann::json compare = ReadJson(latest + "/compare.json");
  ASSERT_TRUE(compare.is_object()) << "compare.json";
  EXPECT_EQ(compare.value("exit_code", -1), 1);
  EXPECT_EQ(StatusOf(compare, "alloc_bytes_per_op"), "regressed")
      << compare.dump(2);
  EXPECT_TRUE(fs::exists(latest + "/compare.md"));

  // Google Benchmark's JSON: the windows alternate base, head, ... and
  // carry the metrics as counters.
  nlohmann::json bench = ReadJson(Path("bench.json"));
  ASSERT_TRUE(bench.is_object() && bench.contains("benchmarks"));
  std::vector<std::string> order;
  for (const nlohmann::json& b : bench["benchmarks"]) {
    std::string name = b.value("name", "");
    order.push_back(name.find("/base/") != std::string::npos   ? "base"
                    : name.find("/head/") != std::string::npos ? "head"
                                                               : name);
    EXPECT_TRUE(b.contains("alloc_bytes_per_op")) << b.dump();
  }
  EXPECT_EQ(order, (std::vector<std::string>{"base", "head", "base", "head",
                                             "base", "head"}));
}

// A/A: the metrics that do not depend on the machine's speed (at sampling
// rate 1 allocations are counted exactly) never regress. Timing metrics are
// left out on purpose: on a shared 2-core runner 2-second windows can drift
// past their minimum effect, and their false-alarm rate is a measurement
// (bench/calibration/ab_calibration.sh), not something a test can assert.
TEST_F(AbGateIntegrationTest, IdenticalServersPassTheGateOnAllocations) {
  BenchRun run = RunGate(MDBPROF_REFSERVER);
  EXPECT_NE(run.exit_code, 2) << run.output;
  nlohmann::json compare = ReadJson(Path("profiles/latest/compare.json"));
  ASSERT_TRUE(compare.is_object()) << run.output;
  for (const char* metric : {"alloc_bytes_per_op", "allocs_per_op", "errors"}) {
    EXPECT_NE(StatusOf(compare, metric), "regressed") << metric << "\n"
                                                      << compare.dump(2);
  }
  EXPECT_EQ(StatusOf(compare, "alloc_bytes_per_op"), "same") << compare.dump(2);
}

// A/B mode through CTest (issue #13): the registered profile chain
// (profile.init -> profile.sqlite -> profile.gather, from the build's
// ctest/CTestTestfile.cmake, run by ctest in a copy so that its logs stay in
// the scratch dir) with MDBPROF_BASE_SERVER set and the +1 KiB head. Before,
// profile.gather always failed with "holds no backend results"; now it
// judges the run and fails with the gate's verdict, and COMPARISON.md shows
// both sides.
TEST_F(AbGateIntegrationTest, CtestProfileChainEndsWithTheGatesVerdict) {
  const std::string ctest_dir = Path("ctest");
  fs::create_directories(ctest_dir);
  fs::copy_file(MDBPROF_CTEST_TESTFILE, ctest_dir + "/CTestTestfile.cmake");
  fixtures::ChildOptions options;
  options.argv = {MDBPROF_CTEST_COMMAND,
                  "--test-dir",
                  ctest_dir,
                  "-R",
                  "^profile\\.(init|sqlite|gather)$",
                  "--output-on-failure"};
  options.env = {{"MDBPROF_OUT", Path("profiles")},
                 {"MDBPROF_BACKENDS", "sqlite"},
                 {"MDBPROF_DURATION", "2"},
                 {"MDBPROF_WARMUP", "1"},
                 {"MDBPROF_MEMPROFILE_RATE", "1"},
                 {"MDBPROF_BUDGETS", MDBPROF_SOURCE_DIR "/budgets"},
                 {"MDBPROF_BASE_SERVER", MDBPROF_REFSERVER},
                 {"MDBPROF_SERVER", InjectingServer(1024)}};
  options.working_dir = scratch_->path();
  options.log_path = Path("ctest.log");
  auto ctest = fixtures::ChildProcess::Start(options);
  ASSERT_TRUE(ctest.ok()) << ctest.status().message();
  Result<fixtures::ExitStatus> status =
      (*ctest)->Wait(std::chrono::seconds(300));
  (*ctest)->Stop(std::chrono::seconds(5));
  const std::string log = fixtures::testing::ReadFile(options.log_path);
  ASSERT_TRUE(status.ok()) << "ctest did not finish\n" << log;
  EXPECT_TRUE(status->exited && status->code != 0) << log;
  EXPECT_TRUE(
      std::regex_search(log, std::regex(R"(profile\.init \.+ +Passed)")))
      << log;
  EXPECT_TRUE(
      std::regex_search(log, std::regex(R"(profile\.gather \.+\*\*\*Failed)")))
      << log;
  EXPECT_NE(log.find("A/B gate exit code 1"), std::string::npos) << log;
  EXPECT_EQ(log.find("holds no backend results"), std::string::npos) << log;

  const std::string latest = Path("profiles/latest");
  nlohmann::json compare = ReadJson(latest + "/compare.json");
  ASSERT_TRUE(compare.is_object()) << log;
  EXPECT_EQ(compare["gate"].value("exit_code", -1), 1) << compare.dump(2);
  EXPECT_EQ(StatusOf(compare, "alloc_bytes_per_op"), "regressed");
  const std::string md = fixtures::testing::ReadFile(latest + "/COMPARISON.md");
  EXPECT_NE(md.find("# mdbprof A/B comparison"), std::string::npos) << md;
  EXPECT_NE(md.find("❌ **FAIL"), std::string::npos) << md;
  EXPECT_NE(md.find("sqlite BASE (3 reps)"), std::string::npos) << md;
  EXPECT_NE(md.find("sqlite HEAD (3 reps)"), std::string::npos) << md;
  for (const char* side : {"base", "head"}) {
    EXPECT_TRUE(fs::exists(latest + "/" + side + "/COMPARISON.md")) << side;
  }
}

}  // namespace
}  // namespace mdbprof::bench
