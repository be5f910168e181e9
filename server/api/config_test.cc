#include "server/api/config.h"

#include <gtest/gtest.h>

#include <vector>

namespace refserver {
namespace {

mdbprof::Result<ServerConfig> Parse(std::vector<const char*> args) {
  args.insert(args.begin(), "refserver");
  return ParseFlags(static_cast<int>(args.size()), args.data());
}

TEST(ParseFlags, Defaults) {
  mdbprof::Result<ServerConfig> config = Parse({});
  ASSERT_TRUE(config.ok());
  EXPECT_EQ(config->port, 8080);
  EXPECT_EQ(config->host, "127.0.0.1");
  EXPECT_FALSE(config->test_mode);
  EXPECT_EQ(config->log_level, LogLevel::kInfo);
  EXPECT_GT(config->http_threads, 10) << "must exceed the load's 10 workers";
  EXPECT_EQ(config->malloc_trim_seconds, 10);
}

TEST(ParseFlags, EveryFlagInBothForms) {
  mdbprof::Result<ServerConfig> config =
      Parse({"--port", "9000", "--db-url=sqlite://x.db", "--data-dir", "/d",
             "--db-type", "timescale", "--token=ns_x", "--test-mode",
             "--log-level", "warn", "--host", "0.0.0.0", "--http-threads=8",
             "--malloc-trim-seconds", "0"});
  ASSERT_TRUE(config.ok()) << config.status().message();
  EXPECT_EQ(config->port, 9000);
  EXPECT_EQ(config->db_url, "sqlite://x.db");
  EXPECT_EQ(config->data_dir, "/d");
  EXPECT_EQ(config->db_type, "timescale");
  EXPECT_EQ(config->token, "ns_x");
  EXPECT_TRUE(config->test_mode);
  EXPECT_EQ(config->log_level, LogLevel::kWarn);
  EXPECT_EQ(config->host, "0.0.0.0");
  EXPECT_EQ(config->http_threads, 8);
  EXPECT_EQ(config->malloc_trim_seconds, 0);
  EXPECT_TRUE(Parse({"--help"})->show_help);
  EXPECT_EQ(Parse({"--port=0"})->port, 0);
}

void ExpectError(std::vector<const char*> args, const std::string& needle) {
  mdbprof::Result<ServerConfig> config = Parse(args);
  ASSERT_FALSE(config.ok()) << "accepted: " << needle;
  EXPECT_EQ(config.status().code(), mdbprof::StatusCode::kInvalidArgument);
  EXPECT_NE(config.status().message().find(needle), std::string::npos)
      << config.status().message();
  EXPECT_EQ(config.status().message().find('\n'), std::string::npos)
      << "one line";
}

TEST(ParseFlags, BadInputNamesTheFlag) {
  ExpectError({"--bogus"}, "--bogus");
  ExpectError({"--port"}, "--port");
  ExpectError({"--port", "http"}, "--port");
  ExpectError({"--port", "70000"}, "--port");
  ExpectError({"--port", "-1"}, "--port");
  ExpectError({"--port", "--test-mode"}, "--port");
  ExpectError({"--db-url", "--port", "1"}, "--db-url");
  ExpectError({"--log-level", "loud"}, "loud");
  ExpectError({"--token="}, "--token");
  ExpectError({"--test-mode=yes"}, "--test-mode");
  ExpectError({"stray"}, "stray");
  ExpectError({"--malloc-trim-seconds", "-5"}, "--malloc-trim-seconds");
  ExpectError({"--malloc-trim-seconds=10s"}, "--malloc-trim-seconds");
}

}  // namespace
}  // namespace refserver
