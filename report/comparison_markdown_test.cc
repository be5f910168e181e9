#include "report/comparison_markdown.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <sstream>

#include "report/metric_table.h"
#include "report/report_metrics.h"
#include "report/report_writer.h"
#include "report/testing/synthetic_run.h"
#include "report/value_format.h"
#include "results/load_deltas.h"

namespace mdbprof::report {
namespace {

namespace fs = std::filesystem;
using testing::ReadFile;
using testing::SampleMetrics;
using testing::TempDir;
using testing::WriteBackend;

// The cells of a Markdown table row "| a | b |" -> {"a", "b"}.
std::vector<std::string> Cells(const std::string& line) {
  std::vector<std::string> cells;
  std::string cell;
  for (size_t i = 1; i < line.size(); ++i) {
    if (line[i] == '\\' && i + 1 < line.size() && line[i + 1] == '|') {
      cell += '|';
      ++i;
    } else if (line[i] == '|') {
      size_t b = cell.find_first_not_of(' ');
      size_t e = cell.find_last_not_of(' ');
      cells.push_back(b == std::string::npos ? "" : cell.substr(b, e - b + 1));
      cell.clear();
    } else {
      cell += line[i];
    }
  }
  return cells;
}

// The lines of the "## Metrics" table.
std::vector<std::string> MetricTableLines(const std::string& md) {
  std::vector<std::string> lines;
  std::istringstream in(md.substr(md.find("## Metrics")));
  std::string line;
  bool in_table = false;
  while (std::getline(in, line)) {
    if (line.rfind("| metric |", 0) == 0) in_table = true;
    if (in_table && line.empty()) break;
    if (in_table) lines.push_back(line);
  }
  return lines;
}

class ReportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    run_ = tmp_.path() + "/20261126_120000";
    WriteBackend(
        run_, "sqlite",
        {SampleMetrics("sqlite", 1000, 4), SampleMetrics("sqlite", 1100, 5),
         SampleMetrics("sqlite", 1200, 6)});
    WriteBackend(run_, "postgres", {SampleMetrics("postgres", 700, 9)});
    WriteBackend(run_, "pebble", {SampleMetrics("pebble", 2500, 2)});
    Result<ReportPaths> paths = WriteReport(run_, CurrentReportContext());
    ASSERT_TRUE(paths.ok()) << paths.status().message();
    paths_ = *paths;
    md_ = ReadFile(paths_.markdown);
  }

  TempDir tmp_;
  std::string run_;
  ReportPaths paths_;
  std::string md_;
};

TEST(MetricTable, RowsCoverEveryReportMetric) {
  std::set<std::string_view> in_rows;
  for (const MetricRow& row : MetricRows()) {
    in_rows.insert(row.metric);
    if (!row.after_metric.empty()) in_rows.insert(row.after_metric);
  }
  for (const ReportMetric& m : ReportMetrics()) {
    EXPECT_EQ(in_rows.count(m.name), 1u) << m.name << " has no row";
  }
}

TEST_F(ReportTest, WritesTheThreeFilesIntoTheRunDirectory) {
  const std::string dir = fs::canonical(run_).string();
  EXPECT_EQ(paths_.markdown, dir + "/COMPARISON.md");
  EXPECT_EQ(paths_.json, dir + "/comparison.json");
  EXPECT_EQ(paths_.chart, dir + "/chart.svg");
  EXPECT_FALSE(md_.empty());
  EXPECT_NE(ReadFile(paths_.json).find("\"mdbprof-comparison-1\""),
            std::string::npos);
  EXPECT_NE(ReadFile(paths_.chart).find("<svg"), std::string::npos);
  EXPECT_NE(md_.find("<img src=\"chart.svg\""), std::string::npos);
}

TEST_F(ReportTest, EveryMetricRowHasEveryCellFilled) {
  std::vector<std::string> lines = MetricTableLines(md_);
  ASSERT_GT(lines.size(), 2u);
  EXPECT_EQ(Cells(lines[0]),
            (std::vector<std::string>{"metric", "sqlite (3 reps)", "postgres",
                                      "pebble"}));
  size_t rows = 0;
  for (size_t i = 2; i < lines.size(); ++i) {
    if (lines[i].rfind("| **", 0) == 0) continue;  // a section heading
    std::vector<std::string> cells = Cells(lines[i]);
    ASSERT_EQ(cells.size(), 4u) << lines[i];
    for (const std::string& cell : cells) {
      EXPECT_FALSE(cell.empty()) << lines[i];
    }
    ++rows;
  }
  EXPECT_EQ(rows, MetricRows().size());
  EXPECT_EQ(md_.find("TBD"), std::string::npos);
}

TEST_F(ReportTest, RepetitionsShowMedianAndRange) {
  for (const std::string& line : MetricTableLines(md_)) {
    std::vector<std::string> cells = Cells(line);
    if (!cells.empty() && cells[0] == "ops/s") {
      EXPECT_EQ(cells[1], "1100 [1000–1200]");
      EXPECT_EQ(cells[2], "700");
      EXPECT_EQ(cells[3], "2500");
      return;
    }
  }
  FAIL() << "no ops/s row";
}

