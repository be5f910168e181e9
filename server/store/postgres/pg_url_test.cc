#include "server/store/postgres/pg_url.h"

#include <gtest/gtest.h>

#include <map>

namespace refserver {
namespace {

using mdbprof::Result;

std::map<std::string, std::string> Params(const PgConnectOptions& o) {
  return std::map<std::string, std::string>(o.params.begin(), o.params.end());
}

TEST(ParsePostgresUrl, SplitsUserPasswordHostPortDatabase) {
  Result<PgConnectOptions> o =
      ParsePostgresUrl("postgres://app:s3cret@db.local:6543/events", 8);
  ASSERT_TRUE(o.ok()) << o.status().message();
  std::map<std::string, std::string> p = Params(*o);
  EXPECT_EQ(p["user"], "app");
  EXPECT_EQ(p["password"], "s3cret");
  EXPECT_EQ(p["host"], "db.local");
  EXPECT_EQ(p["port"], "6543");
  EXPECT_EQ(p["dbname"], "events");
  EXPECT_EQ(p["connect_timeout"], "10") << "a default the URL did not set";
  EXPECT_EQ(o->pool_size, 8) << "the default pool size without pool_size";
}

TEST(ParsePostgresUrl, PoolSizeIsOursAndRemovedFromLibpqParams) {
  Result<PgConnectOptions> o = ParsePostgresUrl(
      "postgres://u@/db?host=/tmp/sock&pool_size=1&connect_timeout=3", 8);
  ASSERT_TRUE(o.ok()) << o.status().message();
  EXPECT_EQ(o->pool_size, 1);
  std::map<std::string, std::string> p = Params(*o);
  EXPECT_EQ(p["host"], "/tmp/sock");
  EXPECT_EQ(p["connect_timeout"], "3");
  EXPECT_EQ(p.count("pool_size"), 0u);
}

TEST(ParsePostgresUrl, BadPoolSizeIsInvalidArgument) {
  for (const char* bad : {"0", "-1", "x", "", "1025", "4x"}) {
    Result<PgConnectOptions> o = ParsePostgresUrl(
        std::string("postgres://u:pw@h/db?pool_size=") + bad, 8);
    ASSERT_FALSE(o.ok()) << bad;
    EXPECT_EQ(o.status().code(), mdbprof::StatusCode::kInvalidArgument);
    EXPECT_NE(o.status().message().find("pool_size"), std::string::npos);
    EXPECT_EQ(o.status().message().find("pw"), std::string::npos)
        << "password leaked: " << o.status().message();
  }
}

TEST(ParsePostgresUrl, LibpqRejectionNamesUrlWithoutPassword) {
  Result<PgConnectOptions> o =
      ParsePostgresUrl("postgres://u:topsecret@h/db?nonsense=1", 8);
  ASSERT_FALSE(o.ok());
  EXPECT_EQ(o.status().code(), mdbprof::StatusCode::kInvalidArgument);
  EXPECT_NE(o.status().message().find("nonsense"), std::string::npos)
      << o.status().message();
  EXPECT_EQ(o.status().message().find("topsecret"), std::string::npos)
      << o.status().message();
  EXPECT_NE(o.status().message().find("u:***@h"), std::string::npos)
      << o.status().message();
}

TEST(RedactPostgresUrl, MasksUserInfoAndQueryPasswords) {
  EXPECT_EQ(RedactPostgresUrl("postgres://u:p@h:1/d"),
            "postgres://u:***@h:1/d");
  EXPECT_EQ(RedactPostgresUrl("postgres://u@h/d"), "postgres://u@h/d");
  EXPECT_EQ(RedactPostgresUrl("postgres:///d?user=u&password=x&port=1"),
            "postgres:///d?user=u&password=***&port=1");
  EXPECT_EQ(RedactPostgresUrl("postgres://h/d?mypassword=x"),
            "postgres://h/d?mypassword=x");
}

}  // namespace
}  // namespace refserver
