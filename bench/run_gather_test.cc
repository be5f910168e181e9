// GatherRun, the gather step of `ctest -L profile`, on synthetic run
// directories: a single run, and A/B runs that pass, fail and are
// incomplete.
#include "bench/run_gather.h"

#include <filesystem>
#include <vector>

#include "bench/ab_schedule.h"
#include "gtest/gtest.h"
#include "report/testing/synthetic_run.h"

namespace mdbprof::bench {
namespace {

namespace fs = std::filesystem;
using report::testing::ReadFile;
using report::testing::SampleMetrics;
using report::testing::TempDir;
using report::testing::WriteBackend;

class RunGatherTest : public ::testing::Test {
 protected:
  RunGatherTest() {
    ab_.base_server = "/opt/base/refserver";
    ab_.backends = {"sqlite", "postgres"};
    ab_.repetitions = 3;
  }
  // `n` repetitions of sqlite at rate 1 (exact allocations), alloc B/op
  // `alloc_bytes`.
  static std::vector<results::RunMetrics> Reps(int n, double alloc_bytes) {
    std::vector<results::RunMetrics> reps;
    for (int i = 0; i < n; ++i) {
      results::RunMetrics m = SampleMetrics("sqlite", 1000 + i);
      m.config.alloc_sample_rate = 1;
      m.alloc_bytes_per_op = alloc_bytes;
      reps.push_back(m);
    }
    return reps;
  }
  void WriteSide(AbSide side, const std::vector<results::RunMetrics>& reps) {
    WriteBackend(AbSideDir(tmp_.path(), side), "sqlite", reps);
  }
  std::string Path(const std::string& name) const {
    return tmp_.path() + "/" + name;
  }

  TempDir tmp_;
  BenchConfig ab_;
};

TEST_F(RunGatherTest, ASingleRunGetsItsReport) {
  WriteBackend(tmp_.path(), "sqlite", {SampleMetrics("sqlite", 1000)});
  BenchConfig config;
  config.backends = {"sqlite"};
  GatherResult r = GatherRun(tmp_.path(), config);
  EXPECT_EQ(r.exit_code, 0) << r.text;
  EXPECT_TRUE(fs::exists(Path("COMPARISON.md"))) << r.text;
  EXPECT_TRUE(fs::exists(Path("comparison.json")));
  EXPECT_NE(r.text.find("COMPARISON.md"), std::string::npos) << r.text;
}

TEST_F(RunGatherTest, AnEqualAbRunPassesAndTheReportShowsBothSides) {
  WriteSide(AbSide::kBase, Reps(3, 5000));
  WriteSide(AbSide::kHead, Reps(3, 5000));
  GatherResult r = GatherRun(tmp_.path(), ab_);
  EXPECT_EQ(r.exit_code, 0) << r.text;
  EXPECT_NE(r.text.find("PASS"), std::string::npos) << r.text;
  EXPECT_NE(r.text.find(Path("compare.md")), std::string::npos) << r.text;
  for (const char* f :
       {"compare.md", "compare.txt", "compare.json", "base/COMPARISON.md",
        "base/comparison.json", "head/COMPARISON.md", "head/chart.svg"}) {
    EXPECT_TRUE(fs::exists(Path(f))) << f;
  }
  const std::string md = ReadFile(Path("COMPARISON.md"));
  EXPECT_NE(md.find("# mdbprof A/B comparison"), std::string::npos) << md;
  EXPECT_NE(md.find("sqlite BASE (3 reps)"), std::string::npos) << md;
  EXPECT_NE(md.find("sqlite HEAD (3 reps)"), std::string::npos) << md;
  EXPECT_NE(md.find("✅ **PASS"), std::string::npos) << md;
  EXPECT_NE(md.find("(compare.md)"), std::string::npos) << md;
  EXPECT_NE(md.find("(base/COMPARISON.md)"), std::string::npos) << md;
}

TEST_F(RunGatherTest, AnAllocationRegressionFailsTheGather) {
  WriteSide(AbSide::kBase, Reps(3, 5000));
  WriteSide(AbSide::kHead, Reps(3, 6000));  // +20%, exact at rate 1
  GatherResult r = GatherRun(tmp_.path(), ab_);
  EXPECT_EQ(r.exit_code, 1) << r.text;
  EXPECT_NE(r.text.find("alloc_bytes_per_op"), std::string::npos) << r.text;
  const std::string md = ReadFile(Path("COMPARISON.md"));
  EXPECT_NE(md.find("❌ **FAIL"), std::string::npos) << md;
  EXPECT_NE(md.find("gate exit code 1"), std::string::npos) << md;
}

TEST_F(RunGatherTest, AnIncompleteAbRunFailsAndTheReportSaysSo) {
  WriteSide(AbSide::kBase, Reps(3, 5000));
  WriteSide(AbSide::kHead, Reps(2, 5000));  // a HEAD window is missing
  GatherResult r = GatherRun(tmp_.path(), ab_);
  EXPECT_EQ(r.exit_code, 1) << r.text;
  EXPECT_NE(r.text.find("INCOMPLETE"), std::string::npos) << r.text;
  const std::string md = ReadFile(Path("COMPARISON.md"));
  EXPECT_NE(md.find("INCOMPLETE"), std::string::npos) << md;
  EXPECT_NE(md.find("sqlite: measured 3 base and 2 head"), std::string::npos)
      << md;
  EXPECT_NE(ReadFile(Path("compare.md")).find("INCOMPLETE"), std::string::npos);
}

TEST_F(RunGatherTest, AbModeOnADirectoryWithoutSidesIsAnError) {
  WriteBackend(tmp_.path(), "sqlite", {SampleMetrics("sqlite", 1000)});
  GatherResult r = GatherRun(tmp_.path(), ab_);
  EXPECT_EQ(r.exit_code, 2) << r.text;
  EXPECT_NE(r.text.find("is not an A/B run directory"), std::string::npos)
      << r.text;
}

}  // namespace
}  // namespace mdbprof::bench
