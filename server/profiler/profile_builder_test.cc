#include "server/profiler/profile_builder.h"

#include <gtest/gtest.h>

#include <set>

#include "server/profiler/profile_test_util.h"
#include "server/profiler/signal_unwind.h"

namespace refserver::profiler {
namespace {

using testing::IsWellFormed;
using testing::StackNames;

__attribute__((noipa)) int CapturedInLeafForBuilder(uint64_t* raw) {
  int n = UnwindCurrentThread(raw, kMaxStackDepth);
  asm volatile("" ::: "memory");
  return n;
}

std::vector<uint64_t> HereSites() {
  uint64_t raw[kMaxStackDepth];
  int n = CapturedInLeafForBuilder(raw);
  std::vector<uint64_t> sites;
  ToCallSites(raw, n, &sites);
  return sites;
}

TEST(ProfileBuilder, DeduplicatesAndNumbersFromOne) {
  std::vector<uint64_t> sites = HereSites();
  ProfileBuilder b({{"samples", "count"}}, {"samples", "count"}, 1);
  b.AddSample(sites, {1});
  b.AddSample(sites, {2});
  b.AddNamedSample("(pseudo)", {3});
  b.AddNamedSample("(pseudo)", {4});
  perftools::profiles::Profile p = b.Build();
  EXPECT_TRUE(IsWellFormed(p));
  ASSERT_EQ(p.sample_size(), 4);
  EXPECT_EQ(p.sample(0).location_id_size(), p.sample(1).location_id_size());
  EXPECT_EQ(p.location_size(), static_cast<int>(sites.size()) + 1);
  EXPECT_EQ(p.sample(2).location_id(0), p.sample(3).location_id(0));
  std::set<std::string> strings(p.string_table().begin(),
                                p.string_table().end());
  EXPECT_EQ(strings.size(), static_cast<size_t>(p.string_table_size()))
      << "strings are deduplicated";
  std::vector<std::string> names = StackNames(p, p.sample(0));
  ASSERT_FALSE(names.empty());
  EXPECT_NE(names[0].find("CapturedInLeafForBuilder"), std::string::npos)
      << names[0];
  EXPECT_EQ(StackNames(p, p.sample(2)), std::vector<std::string>{"(pseudo)"});
}

TEST(ProfileBuilder, ExecutableIsTheFirstMappingWithFunctionsAndLines) {
  ProfileBuilder b({{"samples", "count"}}, {"samples", "count"}, 1);
  b.AddSample(HereSites(), {1});
  perftools::profiles::Profile p = b.Build();
  ASSERT_GT(p.mapping_size(), 0);
  const auto& exe = p.mapping(0);
  EXPECT_NE(p.string_table(exe.filename()).find("refserver_profiler_test"),
            std::string::npos);
  EXPECT_TRUE(exe.has_functions());
  EXPECT_TRUE(exe.has_line_numbers());
  EXPECT_FALSE(p.string_table(exe.build_id()).empty());
}

TEST(ProfileBuilder, LeafFilterDropsMatchingFrames) {
  std::vector<uint64_t> sites = HereSites();
  ProfileBuilder b({{"samples", "count"}}, {"samples", "count"}, 1);
  b.SetLeafFilter([](const std::string& f) {
    return f.find("CapturedInLeafForBuilder") != std::string::npos;
  });
  b.AddSample(sites, {1});
  perftools::profiles::Profile p = b.Build();
  ASSERT_EQ(p.sample(0).location_id_size(), static_cast<int>(sites.size()) - 1);
  EXPECT_NE(StackNames(p, p.sample(0))[0].find("HereSites"), std::string::npos);
}

__attribute__((always_inline)) inline int InlinedGlueForBuilder(uint64_t* raw) {
  return UnwindCurrentThread(raw, kMaxStackDepth);
}

__attribute__((noipa)) int CallerOfInlinedGlue(uint64_t* raw) {
  int n = InlinedGlueForBuilder(raw);
  asm volatile("" ::: "memory");
  return n;
}

TEST(ProfileBuilder, LeafFilterDropsMatchingInlinedFrames) {
  uint64_t raw[kMaxStackDepth];
  int n = CallerOfInlinedGlue(raw);
  std::vector<uint64_t> sites;
  ToCallSites(raw, n, &sites);
  ProfileBuilder b({{"samples", "count"}}, {"samples", "count"}, 1);
  b.AddSample(sites, {1});  // unfiltered first: its location must not change
  b.SetLeafFilter([](const std::string& f) {
    return f.find("InlinedGlueForBuilder") != std::string::npos;
  });
  b.AddSample(sites, {1});
  perftools::profiles::Profile p = b.Build();
  EXPECT_TRUE(IsWellFormed(p));
  std::vector<std::string> unfiltered = StackNames(p, p.sample(0));
  std::vector<std::string> filtered = StackNames(p, p.sample(1));
  ASSERT_GE(unfiltered.size(), 2u);
  EXPECT_NE(unfiltered[0].find("InlinedGlueForBuilder"), std::string::npos);
  EXPECT_EQ(filtered.size(), unfiltered.size() - 1);
  EXPECT_NE(filtered[0].find("CallerOfInlinedGlue"), std::string::npos)
      << filtered[0];
  EXPECT_EQ(p.sample(1).location_id_size(), p.sample(0).location_id_size());
  EXPECT_NE(p.sample(1).location_id(0), p.sample(0).location_id(0));
  EXPECT_EQ(p.sample(1).location_id(1), p.sample(0).location_id(1));
}

TEST(ProfileBuilder, UnknownAddressKeepsALocationWithoutLines) {
  ProfileBuilder b({{"samples", "count"}}, {"samples", "count"}, 1);
  b.AddSample({0x10}, {1}, {{"thread", "t1", 0, ""}, {"tid", "", 42, ""}});
  perftools::profiles::Profile p = b.Build();
  EXPECT_TRUE(IsWellFormed(p));
  ASSERT_EQ(p.location_size(), 1);
  EXPECT_EQ(p.location(0).address(), 0x10u);
  EXPECT_EQ(p.location(0).line_size(), 0);
  EXPECT_EQ(p.location(0).mapping_id(), 0u);
  EXPECT_EQ(testing::StringLabel(p, p.sample(0), "thread"), "t1");
  EXPECT_EQ(testing::NumberLabel(p, p.sample(0), "tid"), 42);
}

TEST(ProfileBuilder, RecordsTypesPeriodAndTimes) {
  ProfileBuilder b({{"alloc_objects", "count"}, {"alloc_space", "bytes"}},
                   {"space", "bytes"}, 524288);
  b.SetDefaultSampleType("alloc_space");
  b.SetTime(1234, 5678);
  perftools::profiles::Profile p = b.Build();
  ASSERT_EQ(p.sample_type_size(), 2);
  EXPECT_EQ(p.string_table(p.sample_type(1).type()), "alloc_space");
  EXPECT_EQ(p.string_table(p.sample_type(1).unit()), "bytes");
  EXPECT_EQ(p.string_table(p.period_type().type()), "space");
  EXPECT_EQ(p.period(), 524288);
  EXPECT_EQ(p.string_table(p.default_sample_type()), "alloc_space");
  EXPECT_EQ(p.time_nanos(), 1234);
  EXPECT_EQ(p.duration_nanos(), 5678);
}

}  // namespace
}  // namespace refserver::profiler
