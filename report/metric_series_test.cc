#include "report/metric_series.h"

#include <gtest/gtest.h>

#include "report/value_format.h"

namespace mdbprof::report {
namespace {

TEST(MetricSeries, MedianAndRangeSkipUnmeasuredValues) {
  MetricSeries s = MakeSeries({10.0, std::nullopt, 14.0, 12.0});
  EXPECT_EQ(s.MeasuredCount(), 3);
  EXPECT_EQ(s.median, 12.0);
  EXPECT_EQ(s.min, 10.0);
  EXPECT_EQ(s.max, 14.0);
  EXPECT_EQ(s.values.size(), 4u);
}

TEST(MetricSeries, EvenCountTakesTheMeanOfTheMiddleTwo) {
  EXPECT_EQ(Median({4, 1, 3, 2}), 2.5);
}

TEST(MetricSeries, NothingMeasuredHasNoMedian) {
  MetricSeries s = MakeSeries({std::nullopt, std::nullopt});
  EXPECT_FALSE(s.median);
  EXPECT_EQ(FormatSeries(s, "ms"), "—");
}

TEST(ValueFormat, SeriesShowsRangeOnlyWhenValuesDiffer) {
  EXPECT_EQ(FormatSeries(MakeSeries({2.0}), "ms"), "2");
  EXPECT_EQ(FormatSeries(MakeSeries({1.0, 2.0, 4.0}), "ms"), "2 [1–4]");
  EXPECT_EQ(FormatSeries(MakeSeries({3.0, 3.0}), "ms"), "3");
  EXPECT_EQ(FormatSeries(MakeSeries({5301.0, 5303.0}), "bytes"), "5.18 KiB");
}

TEST(ValueFormat, BytesAreBinaryAndRatiosPercent) {
  EXPECT_EQ(FormatValue(512, "bytes"), "512 B");
  EXPECT_EQ(FormatValue(12.5 * 1024 * 1024, "bytes"), "12.5 MiB");
  EXPECT_EQ(FormatValue(0.0125, "ratio"), "1.25%");
}

TEST(ValueFormat, MarkdownCellEscapesPipes) {
  EXPECT_EQ(MarkdownCell("a|b\nc"), "a\\|b c");
}

TEST(ValueFormat, ShellQuoteLeavesPlainPathsAlone) {
  EXPECT_EQ(ShellQuote("/tmp/run_1/cpu.prof"), "/tmp/run_1/cpu.prof");
  EXPECT_EQ(ShellQuote("/tmp/my run/it's"), "'/tmp/my run/it'\\''s'");
}

}  // namespace
}  // namespace mdbprof::report
