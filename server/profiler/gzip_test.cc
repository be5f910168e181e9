#include "server/profiler/gzip.h"

#include <gtest/gtest.h>

namespace refserver::profiler {
namespace {

TEST(Gzip, RoundTripsData) {
  std::string data;
  for (int i = 0; i < 100000; ++i) data += static_cast<char>(i * 7 % 251);
  mdbprof::Result<std::string> gz = GzipCompress(data);
  ASSERT_TRUE(gz.ok()) << gz.status().message();
  ASSERT_GE(gz->size(), 2u);
  EXPECT_EQ(static_cast<unsigned char>((*gz)[0]), 0x1f);  // gzip magic
  EXPECT_EQ(static_cast<unsigned char>((*gz)[1]), 0x8b);
  mdbprof::Result<std::string> back = GzipDecompress(*gz);
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(*back, data);
}

TEST(Gzip, RoundTripsEmptyInput) {
  mdbprof::Result<std::string> gz = GzipCompress("");
  ASSERT_TRUE(gz.ok());
  mdbprof::Result<std::string> back = GzipDecompress(*gz);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, "");
}

TEST(Gzip, RejectsGarbageAndTruncation) {
  mdbprof::Result<std::string> bad = GzipDecompress("not gzip at all");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("gzip"), std::string::npos);
  mdbprof::Result<std::string> gz = GzipCompress(std::string(10000, 'x'));
  ASSERT_TRUE(gz.ok());
  EXPECT_FALSE(GzipDecompress(gz->substr(0, gz->size() / 2)).ok());
}

TEST(Gzip, EnforcesOutputLimit) {
  mdbprof::Result<std::string> gz = GzipCompress(std::string(1 << 20, 'x'));
  ASSERT_TRUE(gz.ok());
  mdbprof::Result<std::string> out = GzipDecompress(*gz, 1000);
  ASSERT_FALSE(out.ok());
  EXPECT_NE(out.status().message().find("exceeds"), std::string::npos);
}

}  // namespace
}  // namespace refserver::profiler
