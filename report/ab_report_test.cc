#include "report/ab_report.h"

#include <filesystem>

#include "gtest/gtest.h"
#include "report/report_writer.h"
#include "report/testing/synthetic_run.h"

namespace mdbprof::report {
namespace {

namespace fs = std::filesystem;
using testing::ReadFile;
using testing::SampleMetrics;
using testing::TempDir;
using testing::WriteBackend;
using testing::WriteFile;

class AbReportTest : public ::testing::Test {
 protected:
  // An A/B run at <tmp>/run: sqlite on both sides, pebble on HEAD only.
  AbReportTest() : run_(tmp_.path() + "/run") {
    WriteBackend(
        run_ + "/base", "sqlite",
        {SampleMetrics("sqlite", 1000), SampleMetrics("sqlite", 1100)});
    WriteBackend(run_ + "/head", "sqlite",
                 {SampleMetrics("sqlite", 900), SampleMetrics("sqlite", 950)});
    WriteBackend(run_ + "/head", "pebble", {SampleMetrics("pebble", 3000)});
  }

  TempDir tmp_;
  const std::string run_;
};

TEST_F(AbReportTest, ReportOfAnAbRunShowsBothSidesAndNoVerdictYet) {
  ASSERT_TRUE(IsAbRunDir(run_));
  Result<ReportPaths> paths = WriteReport(run_, CurrentReportContext());
  ASSERT_TRUE(paths.ok()) << paths.status().message();
  EXPECT_EQ(paths->markdown, run_ + "/COMPARISON.md");
  for (const char* f : {"base/COMPARISON.md", "base/comparison.json",
                        "base/chart.svg", "head/COMPARISON.md"}) {
    EXPECT_TRUE(fs::exists(run_ + "/" + f)) << f;
  }
  const std::string md = ReadFile(paths->markdown);
  EXPECT_NE(md.find("| metric | sqlite BASE (2 reps) | sqlite HEAD (2 reps) "
                    "| pebble HEAD |"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("_Not judged yet_"), std::string::npos) << md;
  EXPECT_NE(md.find("`/opt/refserver` version `0.1.0`"), std::string::npos);
  EXPECT_NE(md.find("mdbprof compare " + run_ + "/base " + run_ + "/head"),
            std::string::npos)
      << md;
}

TEST_F(AbReportTest, OutDirWithLatestPointingAtAnAbRunIsThatRun) {
  fs::create_symlink("run", tmp_.path() + "/latest");
  Result<ReportPaths> paths = WriteReport(tmp_.path(), {});
  ASSERT_TRUE(paths.ok()) << paths.status().message();
  EXPECT_TRUE(fs::exists(run_ + "/COMPARISON.md"));
}

TEST_F(AbReportTest, TheGatesVerdictIsReadFromCompareJson) {
  WriteFile(run_ + "/compare.json",
            R"({"outcome": "pass", "exit_code": 0, "summary": "PASS: 3 same",)"
            R"( "gate": {"exit_code": 1,)"
            R"( "incomplete": ["sqlite: measured 2 base and 1 head"]}})");
  Result<std::optional<AbGateVerdict>> v = ReadAbGateVerdict(run_);
  ASSERT_TRUE(v.ok()) << v.status().message();
  ASSERT_TRUE(v->has_value());
  EXPECT_EQ((*v)->exit_code, 1);
  EXPECT_EQ((*v)->summary, "INCOMPLETE: PASS: 3 same");
  ASSERT_TRUE(WriteReport(run_, {}).ok());
  const std::string md = ReadFile(run_ + "/COMPARISON.md");
  EXPECT_NE(md.find("❌ **INCOMPLETE: PASS: 3 same** (gate exit code 1)"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("- sqlite: measured 2 base and 1 head"), std::string::npos);
}

TEST_F(AbReportTest, AMalformedVerdictIsAnErrorNamingTheFile) {
  WriteFile(run_ + "/compare.json", R"({"exit_code": "zero"})");
  Result<ReportPaths> paths = WriteReport(run_, {});
  ASSERT_FALSE(paths.ok());
  EXPECT_NE(paths.status().message().find("compare.json"), std::string::npos)
      << paths.status().message();
}

TEST_F(AbReportTest, ASideWithoutResultsIsNamed) {
  fs::remove_all(run_ + "/base/sqlite");
  Result<ReportPaths> paths = WriteReport(run_, {});
  ASSERT_FALSE(paths.ok());
  EXPECT_EQ(paths.status().message().rfind("BASE: ", 0), 0u)
      << paths.status().message();
}

}  // namespace
}  // namespace mdbprof::report
