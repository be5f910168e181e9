#include "report/backend_files.h"

#include <gtest/gtest.h>

namespace mdbprof::report {
namespace {

TEST(BackendFiles, DiskUsageSumsHumanReadableDuLines) {
  Result<double> bytes = ParseDiskUsage("4.0K\tdefault\n12M\tns-load\n");
  ASSERT_TRUE(bytes.ok()) << bytes.status().message();
  EXPECT_DOUBLE_EQ(*bytes, 4.0 * 1024 + 12.0 * 1024 * 1024);
}

TEST(BackendFiles, DiskUsageTotalLineWins) {
  Result<double> bytes =
      ParseDiskUsage("# du -cb\n100\tns-a\n200\tns-b\n250\ttotal\n");
  ASSERT_TRUE(bytes.ok());
  EXPECT_DOUBLE_EQ(*bytes, 250);
}

TEST(BackendFiles, DiskUsageAcceptsByteCountsAndIecSuffixes) {
  EXPECT_DOUBLE_EQ(*ParseDiskUsage("1536 /data\n"), 1536);
  EXPECT_DOUBLE_EQ(*ParseDiskUsage("1.5MiB /data\n"), 1.5 * 1024 * 1024);
  EXPECT_DOUBLE_EQ(*ParseDiskUsage("2G\n"), 2.0 * 1024 * 1024 * 1024);
}

TEST(BackendFiles, DiskUsageErrorNamesTheLine) {
  Result<double> bytes = ParseDiskUsage("12M\tok\nlots\tns\n");
  ASSERT_FALSE(bytes.ok());
  EXPECT_EQ(bytes.status().message(),
            "line 2: expected \"<size> <name>\" as du prints it, got "
            "\"lots\tns\"");
  EXPECT_FALSE(ParseDiskUsage("\n\n").ok());
  EXPECT_FALSE(ParseDiskUsage("12X a\n").ok());
}

TEST(BackendFiles, NamespaceCount) {
  EXPECT_EQ(*ParseNamespaceCount("3\n"), 3);
  EXPECT_EQ(*ParseNamespaceCount("  7 namespaces\n"), 7);
  Result<int64_t> bad = ParseNamespaceCount("many");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("\"many\""), std::string::npos);
  EXPECT_FALSE(ParseNamespaceCount("-1").ok());
}

TEST(BackendFiles, MetricParsersByName) {
  EXPECT_TRUE(IsBackendFileMetric("disk_usage_bytes"));
  EXPECT_FALSE(IsBackendFileMetric("ops_per_sec"));
  EXPECT_EQ(*ParseBackendFileMetric("namespace_count", "2\n"), 2.0);
  EXPECT_DOUBLE_EQ(*ParseBackendFileMetric("disk_usage_bytes", "4K x\n"), 4096);
  Result<double> unknown = ParseBackendFileMetric("ops_per_sec", "1\n");
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.status().message().find("`ops_per_sec`"),
            std::string::npos);
}

}  // namespace
}  // namespace mdbprof::report
