#include "pprof/sample_index.h"

#include <gtest/gtest.h>

#include "pprof/testing/profile_builder.h"

namespace mdbprof::pprof {
namespace {

using testing::ProfileBuilder;

Profile HeapProfile(const std::string& default_type = "") {
  ProfileBuilder b({{"alloc_objects", "count"},
                    {"alloc_space", "bytes"},
                    {"inuse_objects", "count"},
                    {"inuse_space", "bytes"}});
  b.Add({"main"}, {1, 2, 3, 4});
  if (!default_type.empty()) b.SetDefaultSampleType(default_type);
  return b.Build();
}

TEST(ResolveSampleIndex, ByName) {
  Result<int> i = ResolveSampleIndex(HeapProfile(), "alloc_space");
  ASSERT_TRUE(i.ok()) << i.status().message();
  EXPECT_EQ(*i, 1);
}

TEST(ResolveSampleIndex, ByNumber) {
  Result<int> i = ResolveSampleIndex(HeapProfile(), "2");
  ASSERT_TRUE(i.ok()) << i.status().message();
  EXPECT_EQ(*i, 2);
}

TEST(ResolveSampleIndex, DefaultIsLastTypeOrDefaultSampleType) {
  EXPECT_EQ(*ResolveSampleIndex(HeapProfile(), ""), 3);
  EXPECT_EQ(*ResolveSampleIndex(HeapProfile("alloc_space"), ""), 1);
}

TEST(ResolveSampleIndex, InusePrefixFindsLegacyNames) {
  ProfileBuilder b({{"objects", "count"}, {"space", "bytes"}});
  b.Add({"main"}, {1, 2});
  EXPECT_EQ(*ResolveSampleIndex(b.Build(), "inuse_space"), 1);
}

TEST(ResolveSampleIndex, NumberOutOfRange) {
  Result<int> i = ResolveSampleIndex(HeapProfile(), "4");
  ASSERT_FALSE(i.ok());
  EXPECT_EQ(i.status().message(), "sample_index 4 is outside the range [0..3]");
  EXPECT_FALSE(ResolveSampleIndex(HeapProfile(), "-1").ok());
  EXPECT_FALSE(ResolveSampleIndex(HeapProfile(), "99999999999999999999").ok());
}

TEST(ResolveSampleIndex, UnknownNameListsTheTypes) {
  Result<int> i = ResolveSampleIndex(HeapProfile(), "cpu");
  ASSERT_FALSE(i.ok());
  EXPECT_EQ(i.status().message(),
            "sample_index \"cpu\" must be one of: [alloc_objects alloc_space "
            "inuse_objects inuse_space]");
}

}  // namespace
}  // namespace mdbprof::pprof
