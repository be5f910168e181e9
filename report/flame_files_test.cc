#include "report/flame_files.h"

#include <filesystem>

#include "gtest/gtest.h"
#include "report/report_writer.h"
#include "report/testing/synthetic_run.h"
#include "results/run_layout.h"

namespace mdbprof::report {
namespace {

namespace fs = std::filesystem;
using testing::ReadFile;
using testing::SampleMetrics;
using testing::TempDir;
using testing::WriteBackend;

TEST(FlameFiles, TheReportWritesAndLinksEachBackendsFlameGraphs) {
  TempDir tmp;
  const std::string run = tmp.path() + "/run";
  WriteBackend(run, "sqlite",
               {SampleMetrics("sqlite", 1000), SampleMetrics("sqlite", 1100)});
  WriteBackend(run, "pebble", {SampleMetrics("pebble", 3000)},
               /*with_profiles=*/false);
  Result<ReportPaths> paths = WriteReport(run, {});
  ASSERT_TRUE(paths.ok()) << paths.status().message();
  for (const char* file :
       {results::kFlameCpuFile, results::kFlameAllocSpaceFile}) {
    const std::string svg = ReadFile(run + "/sqlite/" + file);
    EXPECT_NE(svg.find("<g class=\"f\""), std::string::npos) << file;
    EXPECT_FALSE(fs::exists(run + "/pebble/" + file))
        << "pebble has no profiles";
  }
  const std::string md = ReadFile(paths->markdown);
  EXPECT_NE(md.find("[cpu](sqlite/flame-cpu.svg) · "
                    "[alloc_space](sqlite/flame-alloc_space.svg)"),
            std::string::npos)
      << md;
  EXPECT_EQ(md.find("pebble/flame-"), std::string::npos) << md;
}

TEST(FlameFiles, AnAbRunGetsDifferentialGraphsLinkedFromComparisonMd) {
  TempDir tmp;
  const std::string run = tmp.path() + "/run";
  WriteBackend(run + "/base", "sqlite", {SampleMetrics("sqlite", 1000)});
  WriteBackend(run + "/head", "sqlite", {SampleMetrics("sqlite", 900)});
  Result<ReportPaths> paths = WriteReport(run, {});
  ASSERT_TRUE(paths.ok()) << paths.status().message();
  for (const char* file :
       {results::kFlameDiffCpuFile, results::kFlameDiffAllocSpaceFile}) {
    const std::string svg = ReadFile(run + "/head/sqlite/" + file);
    EXPECT_NE(svg.find("HEAD vs BASE"), std::string::npos) << file;
  }
  const std::string md = ReadFile(paths->markdown);
  EXPECT_NE(md.find("## Flame graphs, HEAD vs BASE"), std::string::npos) << md;
  EXPECT_NE(md.find("(head/sqlite/flame-diff-alloc_space.svg)"),
            std::string::npos)
      << md;
}

TEST(FlameFiles, AMissingProfileIsNamedAndLeavesNoStaleGraph) {
  TempDir tmp;
  const std::string run = tmp.path() + "/run";
  WriteBackend(run, "sqlite", {SampleMetrics("sqlite", 1000)});
  ASSERT_TRUE(WriteReport(run, {}).ok());
  ASSERT_TRUE(fs::exists(run + "/sqlite/" + results::kFlameCpuFile));
  fs::remove(run + "/sqlite/" + std::string(results::kCpuFile));
  BackendSummary b;
  b.name = "sqlite";
  b.dir = run + "/sqlite";
  b.repetition_dirs = {b.dir};
  std::vector<FlameGraphFile> files = WriteBackendFlameGraphs(b);
  ASSERT_EQ(files.size(), 2u);
  EXPECT_EQ(files[0].kind, "cpu");
  EXPECT_NE(files[0].error.find("cpu.prof"), std::string::npos)
      << files[0].error;
  EXPECT_FALSE(fs::exists(files[0].path));
  EXPECT_EQ(files[1].error, "");
  EXPECT_EQ(FlameGraphLinksMarkdown(files, "Flame graphs"),
            "## Flame graphs\n\n- sqlite: [alloc_space](" +
                std::string("sqlite/flame-alloc_space.svg") + ")\n\n");
}

}  // namespace
}  // namespace mdbprof::report
