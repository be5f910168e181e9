#include "bench/server_url.h"

#include "gtest/gtest.h"

namespace mdbprof::bench {
namespace {

std::string ErrorOf(std::string_view text) {
  Result<ServerUrl> url = ParseServerUrl(text);
  return url.ok() ? "" : url.status().message();
}

TEST(ParseServerUrl, TakesHostAndPort) {
  Result<ServerUrl> url = ParseServerUrl("http://127.0.0.1:8080");
  ASSERT_TRUE(url.ok()) << url.status().message();
  EXPECT_EQ(url->host, "127.0.0.1");
  EXPECT_EQ(url->port, 8080);
  EXPECT_EQ(url->ToString(), "http://127.0.0.1:8080");
}

TEST(ParseServerUrl, TakesNamesATrailingSlashAndAnUppercaseScheme) {
  Result<ServerUrl> url = ParseServerUrl("HTTP://staging-1.example.com:80/");
  ASSERT_TRUE(url.ok()) << url.status().message();
  EXPECT_EQ(url->host, "staging-1.example.com");
  EXPECT_EQ(url->port, 80);
}

TEST(ParseServerUrl, TakesIpv6InBrackets) {
  Result<ServerUrl> url = ParseServerUrl("http://[::1]:65535");
  ASSERT_TRUE(url.ok()) << url.status().message();
  EXPECT_EQ(url->host, "::1");
  EXPECT_EQ(url->port, 65535);
  EXPECT_EQ(url->ToString(), "http://[::1]:65535");
}

TEST(ParseServerUrl, RefusesOtherSchemesNamingThem) {
  EXPECT_NE(ErrorOf("https://h:443").find("https is not supported"),
            std::string::npos);
  EXPECT_NE(ErrorOf("ftp://h:21").find("'ftp'"), std::string::npos);
  EXPECT_NE(ErrorOf("127.0.0.1:8080").find("no scheme"), std::string::npos);
}

TEST(ParseServerUrl, RequiresAValidPort) {
  EXPECT_NE(ErrorOf("http://h").find("port is missing"), std::string::npos);
  EXPECT_NE(ErrorOf("http://h:").find("port is missing"), std::string::npos);
  EXPECT_NE(ErrorOf("http://h:0").find("not in 1..65535"), std::string::npos);
  EXPECT_NE(ErrorOf("http://h:65536").find("not in 1..65535"),
            std::string::npos);
  EXPECT_NE(ErrorOf("http://h:80x").find("not a number"), std::string::npos);
  EXPECT_NE(ErrorOf("http://[::1]").find("port is missing"), std::string::npos);
}

TEST(ParseServerUrl, RefusesPathsQueriesUserInfoAndBadHosts) {
  EXPECT_NE(ErrorOf("http://h:80/api").find("'/api'"), std::string::npos);
  EXPECT_NE(ErrorOf("http://h:80?x=1").find("'?x=1'"), std::string::npos);
  EXPECT_NE(ErrorOf("http://u:p@h:80").find("user info"), std::string::npos);
  EXPECT_NE(ErrorOf("http://:80").find("host is empty"), std::string::npos);
  EXPECT_NE(ErrorOf("http://a..b:80").find("empty label"), std::string::npos);
  EXPECT_NE(ErrorOf("http://h_x:80").find("'_'"), std::string::npos);
  EXPECT_NE(ErrorOf("http://999.1.1.1:80").find("not an IPv4 address"),
            std::string::npos);
  EXPECT_NE(ErrorOf("http://::1:80").find("in brackets"), std::string::npos);
  EXPECT_NE(ErrorOf("http://[zz]:80").find("not an IPv6 address"),
            std::string::npos);
}

TEST(ParseServerUrl, EveryErrorSaysWhatIsExpected) {
  for (const char* bad : {"x", "https://h:1", "http://h", "http://h:1/p"}) {
    EXPECT_NE(ErrorOf(bad).find("expected http://HOST:PORT"), std::string::npos)
        << bad << ": " << ErrorOf(bad);
  }
}

}  // namespace
}  // namespace mdbprof::bench
