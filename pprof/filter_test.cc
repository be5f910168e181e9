#include "pprof/filter.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "pprof/testing/profile_builder.h"

namespace mdbprof::pprof {
namespace {

using testing::ProfileBuilder;

Profile Stacks() {
  ProfileBuilder b({{"samples", "count"}});
  b.Add({"main", "Store::Write", "sqlite3_step"}, {1});  // sample 0
  b.Add({"main", "Store::Read"}, {1});                   // sample 1
  b.Add({"main", {"Handler", "Json::Encode"}}, {1});     // sample 2
  b.Add({}, {1});                                        // sample 3
  return b.Build();
}

std::vector<int> Kept(const Profile& p, const std::string& focus,
                      const std::string& ignore) {
  Result<SampleFilter> f = SampleFilter::Create(p, focus, ignore);
  EXPECT_TRUE(f.ok()) << f.status().message();
  std::vector<int> kept;
  if (!f.ok()) return kept;
  for (int i = 0; i < p.proto().sample_size(); ++i) {
    if (f->Keep(p.proto().sample(i))) kept.push_back(i);
  }
  return kept;
}

TEST(SampleFilter, NoFiltersKeepsSamplesWithLocations) {
  EXPECT_EQ(Kept(Stacks(), "", ""), (std::vector<int>{0, 1, 2}));
}

TEST(SampleFilter, FocusKeepsSamplesWithAMatchingFrame) {
  EXPECT_EQ(Kept(Stacks(), "Store::", ""), (std::vector<int>{0, 1}));
  EXPECT_EQ(Kept(Stacks(), "^main$", ""), (std::vector<int>{0, 1, 2}));
}

TEST(SampleFilter, IgnoreDropsSamplesWithAMatchingFrame) {
  EXPECT_EQ(Kept(Stacks(), "", "sqlite3"), (std::vector<int>{1, 2}));
}

TEST(SampleFilter, IgnoreWinsOverFocus) {
  EXPECT_EQ(Kept(Stacks(), "Store", "step"), (std::vector<int>{1}));
}

TEST(SampleFilter, MatchesInlinedFrames) {
  EXPECT_EQ(Kept(Stacks(), "Json", ""), (std::vector<int>{2}));
  EXPECT_EQ(Kept(Stacks(), "", "Json"), (std::vector<int>{0, 1}));
}

TEST(SampleFilter, MatchesFileNamesLikePprof) {
  // ProfileBuilder names each function's file "<name>.cc".
  EXPECT_EQ(Kept(Stacks(), "Read\\.cc$", ""), (std::vector<int>{1}));
  EXPECT_EQ(Kept(Stacks(), "", "step\\.cc"), (std::vector<int>{1, 2}));
}

TEST(SampleFilter, MatchesTheMappingFileLikePprof) {
  ProfileBuilder b({{"samples", "count"}});
  b.SetMapping("/usr/lib/libsqlite3.so");
  b.Add({"main", "a"}, {1});
  perftools::profiles::Profile proto = b.proto();
  // A second sample at a location outside any mapping.
  auto* loc = proto.add_location();
  loc->set_id(50);
  loc->add_line()->set_function_id(1);
  auto* s = proto.add_sample();
  s->add_location_id(50);
  s->add_value(1);
  Result<Profile> p = Profile::FromProto(proto);
  ASSERT_TRUE(p.ok()) << p.status().message();
  EXPECT_EQ(Kept(*p, "libsqlite3", ""), (std::vector<int>{0}));
  EXPECT_EQ(Kept(*p, "", "libsqlite3"), (std::vector<int>{1}));
}

TEST(SampleFilter, InvalidRegexIsAnError) {
  Result<SampleFilter> f = SampleFilter::Create(Stacks(), "(unclosed", "");
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.status().message().rfind(
                "focus regular expression \"(unclosed\" is invalid", 0),
            0u)
      << f.status().message();
  f = SampleFilter::Create(Stacks(), "", "[z-a]");
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.status().message().rfind("ignore regular expression", 0), 0u);
}

}  // namespace
}  // namespace mdbprof::pprof
