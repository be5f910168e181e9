#include "pprof/profile.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "pprof/testing/profile_builder.h"

namespace mdbprof::pprof {
namespace {

using testing::Gzip;
using testing::ProfileBuilder;
using testing::Serialize;

ProfileBuilder CpuProfile() {
  ProfileBuilder b({{"samples", "count"}, {"cpu", "nanoseconds"}});
  b.Add({"main", "work"}, {3, 30}).Add({"main"}, {1, 10});
  return b;
}

TEST(ParseProfile, ReadsRawAndGzipAlike) {
  std::string raw = Serialize(CpuProfile().proto());
  Result<Profile> from_raw = ParseProfile(raw);
  Result<Profile> from_gzip = ParseProfile(Gzip(raw));
  ASSERT_TRUE(from_raw.ok()) << from_raw.status().message();
  ASSERT_TRUE(from_gzip.ok()) << from_gzip.status().message();
  EXPECT_EQ(Serialize(from_raw->proto()), raw);
  EXPECT_EQ(Serialize(from_gzip->proto()), raw);
  EXPECT_EQ(from_raw->proto().sample_size(), 2);
}

TEST(ParseProfile, ReadsConcatenatedGzipMembers) {
  std::string raw = Serialize(CpuProfile().proto());
  size_t half = raw.size() / 2;
  Result<Profile> p =
      ParseProfile(Gzip(raw.substr(0, half)) + Gzip(raw.substr(half)));
  ASSERT_TRUE(p.ok()) << p.status().message();
  EXPECT_EQ(Serialize(p->proto()), raw);
}

TEST(ParseProfile, RejectsEmptyInput) {
  Result<Profile> p = ParseProfile("");
  ASSERT_FALSE(p.ok());
  EXPECT_NE(p.status().message().find("empty"), std::string::npos);
  EXPECT_FALSE(ParseProfile(Gzip("")).ok());
}

TEST(ParseProfile, RejectsBytesThatAreNotProtobuf) {
  Result<Profile> p = ParseProfile("\xff\xff\xff\xff\xff\xff");
  ASSERT_FALSE(p.ok());
  EXPECT_NE(p.status().message().find("not a profile.proto message"),
            std::string::npos)
      << p.status().message();
}

TEST(ParseProfile, RejectsTruncatedProtobufAtEveryLength) {
  std::string raw = Serialize(CpuProfile().proto());
  int failures = 0;
  for (size_t n = 1; n < raw.size(); ++n) {
    // A prefix may happen to be a valid message; it must never crash, and an
    // accepted prefix must be a valid profile.
    Result<Profile> p = ParseProfile(raw.substr(0, n));
    if (!p.ok()) {
      ++failures;
      EXPECT_FALSE(p.status().message().empty());
    }
  }
  EXPECT_GT(failures, 0);
}

TEST(ParseProfile, RejectsValidProtobufThatIsNotAValidProfile) {
  ProfileBuilder b = CpuProfile();
  b.proto().mutable_sample(1)->add_value(5);
  Result<Profile> p = ParseProfile(Serialize(b.proto()));
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().message(),
            "sample 1 has 3 values, profile has 2 sample types");
}

TEST(ParseProfile, RawInputOverTheLimitIsRejected) {
  std::string raw = Serialize(CpuProfile().proto());
  Result<Profile> p = ParseProfile(raw, {.max_decompressed_bytes = 10});
  ASSERT_FALSE(p.ok());
  EXPECT_NE(p.status().message().find("exceeds the limit of 10 bytes"),
            std::string::npos)
      << p.status().message();
}

TEST(Profile, DefaultSampleIndexIsTheLastTypeUnlessSet) {
  EXPECT_EQ(CpuProfile().Build().DefaultSampleIndex(), 1);
  ProfileBuilder b = CpuProfile();
  b.SetDefaultSampleType("samples");
  EXPECT_EQ(b.Build().DefaultSampleIndex(), 0);
  b.SetDefaultSampleType("no_such_type");
  EXPECT_EQ(b.Build().DefaultSampleIndex(), 1);
}

TEST(Profile, LooksUpTypesStringsAndIds) {
  Profile p = CpuProfile().Build();
  EXPECT_EQ(p.SampleTypeIndex("cpu"), 1);
  EXPECT_EQ(p.SampleTypeIndex("samples"), 0);
  EXPECT_EQ(p.SampleTypeIndex("alloc_space"), -1);
  EXPECT_EQ(p.String(0), "");
  EXPECT_EQ(p.String(-1), "");
  EXPECT_EQ(p.String(1 << 20), "");
  const auto* loc = p.FindLocation(p.proto().sample(0).location_id(0));
  ASSERT_NE(loc, nullptr);
  const auto* f = p.FindFunction(loc->line(0).function_id());
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(p.String(f->name()), "work");
  EXPECT_EQ(p.FindFunction(0), nullptr);
  EXPECT_EQ(p.FindMapping(1), nullptr);
}

class ReadProfileFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/mdbprof_profile_test.XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string Write(const std::string& name, const std::string& contents) {
    std::string path = dir_ + "/" + name;
    std::ofstream(path, std::ios::binary) << contents;
    return path;
  }
  std::string dir_;
};

TEST_F(ReadProfileFileTest, ReadsAGzipFile) {
  std::string path = Write("cpu.prof", Gzip(Serialize(CpuProfile().proto())));
  Result<Profile> p = ReadProfileFile(path);
  ASSERT_TRUE(p.ok()) << p.status().message();
  EXPECT_EQ(p->proto().sample_size(), 2);
}

TEST_F(ReadProfileFileTest, ErrorsNameTheFile) {
  std::string missing = dir_ + "/missing.prof";
  Result<Profile> p = ReadProfileFile(missing);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().message().rfind(missing + ": cannot open", 0), 0u)
      << p.status().message();

  p = ReadProfileFile(dir_);
  ASSERT_FALSE(p.ok());
  EXPECT_NE(p.status().message().find("is a directory"), std::string::npos);

  std::string bad = Write("bad.prof", "\x1f\x8bnot really gzip");
  p = ReadProfileFile(bad);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().message().rfind(bad + ": ", 0), 0u)
      << p.status().message();
}

TEST_F(ReadProfileFileTest, FileOverTheLimitIsRejectedBeforeReading) {
  std::string path = Write("big.prof", std::string(4096, 'x'));
  Result<Profile> p = ReadProfileFile(path, {.max_decompressed_bytes = 1000});
  ASSERT_FALSE(p.ok());
  EXPECT_NE(p.status().message().find("file of 4096 bytes exceeds the limit"),
            std::string::npos)
      << p.status().message();
}

}  // namespace
}  // namespace mdbprof::pprof
