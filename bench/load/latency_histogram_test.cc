#include "bench/load/latency_histogram.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

namespace mdbprof::bench {
namespace {

// Nearest-rank percentile of sorted values (the definition the histogram
// approximates).
int64_t ExactPercentile(const std::vector<int64_t>& sorted, double p) {
  const auto n = static_cast<int64_t>(sorted.size());
  const auto rank =
      std::max<int64_t>(1, static_cast<int64_t>(std::ceil(p * n / 100.0)));
  return sorted[std::min(rank, n) - 1];
}

// Log-uniform latencies between 1 us and 100 s.
std::vector<int64_t> LogUniformValues(int n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> exponent(3.0, 11.0);
  std::vector<int64_t> values(n);
  for (auto& v : values) {
    v = static_cast<int64_t>(std::pow(10.0, exponent(rng)));
  }
  return values;
}

TEST(LatencyHistogram, EmptyReportsZeros) {
  LatencyHistogram h;
  EXPECT_EQ(h.Count(), 0);
  EXPECT_EQ(h.Max(), 0);
  EXPECT_EQ(h.Min(), 0);
  EXPECT_EQ(h.Mean(), 0.0);
  EXPECT_EQ(h.ValueAtPercentile(50), 0);
}

TEST(LatencyHistogram, PercentilesWithinStatedPrecision) {
  std::vector<int64_t> values = LogUniformValues(200'000, 42);
  LatencyHistogram h;
  for (int64_t v : values) h.Record(v);
  std::sort(values.begin(), values.end());
  for (double p : {0.001, 0.1, 1.0, 10.0, 25.0, 50.0, 75.0, 90.0, 99.0, 99.9,
                   99.99, 99.999}) {
    const int64_t exact = ExactPercentile(values, p);
    const double tolerance = exact * LatencyHistogram::kRelativePrecision;
    EXPECT_NEAR(h.ValueAtPercentile(p), exact, tolerance) << "p" << p;
  }
  EXPECT_EQ(h.Count(), 200'000);
  EXPECT_EQ(h.Max(), values.back());
  EXPECT_EQ(h.Min(), values.front());
  EXPECT_EQ(h.ValueAtPercentile(100), values.back());
  EXPECT_EQ(h.ValueAtPercentile(0), values.front());
  double sum = 0;
  for (int64_t v : values) sum += v;
  EXPECT_NEAR(h.Mean(), sum / values.size(), sum / values.size() * 1e-9);
}

TEST(LatencyHistogram, NarrowClusterKeepsPrecision) {
  // 1.000 ms .. 1.100 ms in 1 us steps: percentiles must resolve ~8 us.
  std::vector<int64_t> values;
  for (int64_t v = 1'000'000; v <= 1'100'000; v += 1'000) values.push_back(v);
  LatencyHistogram h;
  for (int64_t v : values) h.Record(v);
  for (double p : {10.0, 50.0, 90.0, 99.0}) {
    const int64_t exact = ExactPercentile(values, p);
    EXPECT_NEAR(h.ValueAtPercentile(p), exact,
                exact * LatencyHistogram::kRelativePrecision)
        << "p" << p;
  }
}

TEST(LatencyHistogram, SmallValuesAreExact) {
  LatencyHistogram h;
  for (int64_t v = 0; v < 256; ++v) h.Record(v);
  for (int64_t v = 0; v < 256; ++v) {
    EXPECT_EQ(h.ValueAtPercentile((v + 0.5) * 100.0 / 256), v);
  }
}

TEST(LatencyHistogram, BucketsAreContiguousAndNarrow) {
  int previous = LatencyHistogram::BucketIndex(0);
  int64_t bucket_start = 0;
  for (int64_t v = 1; v < (int64_t{1} << 22); ++v) {
    const int index = LatencyHistogram::BucketIndex(v);
    ASSERT_TRUE(index == previous || index == previous + 1) << "at " << v;
    if (index != previous) {
      const int64_t width = v - bucket_start;
      ASSERT_LE(width,
                std::max<int64_t>(
                    1, bucket_start * LatencyHistogram::kRelativePrecision))
          << "bucket starting at " << bucket_start;
      bucket_start = v;
    }
    previous = index;
  }
}

TEST(LatencyHistogram, MergeEqualsRecordingEverything) {
  const std::vector<int64_t> a = LogUniformValues(10'000, 1);
  const std::vector<int64_t> b = LogUniformValues(5'000, 2);
  LatencyHistogram ha, hb, all;
  for (int64_t v : a) ha.Record(v), all.Record(v);
  for (int64_t v : b) hb.Record(v), all.Record(v);
  ha.Merge(hb);
  EXPECT_EQ(ha.Count(), all.Count());
  EXPECT_EQ(ha.Max(), all.Max());
  EXPECT_EQ(ha.Min(), all.Min());
  EXPECT_DOUBLE_EQ(ha.Mean(), all.Mean());
  for (double p : {1.0, 50.0, 90.0, 99.0, 99.9}) {
    EXPECT_EQ(ha.ValueAtPercentile(p), all.ValueAtPercentile(p)) << "p" << p;
  }
  LatencyHistogram empty;
  ha.Merge(empty);
  EXPECT_EQ(ha.Count(), all.Count());
  EXPECT_EQ(ha.Min(), all.Min());
}

TEST(LatencyHistogram, OutOfRangeValuesAreClampedButMaxIsExact) {
  LatencyHistogram h;
  h.Record(-5);
  h.Record(500'000'000'000);  // 500 s, above the 100 s range
  EXPECT_EQ(h.Count(), 2);
  EXPECT_EQ(h.Min(), 0);
  EXPECT_EQ(h.Max(), 500'000'000'000);
  EXPECT_EQ(h.ValueAtPercentile(100), 500'000'000'000);
  EXPECT_EQ(h.ValueAtPercentile(50), 0);
  // The top bucket reports (about) the range limit.
  EXPECT_NEAR(
      h.ValueAtPercentile(99), LatencyHistogram::kMaxTrackableNs,
      LatencyHistogram::kMaxTrackableNs * LatencyHistogram::kRelativePrecision);
}

TEST(LatencyHistogram, ResetForgetsEverything) {
  LatencyHistogram h;
  h.Record(1'000'000);
  h.Reset();
  EXPECT_EQ(h.Count(), 0);
  EXPECT_EQ(h.ValueAtPercentile(99), 0);
  h.Record(2'000);
  EXPECT_EQ(h.Min(), 2'000);
  EXPECT_EQ(h.Max(), 2'000);
}

}  // namespace
}  // namespace mdbprof::bench
