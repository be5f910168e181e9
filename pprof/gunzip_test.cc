#include "pprof/gunzip.h"

#include <gtest/gtest.h>

#include <string>

#include "pprof/testing/profile_builder.h"

namespace mdbprof::pprof {
namespace {

using testing::Gzip;

TEST(Gunzip, RoundTrips) {
  std::string data(100000, 'x');
  for (size_t i = 0; i < data.size(); i += 7) data[i] = static_cast<char>(i);
  Result<std::string> out = Gunzip(Gzip(data), 1 << 20);
  ASSERT_TRUE(out.ok()) << out.status().message();
  EXPECT_EQ(*out, data);
}

TEST(Gunzip, ConcatenatedMembersAreJoinedLikeGo) {
  Result<std::string> out = Gunzip(Gzip("hello, ") + Gzip("world"), 1024);
  ASSERT_TRUE(out.ok()) << out.status().message();
  EXPECT_EQ(*out, "hello, world");
}

TEST(Gunzip, TrailingGarbageIsAnError) {
  Result<std::string> out = Gunzip(Gzip("hello") + "junk", 1024);
  ASSERT_FALSE(out.ok());
  EXPECT_NE(out.status().message().find("4 bytes after gzip member 1"),
            std::string::npos)
      << out.status().message();
}

TEST(Gunzip, TruncatedDataIsAnError) {
  std::string gz = Gzip(std::string(5000, 'a'));
  for (size_t keep : {size_t{2}, size_t{10}, gz.size() / 2, gz.size() - 1}) {
    Result<std::string> out = Gunzip(gz.substr(0, keep), 1 << 20);
    ASSERT_FALSE(out.ok()) << "kept " << keep << " bytes";
    EXPECT_NE(out.status().message().find("truncated"), std::string::npos)
        << out.status().message();
  }
}

TEST(Gunzip, CorruptChecksumIsAnError) {
  std::string gz = Gzip("some profile bytes");
  gz[gz.size() - 6] ^= 0x55;  // inside the CRC-32 of the trailer
  Result<std::string> out = Gunzip(gz, 1024);
  ASSERT_FALSE(out.ok());
  EXPECT_NE(out.status().message().find("corrupt gzip data"), std::string::npos)
      << out.status().message();
}

TEST(Gunzip, ZipBombStopsAtTheLimit) {
  // 64 MiB of zeros compresses to about 64 KiB.
  std::string bomb = Gzip(std::string(size_t{64} << 20, '\0'));
  ASSERT_LT(bomb.size(), size_t{1} << 20);
  Result<std::string> out = Gunzip(bomb, size_t{1} << 20);
  ASSERT_FALSE(out.ok());
  EXPECT_NE(out.status().message().find("exceeds the limit of 1048576 bytes"),
            std::string::npos)
      << out.status().message();
}

TEST(Gunzip, OutputExactlyAtTheLimitIsAccepted) {
  Result<std::string> out = Gunzip(Gzip(std::string(4096, 'z')), 4096);
  ASSERT_TRUE(out.ok()) << out.status().message();
  EXPECT_EQ(out->size(), 4096u);
}

TEST(Gunzip, RejectsNonGzip) {
  EXPECT_FALSE(IsGzip("\x0a\x02"));
  EXPECT_TRUE(IsGzip("\x1f\x8b"));
  EXPECT_FALSE(Gunzip("plain", 1024).ok());
}

}  // namespace
}  // namespace mdbprof::pprof
