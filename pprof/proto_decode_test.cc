#include "pprof/proto_decode.h"

#include <gtest/gtest.h>

#include <string>

#include "pprof/testing/profile_builder.h"

namespace mdbprof::pprof {
namespace {

using testing::ProfileBuilder;
using testing::Serialize;

TEST(DecodeProfileProto, DecodesWhatLibprotobufEncodes) {
  ProfileBuilder b({{"samples", "count"}, {"cpu", "nanoseconds"}});
  b.SetMapping("/bin/x").Add({"main", {"f", "g"}}, {1, 2}, {{"k", "v"}});
  b.SetPeriod("cpu", "nanoseconds", 10).AddComment("c");
  std::string bytes = Serialize(b.proto());
  perftools::profiles::Profile decoded;
  Status s = DecodeProfileProto(bytes, &decoded);
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_EQ(Serialize(decoded), bytes);
}

TEST(DecodeProfileProto, AcceptsStringsThatAreNotUtf8LikePprof) {
  // string_table (field 6) = ["", "\xff\xfe"], as Go's pprof would read it.
  std::string bytes("\x32\x00\x32\x02\xff\xfe", 6);
  perftools::profiles::Profile decoded;
  Status s = DecodeProfileProto(bytes, &decoded);
  ASSERT_TRUE(s.ok()) << s.message();
  ASSERT_EQ(decoded.string_table_size(), 2);
  EXPECT_EQ(decoded.string_table(1), "\xff\xfe");
}

TEST(DecodeProfileProto, RejectsCutOffAndMalformedInput) {
  perftools::profiles::Profile decoded;
  // A string_table entry announcing 5 bytes with 2 present.
  Status s = DecodeProfileProto(std::string("\x32\x05"
                                            "ab",
                                            4),
                                &decoded);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(
      s.message().find("profile.string_table[0]: length 5 runs past the end"),
      std::string::npos)
      << s.message();
  // A sample (field 2) announcing 10 bytes with 1 present.
  s = DecodeProfileProto(std::string("\x12\x0a\x08", 3), &decoded);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("profile.sample[0]: length 10 runs past the end"),
            std::string::npos)
      << s.message();
  // Field number 0 is invalid.
  s = DecodeProfileProto(std::string("\x00\x01", 2), &decoded);
  EXPECT_FALSE(s.ok());
  // Wire type 7 does not exist.
  s = DecodeProfileProto(std::string("\x0f", 1), &decoded);
  EXPECT_FALSE(s.ok());
  // A well-formed envelope whose sample_type (field 1) holds garbage.
  s = DecodeProfileProto(std::string("\x0a\x02\xff\xff", 4), &decoded);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("profile.sample_type[0]: field tag is not a "
                             "valid varint"),
            std::string::npos)
      << s.message();
}

}  // namespace
}  // namespace mdbprof::pprof
