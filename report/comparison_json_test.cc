#include "report/comparison_json.h"

#include <gtest/gtest.h>

#include "report/report_metrics.h"
#include "report/testing/synthetic_run.h"

namespace mdbprof::report {
namespace {

using testing::SampleMetrics;
using testing::TempDir;
using testing::WriteBackend;

Comparison Build(const std::string& dir) {
  Result<RunSet> run = LoadRunSet(dir);
  EXPECT_TRUE(run.ok()) << run.status().message();
  Result<Comparison> c =
      BuildComparison(*run, {"2026-11-26T13:00:00Z", int64_t{8} << 30, "test"});
  EXPECT_TRUE(c.ok()) << c.status().message();
  return *c;
}

TEST(ComparisonJson, SummarizesEveryMetricOverRepetitions) {
  TempDir tmp;
  results::RunMetrics a = SampleMetrics("sqlite", 1000),
                      b = SampleMetrics("sqlite", 1200),
                      c = SampleMetrics("sqlite", 1100);
  c.budgets.verdicts[0].passed = false;
  c.budgets.verdicts[0].actual = 3;
  c.budgets.verdicts[0].message = "errors: 3 > 0";
  WriteBackend(tmp.path(), "sqlite", {a, b, c});
  Comparison cmp = Build(tmp.path());
  ASSERT_EQ(cmp.backends.size(), 1u);
  const BackendSummary& s = cmp.backends[0];
  EXPECT_EQ(s.repetitions(), 3);
  EXPECT_EQ(cmp.machine.cores, 2);
  EXPECT_EQ(cmp.machine.memory_bytes, int64_t{8} << 30);
  for (const ReportMetric& m : ReportMetrics()) {
    ASSERT_NE(s.Metric(m.name), nullptr) << m.name;
    EXPECT_EQ(s.Metric(m.name)->values.size(), 3u) << m.name;
  }
  const MetricSeries* ops = s.Metric("ops_per_sec");
  EXPECT_EQ(ops->median, 1100);
  EXPECT_EQ(ops->min, 1000);
  EXPECT_EQ(ops->max, 1200);
  EXPECT_EQ(s.Metric("db_cpu_us_per_op")->MeasuredCount(), 0);
  ASSERT_EQ(s.verdicts.size(), 1u);
  EXPECT_EQ(s.verdicts[0].failed, 1);
  EXPECT_EQ(s.verdicts[0].actual.size(), 3u);
  ASSERT_EQ(s.verdicts[0].messages.size(), 1u);
  EXPECT_EQ(s.verdicts[0].messages[0], "repetition 3: errors: 3 > 0");
  EXPECT_FALSE(s.BudgetsPassed());
}

TEST(ComparisonJson, RoundTripKeepsValuesFingerprintsAndVerdicts) {
  TempDir tmp;
  WriteBackend(tmp.path(), "sqlite",
               {SampleMetrics("sqlite", 1000), SampleMetrics("sqlite", 1300)});
  WriteBackend(tmp.path(), "pebble", {SampleMetrics("pebble", 700)});
  Comparison c = Build(tmp.path());
  Result<Comparison> back = ComparisonFromJson(ToJson(c));
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(ToJson(*back), ToJson(c));
  EXPECT_EQ(back->backends[1].Metric("disk_usage_bytes")->median,
            4096.0 + 12 * 1024 * 1024);
  EXPECT_EQ(back->backends[0].Metric("ops_per_sec")->median, 1150);
}

TEST(ComparisonJson, ErrorsNameTheKeyPath) {
  TempDir tmp;
  WriteBackend(tmp.path(), "sqlite", {SampleMetrics("sqlite", 1000)});
  nlohmann::json j = ToJson(Build(tmp.path()));
  j["backends"][0]["metrics"]["ops_per_sec"]["values"][0] = "fast";
  Result<Comparison> bad = ComparisonFromJson(j);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(),
            "backends[0].metrics.ops_per_sec.values[0]: expected a number or "
            "null, got \"fast\"");
  j["format"] = "something-else";
  bad = ComparisonFromJson(j);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(
      bad.status().message(),
      "format: expected \"mdbprof-comparison-1\", got \"something-else\"");
}

}  // namespace
}  // namespace mdbprof::report
