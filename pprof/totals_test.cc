#include "pprof/totals.h"

#include <gtest/gtest.h>

#include <cstdint>

#include "pprof/testing/profile_builder.h"

namespace mdbprof::pprof {
namespace {

using testing::ProfileBuilder;

TEST(Totals, SumsEachSampleTypeInOrder) {
  ProfileBuilder b({{"samples", "count"}, {"cpu", "nanoseconds"}});
  b.Add({"main", "a"}, {1, 10})
      .Add({"main", "b"}, {2, 20})
      .Add({"main"}, {3, 30});
  std::vector<SampleTypeTotal> t = Totals(b.Build());
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(t[0].type, "samples");
  EXPECT_EQ(t[0].unit, "count");
  EXPECT_EQ(t[0].total, 6);
  EXPECT_EQ(t[0].sum, 6);
  EXPECT_EQ(t[1].type, "cpu");
  EXPECT_EQ(t[1].unit, "nanoseconds");
  EXPECT_EQ(t[1].total, 60);
}

TEST(Totals, TotalIsSumOfAbsoluteValues) {
  ProfileBuilder b({{"alloc_space", "bytes"}});
  b.Add({"a"}, {100}).Add({"b"}, {-30}).Add({"c"}, {-70});
  std::vector<SampleTypeTotal> t = Totals(b.Build());
  ASSERT_EQ(t.size(), 1u);
  EXPECT_EQ(t[0].total, 200);
  EXPECT_EQ(t[0].sum, 0);
}

TEST(Totals, ProfileWithoutSamplesHasZeroTotals) {
  ProfileBuilder b({{"goroutine", "count"}});
  std::vector<SampleTypeTotal> t = Totals(b.Build());
  ASSERT_EQ(t.size(), 1u);
  EXPECT_EQ(t[0].total, 0);
  EXPECT_EQ(t[0].sum, 0);
}

TEST(TotalOf, PicksTheNamedSampleType) {
  ProfileBuilder b({{"samples", "count"}, {"cpu", "nanoseconds"}});
  b.Add({"a"}, {1, 10}).Add({"b"}, {2, -30});
  Result<SampleTypeTotal> cpu = TotalOf(b.Build(), "cpu");
  ASSERT_TRUE(cpu.ok()) << cpu.status().message();
  EXPECT_EQ(cpu->unit, "nanoseconds");
  EXPECT_EQ(cpu->sum, -20);
  EXPECT_EQ(cpu->total, 40);
}

TEST(TotalOf, MissingTypeIsNotFoundNamingTheTypesPresent) {
  ProfileBuilder b({{"samples", "count"}, {"cpu", "nanoseconds"}});
  Result<SampleTypeTotal> t = TotalOf(b.Build(), "alloc_space");
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(t.status().message(),
            "profile has no sample type 'alloc_space' (has: samples, cpu)");
}

TEST(TotalOf, WrapsOnOverflowLikeTotals) {
  ProfileBuilder b({{"alloc_space", "bytes"}});
  b.Add({"a"}, {INT64_MAX}).Add({"b"}, {2});
  const Profile p = b.Build();
  Result<SampleTypeTotal> t = TotalOf(p, "alloc_space");
  ASSERT_TRUE(t.ok()) << t.status().message();
  EXPECT_EQ(t->sum, INT64_MIN + 1);
  EXPECT_EQ(t->sum, Totals(p)[0].sum);
  EXPECT_EQ(t->total, Totals(p)[0].total);
}

}  // namespace
}  // namespace mdbprof::pprof
