#include "report/pebble_files.h"

#include <gtest/gtest.h>

namespace mdbprof::report {
namespace {

TEST(PebbleFiles, DiskUsageSumsHumanReadableDuLines) {
  Result<double> bytes = ParseDiskUsage("4.0K\tdefault\n12M\tns-load\n");
  ASSERT_TRUE(bytes.ok()) << bytes.status().message();
  EXPECT_DOUBLE_EQ(*bytes, 4.0 * 1024 + 12.0 * 1024 * 1024);
}

TEST(PebbleFiles, DiskUsageTotalLineWins) {
  Result<double> bytes =
      ParseDiskUsage("# du -cb\n100\tns-a\n200\tns-b\n250\ttotal\n");
  ASSERT_TRUE(bytes.ok());
  EXPECT_DOUBLE_EQ(*bytes, 250);
}

TEST(PebbleFiles, DiskUsageAcceptsByteCountsAndIecSuffixes) {
  EXPECT_DOUBLE_EQ(*ParseDiskUsage("1536 /data\n"), 1536);
  EXPECT_DOUBLE_EQ(*ParseDiskUsage("1.5MiB /data\n"), 1.5 * 1024 * 1024);
  EXPECT_DOUBLE_EQ(*ParseDiskUsage("2G\n"), 2.0 * 1024 * 1024 * 1024);
}

TEST(PebbleFiles, DiskUsageErrorNamesTheLine) {
  Result<double> bytes = ParseDiskUsage("12M\tok\nlots\tns\n");
  ASSERT_FALSE(bytes.ok());
  EXPECT_EQ(bytes.status().message(),
            "line 2: expected \"<size> <name>\" as du prints it, got "
            "\"lots\tns\"");
  EXPECT_FALSE(ParseDiskUsage("\n\n").ok());
  EXPECT_FALSE(ParseDiskUsage("12X a\n").ok());
}

TEST(PebbleFiles, NamespaceCount) {
  EXPECT_EQ(*ParseNamespaceCount("3\n"), 3);
  EXPECT_EQ(*ParseNamespaceCount("  7 namespaces\n"), 7);
  Result<int64_t> bad = ParseNamespaceCount("many");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("\"many\""), std::string::npos);
  EXPECT_FALSE(ParseNamespaceCount("-1").ok());
}

}  // namespace
}  // namespace mdbprof::report
