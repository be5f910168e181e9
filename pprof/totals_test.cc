#include "pprof/totals.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace mdbprof::pprof
