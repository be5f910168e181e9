#include "server/store/pebble/message_codec.h"

#include <gtest/gtest.h>

namespace refserver::pebble {
namespace {

Message Sample() {
  Message m;
  m.id = "00000000-0000-4000-8000-000000000001";
  m.stream_name = "acct-1+retry";
  m.type = "Deposited";
  m.position = 41;
  m.global_position = 1234567890123;
  m.data = R"({"amount":100,"bin":")" + std::string("\0\xff", 2) + "\"}";
  m.metadata = R"({"correlationStreamName":"flow-1"})";
  m.time = "2024-12-17T01:00:00.123Z";
  return m;
}

void ExpectSame(const Message& a, const Message& b) {
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.stream_name, b.stream_name);
  EXPECT_EQ(a.type, b.type);
  EXPECT_EQ(a.position, b.position);
  EXPECT_EQ(a.global_position, b.global_position);
  EXPECT_EQ(a.data, b.data);
  EXPECT_EQ(a.metadata, b.metadata);
  EXPECT_EQ(a.time, b.time);
}

TEST(MessageCodec, RoundTripsWithAndWithoutMetadata) {
  Message m = Sample();
  Result<Message> back = DecodeMessage(EncodeMessage(m));
  ASSERT_TRUE(back.ok()) << back.status().message();
  ExpectSame(*back, m);

  m.metadata.reset();
  back = DecodeMessage(EncodeMessage(m));
  ASSERT_TRUE(back.ok());
  ExpectSame(*back, m);

  m.metadata = "";  // present but empty differs from null
  back = DecodeMessage(EncodeMessage(m));
  ASSERT_TRUE(back.ok());
  ASSERT_TRUE(back->metadata.has_value());
  EXPECT_EQ(*back->metadata, "");
}

TEST(MessageCodec, EveryTruncationIsACorruptionError) {
  const std::string bytes = EncodeMessage(Sample());
  for (size_t n = 0; n < bytes.size(); ++n) {
    Result<Message> m = DecodeMessage(bytes.substr(0, n));
    ASSERT_FALSE(m.ok()) << "prefix of " << n << " bytes decoded";
    EXPECT_EQ(m.status().code(), mdbprof::StatusCode::kInternal);
  }
  Result<Message> trailing = DecodeMessage(bytes + "x");
  ASSERT_FALSE(trailing.ok());
  EXPECT_NE(trailing.status().message().find("trailing"), std::string::npos);
  std::string other_format = bytes;
  other_format[0] = 9;
  Result<Message> unknown = DecodeMessage(other_format);
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.status().message().find("format 9"), std::string::npos);
}

TEST(MessageCodec, CategoryEntryCarriesHashAndStream) {
  const std::string bytes = EncodeCategoryEntry(-5, "acct-1");
  CategoryEntry entry;
  ASSERT_TRUE(DecodeCategoryEntry(bytes, &entry));
  EXPECT_EQ(entry.cardinal_hash, -5);
  EXPECT_EQ(entry.stream_name, "acct-1");
  EXPECT_FALSE(DecodeCategoryEntry("short", &entry));
}

}  // namespace
}  // namespace refserver::pebble
