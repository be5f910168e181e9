#include "server/store/stream_name.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

namespace refserver {
namespace {

TEST(StreamName, SplitsCategoryIdAndCardinalId) {
  EXPECT_EQ(Category("account-123"), "account");
  EXPECT_EQ(StreamId("account-123"), "123");
  EXPECT_EQ(CardinalId("account-123"), "123");

  EXPECT_EQ(Category("account-123+retry"), "account");
  EXPECT_EQ(StreamId("account-123+retry"), "123+retry");
  EXPECT_EQ(CardinalId("account-123+retry"), "123");

  // Only the first '-' separates; ids may contain more.
  EXPECT_EQ(Category("account-1-2"), "account");
  EXPECT_EQ(CardinalId("account-1-2"), "1-2");

  EXPECT_EQ(Category("account"), "account");
  EXPECT_EQ(StreamId("account"), "");
  EXPECT_EQ(CardinalId("account"), "");
  EXPECT_TRUE(IsCategory("account"));
  EXPECT_FALSE(IsCategory("account-1"));
}

// RFC 1321's test vector: MD5("abc") = 900150983cd24fb0 d6963f7d28e17f72.
// hash_64 reads the first 8 bytes big-endian as a signed integer:
// 0x900150983cd24fb0 - 2^64 = -8070080442485551184.
TEST(StreamName, Hash64IsFirstEightMd5BytesBigEndianSigned) {
  EXPECT_EQ(Hash64("abc"), static_cast<int64_t>(0x900150983cd24fb0ULL));
  EXPECT_EQ(Hash64("abc"), -8070080442485551184LL);
  // MD5("123") = 202cb962ac59075b 964b07152d234b70: positive.
  EXPECT_EQ(Hash64("123"), 0x202cb962ac59075bLL);
  EXPECT_EQ(Hash64("123"), 2318431741638412123LL);
  // MD5("") = d41d8cd98f00b204 e9800998ecf8427e.
  EXPECT_EQ(Hash64(""), static_cast<int64_t>(0xd41d8cd98f00b204ULL));
}

TEST(StreamName, HashMemberUsesAbsoluteValueWithoutOverflow) {
  EXPECT_EQ(HashMember(7, 4), 3);
  EXPECT_EQ(HashMember(-7, 4), 3);
  EXPECT_EQ(HashMember(0, 5), 0);
  // |INT64_MIN| = 2^63, and 2^63 mod 3 = 2 (2^odd = 2 mod 3).
  EXPECT_EQ(HashMember(std::numeric_limits<int64_t>::min(), 3), 2);
  EXPECT_EQ(HashMember(std::numeric_limits<int64_t>::min(), 1), 0);
}

TEST(StreamName, ConsumerGroupMemberFollowsCardinalId) {
  // |2318431741638412123| mod 4 = 3 (…123 is 3 mod 4: last two digits 23).
  EXPECT_EQ(ConsumerGroupMember("account-123", 4), 3);
  EXPECT_EQ(ConsumerGroupMember("account-123+retry", 4), 3);
  EXPECT_EQ(ConsumerGroupMember("other-123", 4), 3);
  // 8070080442485551184 mod 3 = digit sum 74 mod 3 = 2.
  EXPECT_EQ(ConsumerGroupMember("account-abc", 3), 2);
  EXPECT_EQ(ConsumerGroupMember("account-abc", 1), 0);
}

}  // namespace
}  // namespace refserver
