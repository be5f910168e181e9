#include "server/store/pebble/kv_codec.h"

#include <gtest/gtest.h>

#include <cstdint>

namespace refserver::pebble {
namespace {

TEST(KvCodec, RoundTripsIntegersAndStrings) {
  std::string out;
  PutFixed64(&out, 0x0102030405060708u);
  PutVarint64(&out, 0);
  PutVarint64(&out, 300);
  PutVarint64(&out, UINT64_MAX);
  PutLengthPrefixed(&out, std::string("a\0b", 3));
  PutLengthPrefixed(&out, "");
  ASSERT_EQ(static_cast<uint8_t>(out[0]), 0x08) << "little-endian";

  ByteReader in(out);
  uint64_t fixed = 0, zero = 1, small = 0, max = 0;
  std::string_view text, empty;
  ASSERT_TRUE(in.ReadFixed64(&fixed));
  ASSERT_TRUE(in.ReadVarint64(&zero));
  ASSERT_TRUE(in.ReadVarint64(&small));
  ASSERT_TRUE(in.ReadVarint64(&max));
  ASSERT_TRUE(in.ReadLengthPrefixed(&text));
  ASSERT_TRUE(in.ReadLengthPrefixed(&empty));
  EXPECT_TRUE(in.empty());
  EXPECT_EQ(fixed, 0x0102030405060708u);
  EXPECT_EQ(zero, 0u);
  EXPECT_EQ(small, 300u);
  EXPECT_EQ(max, UINT64_MAX);
  EXPECT_EQ(text, std::string_view("a\0b", 3));
  EXPECT_TRUE(empty.empty());
}

TEST(KvCodec, TruncatedInputIsRejectedNotOverread) {
  std::string out;
  PutLengthPrefixed(&out, "hello");
  for (size_t n = 0; n < out.size(); ++n) {
    ByteReader in(std::string_view(out).substr(0, n));
    std::string_view text;
    EXPECT_FALSE(in.ReadLengthPrefixed(&text)) << "prefix of " << n;
  }
  ByteReader short_fixed("1234567");
  uint64_t v = 0;
  EXPECT_FALSE(short_fixed.ReadFixed64(&v));
  EXPECT_FALSE(DecodeFixed64("123456789", &v));
}

TEST(KvCodec, OverlongVarintIsRejected) {
  std::string eleven_bytes(10, '\xff');
  eleven_bytes.push_back('\x01');
  uint64_t v = 0;
  EXPECT_FALSE(ByteReader(eleven_bytes).ReadVarint64(&v));
  std::string overflow(9, '\xff');
  overflow.push_back('\x02');  // bit 64 set
  EXPECT_FALSE(ByteReader(overflow).ReadVarint64(&v));
}

}  // namespace
}  // namespace refserver::pebble
