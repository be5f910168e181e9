#include "pprof/base.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "pprof/merge.h"
#include "pprof/testing/profile_builder.h"
#include "pprof/top.h"
#include "pprof/totals.h"

namespace mdbprof::pprof {
namespace {

using testing::ProfileBuilder;

ProfileBuilder Allocs() {
  ProfileBuilder b({{"alloc_objects", "count"}, {"alloc_space", "bytes"}});
  b.SetMapping("/bin/server");
  return b;
}

std::vector<std::string> Rows(const Profile& p) {
  Result<TopReport> r = Top(p);
  EXPECT_TRUE(r.ok()) << r.status().message();
  std::vector<std::string> rows;
  if (!r.ok()) return rows;
  for (const FunctionRow& row : r->rows) {
    rows.push_back(row.name + " " + std::to_string(row.flat) + " " +
                   std::to_string(row.cum));
  }
  return rows;
}

bool HasFunction(const Profile& p, const std::string& name) {
  for (const auto& f : p.proto().function()) {
    if (p.String(f.name()) == name) return true;
  }
  return false;
}

TEST(SubtractBase, NegatesBaseAndDropsZeroSamples) {
  ProfileBuilder head = Allocs(), base = Allocs();
  head.Add({"main", "a"}, {1, 10}).Add({"main", "b"}, {1, 5});
  base.Add({"main", "a"}, {1, 4}).Add({"main", "b"}, {1, 5});
  base.Add({"main", "c"}, {1, 3});
  Result<Profile> diff = SubtractBase(head.Build(), base.Build());
  ASSERT_TRUE(diff.ok()) << diff.status().message();
  EXPECT_EQ(diff->proto().sample_size(), 2);  // b: 5 - 5 dropped
  EXPECT_EQ(Rows(*diff),
            (std::vector<std::string>{"a 6 6", "c -3 -3", "main 0 3"}));
  std::vector<SampleTypeTotal> totals = Totals(*diff);
  EXPECT_EQ(totals[1].total, 9);
  EXPECT_EQ(totals[1].sum, 3);
  EXPECT_FALSE(HasFunction(*diff, "b"));  // compacted away, as pprof
  EXPECT_TRUE(HasFunction(*diff, "c"));
}

TEST(SubtractBase, SampleKeptWhenAnyValueIsNonZero) {
  ProfileBuilder head = Allocs(), base = Allocs();
  head.Add({"main", "a"}, {2, 10});
  base.Add({"main", "a"}, {1, 10});
  Result<Profile> diff = SubtractBase(head.Build(), base.Build());
  ASSERT_TRUE(diff.ok()) << diff.status().message();
  ASSERT_EQ(diff->proto().sample_size(), 1);
  EXPECT_EQ(diff->proto().sample(0).value(0), 1);
  EXPECT_EQ(diff->proto().sample(0).value(1), 0);
}

TEST(SubtractBase, IdenticalProfilesCancelOut) {
  ProfileBuilder b = Allocs();
  b.Add({"main", "a"}, {1, 10}).Add({"main", "b"}, {1, 5});
  Result<Profile> diff = SubtractBase(b.Build(), b.Build());
  ASSERT_TRUE(diff.ok()) << diff.status().message();
  EXPECT_EQ(diff->proto().sample_size(), 0);
  EXPECT_EQ(diff->proto().location_size(), 0);
  EXPECT_TRUE(Rows(*diff).empty());
}

TEST(SubtractBase, StacksMatchAcrossAddressSpaceRandomization) {
  ProfileBuilder head = Allocs();
  head.Add({"main", "a"}, {1, 10});
  ProfileBuilder base = head;
  // The same binary loaded 1 MiB higher in the base's process.
  auto& m = *base.proto().mutable_mapping(0);
  m.set_memory_start(m.memory_start() + 0x100000);
  m.set_memory_limit(m.memory_limit() + 0x100000);
  for (auto& loc : *base.proto().mutable_location()) {
    loc.set_address(loc.address() + 0x100000);
  }
  Result<Profile> diff = SubtractBase(head.Build(), base.Build());
  ASSERT_TRUE(diff.ok()) << diff.status().message();
  EXPECT_EQ(diff->proto().sample_size(), 0);
}

TEST(SubtractBase, LabelsKeepSamplesApart) {
  ProfileBuilder head = Allocs(), base = Allocs();
  head.Add({"main"}, {1, 5}, {{"thread", "a"}});
  base.Add({"main"}, {1, 5}, {{"thread", "b"}});
  Result<Profile> diff = SubtractBase(head.Build(), base.Build());
  ASSERT_TRUE(diff.ok()) << diff.status().message();
  ASSERT_EQ(diff->proto().sample_size(), 2);
  EXPECT_EQ(diff->proto().sample(0).value(1), 5);
  EXPECT_EQ(diff->proto().sample(1).value(1), -5);
  EXPECT_EQ(diff->String(diff->proto().sample(1).label(0).str()), "b");
}

TEST(SubtractBase, SampleTypesMustMatch) {
  ProfileBuilder cpu({{"samples", "count"}, {"cpu", "nanoseconds"}});
  cpu.Add({"main"}, {1, 10});
  ProfileBuilder allocs = Allocs();
  allocs.Add({"main"}, {1, 10});
  Result<Profile> diff = SubtractBase(cpu.Build(), allocs.Build());
  ASSERT_FALSE(diff.ok());
  EXPECT_EQ(diff.status().message(),
            "base profile: incompatible sample types [samples/count "
            "cpu/nanoseconds] and [alloc_objects/count alloc_space/bytes]");
}

TEST(SubtractBase, PeriodTypesMustMatch) {
  ProfileBuilder head = Allocs(), base = Allocs();
  head.SetPeriod("space", "bytes", 524288);
  base.SetPeriod("cpu", "nanoseconds", 10000000);
  Result<Profile> diff = SubtractBase(head.Build(), base.Build());
  ASSERT_FALSE(diff.ok());
  EXPECT_NE(diff.status().message().find("incompatible period types"),
            std::string::npos);
}

TEST(SubtractBase, CombinesHeadersLikePprof) {
  ProfileBuilder head = Allocs(), base = Allocs();
  head.SetTime(2000, 30).SetPeriod("space", "bytes", 100).AddComment("head");
  head.SetDefaultSampleType("alloc_space");
  base.SetTime(1000, 10).SetPeriod("space", "bytes", 200).AddComment("head");
  base.AddComment("base");
  head.Add({"main"}, {1, 1});
  Result<Profile> diff = SubtractBase(head.Build(), base.Build());
  ASSERT_TRUE(diff.ok()) << diff.status().message();
  const auto& p = diff->proto();
  EXPECT_EQ(p.time_nanos(), 1000);
  EXPECT_EQ(p.duration_nanos(), 40);
  EXPECT_EQ(p.period(), 200);
  ASSERT_EQ(p.comment_size(), 2);
  EXPECT_EQ(diff->String(p.comment(0)), "head");
  EXPECT_EQ(diff->String(p.comment(1)), "base");
  EXPECT_EQ(diff->DefaultSampleIndex(), 1);
  EXPECT_EQ(diff->String(p.mapping(0).filename()), "/bin/server");
}

TEST(MergeProfiles, AddsProfiles) {
  ProfileBuilder a = Allocs(), b = Allocs();
  a.Add({"main", "x"}, {1, 10});
  b.Add({"main", "x"}, {2, 20}).Add({"main", "y"}, {1, 1});
  Profile pa = a.Build(), pb = b.Build();
  Result<Profile> sum = MergeProfiles({{&pa, +1}, {&pb, +1}});
  ASSERT_TRUE(sum.ok()) << sum.status().message();
  EXPECT_EQ(Rows(*sum),
            (std::vector<std::string>{"x 30 30", "y 1 1", "main 0 31"}));
  EXPECT_FALSE(MergeProfiles({}).ok());
}

}  // namespace
}  // namespace mdbprof::pprof
