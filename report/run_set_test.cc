#include "report/run_set.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "report/testing/synthetic_run.h"

namespace mdbprof::report {
namespace {

namespace fs = std::filesystem;
using testing::SampleMetrics;
using testing::TempDir;
using testing::WriteBackend;
using testing::WriteFile;

TEST(RunSet, LoadsEveryBackendAndRepetitionInSuiteOrder) {
  TempDir tmp;
  const std::string run = tmp.path() + "/20261126_120000";
  WriteBackend(run, "pebble", {SampleMetrics("pebble", 900)});
  WriteBackend(run, "sqlite",
               {SampleMetrics("sqlite", 1000), SampleMetrics("sqlite", 1100),
                SampleMetrics("sqlite", 1200)});
  Result<RunSet> set = LoadRunSet(run);
  ASSERT_TRUE(set.ok()) << set.status().message();
  EXPECT_EQ(set->dir, fs::canonical(run).string());
  ASSERT_EQ(set->backends.size(), 2u);
  EXPECT_EQ(set->backends[0].name, "sqlite");  // the suite's order, not a-z
  EXPECT_EQ(set->backends[1].name, "pebble");
  const BackendRun& sqlite = set->backends[0];
  ASSERT_EQ(sqlite.repetitions.size(), 3u);
  EXPECT_EQ(sqlite.repetitions[1].index, 2);
  EXPECT_EQ(sqlite.repetitions[1].metrics.ops_per_sec, 1100);
  EXPECT_EQ(sqlite.repetitions[2].dir, set->dir + "/sqlite/repetitions/3");
  EXPECT_EQ(MetricOf(sqlite.repetitions[0], "writes_per_sec"), 900.0);
  EXPECT_EQ(MetricOf(sqlite.repetitions[0], "reads_per_sec"), 100.0);
  EXPECT_FALSE(MetricOf(sqlite.repetitions[0], "disk_usage_bytes"));
  EXPECT_FALSE(MetricOf(sqlite.repetitions[0], "db_cpu_us_per_op"));
  const Repetition& pebble = set->backends[1].repetitions[0];
  EXPECT_EQ(pebble.dir, set->dir + "/pebble");
  EXPECT_EQ(MetricOf(pebble, "disk_usage_bytes"), 4096.0 + 12 * 1024 * 1024);
  EXPECT_EQ(MetricOf(pebble, "namespace_count"), 2.0);
  EXPECT_EQ(MetricOf(pebble, "latency_p99_ms"), 5.0);
}

// A backend the suite does not know (no backend_order) goes last, and a
// backend's files are read only when its JSON declares them.
TEST(RunSet, OrderAndBackendFilesComeFromTheRun) {
  TempDir tmp;
  results::RunMetrics other = SampleMetrics("aaa", 800);
  WriteBackend(tmp.path(), "aaa", {other});
  results::RunMetrics pebble = SampleMetrics("pebble", 900);
  pebble.config.extra_files.clear();
  WriteBackend(tmp.path(), "pebble", {pebble});
  WriteFile(tmp.path() + "/pebble/pebble-disk-usage.txt", "4.0K\tdefault\n");
  Result<RunSet> set = LoadRunSet(tmp.path());
  ASSERT_TRUE(set.ok()) << set.status().message();
  ASSERT_EQ(set->backends.size(), 2u);
  EXPECT_EQ(set->backends[0].name, "pebble");
  EXPECT_EQ(set->backends[1].name, "aaa");
  EXPECT_FALSE(MetricOf(set->backends[0].repetitions[0], "disk_usage_bytes"));
}

TEST(RunSet, DirectoryWithoutResultsIsListedAsSkipped) {
  TempDir tmp;
  WriteBackend(tmp.path(), "sqlite", {SampleMetrics("sqlite", 1000)});
  fs::create_directories(tmp.path() + "/postgres");
  WriteFile(tmp.path() + "/postgres/server.log", "initdb not found\n");
  Result<RunSet> set = LoadRunSet(tmp.path());
  ASSERT_TRUE(set.ok()) << set.status().message();
  ASSERT_EQ(set->backends.size(), 1u);
  ASSERT_EQ(set->skipped.size(), 1u);
  EXPECT_EQ(fs::path(set->skipped[0].dir).filename(), "postgres");
  EXPECT_NE(set->skipped[0].reason.find("no load-test-results.json"),
            std::string::npos);
}

TEST(RunSet, MalformedResultsNameTheFile) {
  TempDir tmp;
  WriteBackend(tmp.path(), "sqlite", {SampleMetrics("sqlite", 1000)});
  const std::string file = tmp.path() + "/sqlite/load-test-results.json";
  WriteFile(file, "{\"timestamp\": ");
  Result<RunSet> set = LoadRunSet(tmp.path());
  ASSERT_FALSE(set.ok());
  EXPECT_EQ(set.status().message().rfind(
                fs::canonical(file).string() + ": not valid JSON", 0),
            0u)
      << set.status().message();

  WriteFile(file, "{\"timestamp\": \"x\"}");
  set = LoadRunSet(tmp.path());
  ASSERT_FALSE(set.ok());
  EXPECT_NE(set.status().message().find("load-test-results.json: "),
            std::string::npos)
      << set.status().message();
}

TEST(RunSet, ResultsOfAnotherBackendAreAnError) {
  TempDir tmp;
  WriteBackend(tmp.path(), "sqlite", {SampleMetrics("pebble", 1000)});
  Result<RunSet> set = LoadRunSet(tmp.path());
  ASSERT_FALSE(set.ok());
  EXPECT_NE(set.status().message().find(
                "config.backend is \"pebble\" but the file is in the "
                "directory of backend \"sqlite\""),
            std::string::npos)
      << set.status().message();
}

TEST(RunSet, MissingOrEmptyRunDirectory) {
  TempDir tmp;
  Result<RunSet> missing = LoadRunSet(tmp.path() + "/nope");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(missing.status().message(),
            "run directory '" + tmp.path() + "/nope' does not exist");
  Result<RunSet> empty = LoadRunSet(tmp.path());
  ASSERT_FALSE(empty.ok());
  EXPECT_NE(empty.status().message().find("holds no backend results"),
            std::string::npos);
}

TEST(RunSet, OutputDirectoryResolvesLatest) {
  TempDir tmp;
  WriteBackend(tmp.path() + "/20261126_120000", "sqlite",
               {SampleMetrics("sqlite", 1000)});
  fs::create_directory_symlink("20261126_120000", tmp.path() + "/latest");
  Result<RunSet> set = LoadRunSet(tmp.path());
  ASSERT_TRUE(set.ok()) << set.status().message();
  EXPECT_EQ(fs::path(set->dir).filename(), "20261126_120000");
  Result<RunSet> via_link = LoadRunSet(tmp.path() + "/latest");
  ASSERT_TRUE(via_link.ok());
  EXPECT_EQ(via_link->dir, set->dir);
}

TEST(RunSet, UnreadableBackendFileBecomesANote) {
  TempDir tmp;
  WriteBackend(tmp.path(), "pebble", {SampleMetrics("pebble", 1000)});
  WriteFile(tmp.path() + "/pebble/pebble-namespace-count.txt", "lots\n");
  Result<RunSet> set = LoadRunSet(tmp.path());
  ASSERT_TRUE(set.ok());
  const Repetition& rep = set->backends[0].repetitions[0];
  EXPECT_FALSE(rep.file_metrics.count("namespace_count"));
  ASSERT_EQ(rep.notes.size(), 1u);
  EXPECT_EQ(rep.notes[0].rfind("pebble-namespace-count.txt: expected", 0), 0u);
}

}  // namespace
}  // namespace mdbprof::report
