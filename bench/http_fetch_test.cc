#include "bench/http_fetch.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>

#include "base/text_file.h"
#include "bench/testing/fake_profile_server.h"
#include "gtest/gtest.h"

namespace mdbprof::bench {
namespace {

namespace fs = std::filesystem;
using testing::FakeProfileServer;

// The file's bytes; "" when it cannot be read (the comparison then fails).
std::string ReadBytes(const std::string& path) {
  Result<std::string> bytes = ReadTextFile(path);
  return bytes.ok() ? *bytes : "";
}

class HttpFetchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = (fs::temp_directory_path() /
            ("http_fetch_test." + std::to_string(getpid()) + "." +
             ::testing::UnitTest::GetInstance()->current_test_info()->name()))
               .string();
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(server_.port()) + path;
  }

  std::string dir_;
  FakeProfileServer server_;
};

TEST_F(HttpFetchTest, GetReturnsTheBodyByteForByte) {
  const std::string bytes("\x1f\x8b\x08\x00 binary\0with nul", 20);
  server_.Serve("/debug/pprof/heap", {bytes});
  HttpFetcher fetcher(server_.host(), server_.port());
  Result<std::string> body = fetcher.Get("/debug/pprof/heap?gc=1", 5);
  ASSERT_TRUE(body.ok()) << body.status().message();
  EXPECT_EQ(*body, bytes);
  EXPECT_EQ(server_.LastQuery("/debug/pprof/heap"), "gc=1");
}

TEST_F(HttpFetchTest, NonOkStatusNamesTheUrlStatusAndBody) {
  server_.Fail("/debug/pprof/heap", 503);
  HttpFetcher fetcher(server_.host(), server_.port());
  Result<std::string> body = fetcher.Get("/debug/pprof/heap", 5);
  ASSERT_FALSE(body.ok());
  EXPECT_EQ(body.status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(body.status().message(),
            "GET " + Url("/debug/pprof/heap") + ": HTTP 503: fake failure");
}

TEST_F(HttpFetchTest, LongErrorBodiesAreCutTo200Bytes) {
  HttpFetcher fetcher(server_.host(), server_.port());
  Result<std::string> body =
      fetcher.Get("/no/such/route/" + std::string(300, 'x'), 5);
  ASSERT_FALSE(body.ok());
  const std::string prefix =
      "GET " + Url("/no/such/route/") + std::string(300, 'x') + ": HTTP 404: ";
  ASSERT_EQ(body.status().message().rfind(prefix, 0), 0u)
      << body.status().message();
  EXPECT_EQ(body.status().message().size(), prefix.size() + 200);
}

TEST_F(HttpFetchTest, TransportErrorNamesTheUrl) {
  int closed_port = 0;
  {
    FakeProfileServer gone;
    closed_port = gone.port();
  }
  HttpFetcher fetcher("127.0.0.1", closed_port);
  Result<std::string> body = fetcher.Get("/version", 5);
  ASSERT_FALSE(body.ok());
  const std::string prefix =
      "GET http://127.0.0.1:" + std::to_string(closed_port) + "/version: ";
  EXPECT_EQ(body.status().message().rfind(prefix, 0), 0u)
      << body.status().message();
  EXPECT_GT(body.status().message().size(), prefix.size())
      << "says what went wrong";
}

TEST_F(HttpFetchTest, CancelFailsThisAndEveryLaterFetch) {
  server_.Serve("/version", {"{}"});
  HttpFetcher fetcher(server_.host(), server_.port());
  fetcher.Cancel();
  Result<std::string> body = fetcher.Get("/version", 5);
  ASSERT_FALSE(body.ok());
  EXPECT_EQ(body.status().message(), "GET " + Url("/version") + ": cancelled");
  EXPECT_EQ(server_.Requests("/version"), 0);
}

TEST_F(HttpFetchTest, GetToFileWritesTheBodyAndRejectsAnEmptyOne) {
  server_.Serve("/debug/pprof/allocs", {"profile bytes"});
  server_.Serve("/debug/pprof/goroutine", {""});
  HttpFetcher fetcher(server_.host(), server_.port());
  const std::string file = dir_ + "/allocs.prof";
  Status s = fetcher.GetToFile("/debug/pprof/allocs", 5, file);
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_EQ(ReadBytes(file), "profile bytes");

  const std::string empty = dir_ + "/goroutine.prof";
  s = fetcher.GetToFile("/debug/pprof/goroutine", 5, empty);
  EXPECT_EQ(s.message(),
            "GET " + Url("/debug/pprof/goroutine") + ": empty response body");
  EXPECT_FALSE(fs::exists(empty));
}

TEST_F(HttpFetchTest, ServerVersionFromJsonOrUnknown) {
  server_.Serve("/version", {R"({"version": "0.4.2", "commit": "abc"})"});
  EXPECT_EQ(FetchServerVersion(server_.host(), server_.port()), "0.4.2");
  server_.Serve("/version", {R"({"version": 42})"});
  EXPECT_EQ(FetchServerVersion(server_.host(), server_.port()), "unknown");
  server_.Serve("/version", {"not json"});
  EXPECT_EQ(FetchServerVersion(server_.host(), server_.port()), "unknown");
  server_.Fail("/version", 500);
  EXPECT_EQ(FetchServerVersion(server_.host(), server_.port()), "unknown");
}

}  // namespace
}  // namespace mdbprof::bench
