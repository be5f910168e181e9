#include "report/go_bench_format.h"

#include <gtest/gtest.h>

#include "report/testing/synthetic_run.h"

namespace mdbprof::report {
namespace {

using testing::SampleMetrics;
using testing::TempDir;
using testing::WriteBackend;

const results::MetricInfo& Metric(std::string_view name) {
  const results::MetricInfo* info = results::FindMetric(name);
  EXPECT_NE(info, nullptr) << name;
  static const results::MetricInfo kNone{};
  return info != nullptr ? *info : kNone;
}

TEST(BenchmarkUnit, PerOpMetricsGetGoUnitsAndOthersNone) {
  EXPECT_EQ(BenchmarkUnit(Metric("alloc_bytes_per_op")), "B/op");
  EXPECT_EQ(BenchmarkUnit(Metric("allocs_per_op")), "allocs/op");
  EXPECT_EQ(BenchmarkUnit(Metric("cpu_us_per_op")), "cpu-µs/op");
  EXPECT_EQ(BenchmarkUnit(Metric("db_cpu_us_per_op")), "db-cpu-µs/op");
  EXPECT_EQ(BenchmarkUnit(Metric("latency_p99_ms")), std::nullopt);
}

TEST(GoBenchmarkText, OneLinePerWindowWithThePerOpMetricsAsUnits) {
  TempDir tmp;
  std::vector<results::RunMetrics> reps = {SampleMetrics("sqlite", 1000),
                                           SampleMetrics("sqlite", 2000)};
  WriteBackend(tmp.path() + "/run", "sqlite", reps, /*with_profiles=*/false);
  Result<RunSet> run = LoadRunSet(tmp.path() + "/run");
  ASSERT_TRUE(run.ok()) << run.status().message();
  const std::string text = GoBenchmarkText(*run);
  // 30 s windows: 30000 ops -> 1 ms/op, 60000 ops -> 0.5 ms/op. The embedded
  // backend's db CPU is not measured, so it has no unit on the line.
  EXPECT_NE(text.find("BenchmarkProfile/backend=sqlite-2 30000 1e+06 ns/op "
                      "5300 B/op 16.7 allocs/op 250 cpu-µs/op "
                      "250 total-cpu-µs/op\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("BenchmarkProfile/backend=sqlite-2 60000 500000 ns/op"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("alloc_sample_rate: 524288\n"), std::string::npos)
      << text;
  EXPECT_EQ(text.find("server"), std::string::npos)
      << "an A/B run's sides differ in server; benchstat would split them:\n"
      << text;
  EXPECT_EQ(text.find("db-cpu"), std::string::npos) << text;
}

}  // namespace
}  // namespace mdbprof::report
