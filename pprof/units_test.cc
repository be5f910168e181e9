#include "pprof/units.h"

#include <gtest/gtest.h>

namespace mdbprof::pprof {
namespace {

TEST(ScaledLabel, ScalesTimeUnits) {
  EXPECT_EQ(ScaledLabel(1500000000, "nanoseconds", "auto"), "1.50s");
  EXPECT_EQ(ScaledLabel(10000000, "nanoseconds", "ms"), "10ms");
  EXPECT_EQ(ScaledLabel(1490000000, "nanoseconds", "ms"), "1490ms");
  EXPECT_EQ(ScaledLabel(100, "microseconds", "auto"), "100us");
  EXPECT_EQ(ScaledLabel(int64_t{7200} * 1000000000, "ns", "auto"), "2hrs");
  EXPECT_EQ(ScaledLabel(1, "nanoseconds", "s"), "0");
  EXPECT_EQ(ScaledLabel(5000000, "nanoseconds", "s"), "0.01s");
}

TEST(ScaledLabel, ScalesMemoryUnitsBy1024) {
  EXPECT_EQ(ScaledLabel(3 << 20, "bytes", "MB"), "3MB");
  EXPECT_EQ(ScaledLabel(1536, "bytes", "auto"), "1.50kB");
  EXPECT_EQ(ScaledLabel(-2048, "bytes", "kB"), "-2kB");
  EXPECT_EQ(ScaledLabel(int64_t{5} << 30, "bytes", "minimum"), "5GB");
  EXPECT_EQ(ScaledLabel(0, "bytes", "MB"), "0");
  EXPECT_EQ(ScaledLabel(512, "bytes", "auto"), "512B");
}

TEST(ScaledLabel, CountsAndUnknownUnits) {
  EXPECT_EQ(ScaledLabel(1234567, "count", "count"), "1234567");
  EXPECT_EQ(ScaledLabel(5, "objects", "objects"), "5objects");
  EXPECT_EQ(ScaledLabel(5, "objects", "minimum"), "5");
}

TEST(Scale, ReturnsCanonicalUnitNames) {
  EXPECT_EQ(Scale(1 << 20, "bytes", "minimum").second, "MB");
  EXPECT_EQ(Scale(1000, "nanoseconds", "minimum").second, "us");
  EXPECT_EQ(Scale(1000, "count", "minimum").second, "");
  auto [v, u] = Scale(2500000, "nanoseconds", "nanoseconds");
  EXPECT_DOUBLE_EQ(v, 2500000);
  EXPECT_EQ(u, "ns");
}

TEST(Percentage, FormatsLikePprof) {
  EXPECT_EQ(Percentage(1, 3), "33.33%");
  EXPECT_EQ(Percentage(1, 1), "  100%");
  EXPECT_EQ(Percentage(9996, 10000), "  100%");
  EXPECT_EQ(Percentage(0, 0), "    0%");
  EXPECT_EQ(Percentage(1, 1000), "  0.1%");
  EXPECT_EQ(Percentage(-5, 10), "50.00%");
  EXPECT_EQ(Percentage(12345, 1000000), " 1.23%");
  EXPECT_EQ(Percentage(1, 200000), "0.0005%");
}

}  // namespace
}  // namespace mdbprof::pprof