TEST_F(ReportTest, MissingValuesHaveAFootnoteSayingWhy) {
  for (const std::string& line : MetricTableLines(md_)) {
    std::vector<std::string> cells = Cells(line);
    if (!cells.empty() && cells[0] == "disk usage") {
      EXPECT_EQ(cells[1].rfind("—[^", 0), 0u) << cells[1];
      EXPECT_EQ(cells[3], "12 MiB");
      std::string ref = cells[1].substr(std::string("—").size());
      EXPECT_NE(md_.find(ref + ": the sqlite backend writes no file with "
                               "`disk_usage_bytes`"),
                std::string::npos)
          << ref;
    }
    if (!cells.empty() && cells[0] == "database processes") {
      EXPECT_EQ(cells[2], "120");  // postgres has a database process
      EXPECT_EQ(cells[1].rfind("—[^", 0), 0u);
    }
  }
  EXPECT_NE(md_.find("no separate database process was measured"),
            std::string::npos);
}

TEST_F(ReportTest, HeaderNamesRunMachineServerAndBudgets) {
  EXPECT_NE(md_.find("# mdbprof comparison — 20261126_120000"),
            std::string::npos);
  EXPECT_NE(md_.find("| date | 2026-11-26T12:00:00Z (UTC) |"),
            std::string::npos);
  EXPECT_NE(md_.find("| measured window | 30 s per repetition after a 2 s "
                     "warm-up |"),
            std::string::npos);
  EXPECT_NE(md_.find("| repetitions | sqlite: 3; postgres: 1; pebble: 1 (each "
                     "on a fresh server process) |"),
            std::string::npos);
  EXPECT_NE(md_.find("| machine | 2 cores, "), std::string::npos);
  EXPECT_NE(md_.find("`/opt/refserver` version `0.1.0`"), std::string::npos);
  EXPECT_NE(md_.find("sqlite: `/src/budgets/sqlite.json`"), std::string::npos);
  EXPECT_NE(md_.find("| workers | 10; 1 in 10 operations is a read; payload "
                     "default |"),
            std::string::npos);
}

TEST_F(ReportTest, BudgetVerdictsPerBackend) {
  EXPECT_NE(md_.find("| sqlite | `errors` | <= 0 | 0 | ✅ pass |"),
            std::string::npos);
  EXPECT_NE(md_.find("| pebble | `errors` | <= 0 | 0 | ✅ pass |"),
            std::string::npos);
}

TEST_F(ReportTest, TopFunctionsAreDecodedFromTheProfiles) {
  // allocs-after minus allocs-before: Server::Start cancels out;
  // json::parse allocated 96000 bytes of 160000.
  // Per operation as well: the synthetic window's total_ops.
  EXPECT_NE(
      md_.find("| 93.75kB | 3B | 60.00% | 93.75kB | 60.00% | `json::parse` |"),
      std::string::npos)
      << md_;
  EXPECT_EQ(md_.find("`Server::Start`"), std::string::npos);
  EXPECT_NE(md_.find("| 500ms | 62.50% | 500ms | 62.50% | `sqlite3_step` |"),
            std::string::npos);
  EXPECT_NE(md_.find("0% of samples in frames without a name (flat; shown "
                     "as `[library]`)."),
            std::string::npos)
      << md_;
}

TEST_F(ReportTest, DigDeeperCommandsUseRealPaths) {
  const std::string rep3 =
      fs::canonical(run_).string() + "/sqlite/repetitions/3";
  EXPECT_NE(md_.find("mdbprof diff --sample_index=alloc_space " + rep3 +
                     "/allocs-before.prof " + rep3 + "/allocs-after.prof"),
            std::string::npos);
  // The same allocations as the report's: the profile endpoints left out.
  EXPECT_NE(md_.find("go tool pprof -top -sample_index=alloc_space -ignore=" +
                     ShellQuote(results::kProfilerFrames) + " -base " + rep3 +
                     "/allocs-before.prof"),
            std::string::npos);
  EXPECT_NE(md_.find("mdbprof top " + rep3 + "/cpu.prof"), std::string::npos);
  EXPECT_TRUE(fs::exists(rep3 + "/cpu.prof"));
}

TEST(Report, MissingProfilesAreExplainedNotFatal) {
  TempDir tmp;
  WriteBackend(tmp.path(), "sqlite", {SampleMetrics("sqlite", 1000)},
               /*with_profiles=*/false);
  Result<ReportPaths> paths = WriteReport(tmp.path(), CurrentReportContext());
  ASSERT_TRUE(paths.ok()) << paths.status().message();
  std::string md = ReadFile(paths->markdown);
  EXPECT_NE(md.find("_Not available: cpu.prof was not captured (no such "
                    "file)_"),
            std::string::npos);
  EXPECT_NE(md.find("_Not available: allocs-after.prof was not captured"),
            std::string::npos);
}

TEST(Report, UnloadableRunIsAnError) {
  TempDir tmp;
  Result<ReportPaths> paths = WriteReport(tmp.path() + "/x", {});
  ASSERT_FALSE(paths.ok());
  EXPECT_EQ(paths.status().message(),
            "run directory '" + tmp.path() + "/x' does not exist");
}

}  // namespace
}  // namespace mdbprof::report
