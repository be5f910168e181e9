#include "bench/cpu_capture.h"

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

#include "bench/testing/fake_profile_server.h"
#include "gtest/gtest.h"
#include "pprof/testing/profile_builder.h"

namespace mdbprof::bench {
namespace {

namespace fs = std::filesystem;
using testing::FakeProfileServer;

std::string CpuProfileBytes() {
  pprof::testing::ProfileBuilder b(
      {{"samples", "count"}, {"cpu", "nanoseconds"}});
  b.Add({"main", "work"}, {3, 30'000'000});
  return pprof::testing::Gzip(pprof::testing::Serialize(b.proto()));
}

class CpuCaptureTest : public ::testing::Test {
 protected:
  void SetUp() override {
    file_ = (fs::temp_directory_path() /
             ("cpu_capture_test." + std::to_string(getpid()) + ".prof"))
                .string();
    fs::remove(file_);
  }
  void TearDown() override { fs::remove(file_); }

  // Until the capture thread has sent its request (so it is past its delay
  // and Finish() waits for the answer rather than cancelling the wait).
  void WaitForRequest() {
    const auto deadline =
        std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (server_.Requests("/debug/pprof/profile") == 0 &&
           std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }

  std::string file_;
  FakeProfileServer server_;
  HttpFetcher fetcher_{server_.host(), server_.port()};
  std::vector<std::string> said_;
};

TEST(CpuProfileSeconds, ThirdOfTheLoadBetweenOneAndTenSeconds) {
  EXPECT_EQ(CpuProfileSeconds(0.5), 1);
  EXPECT_EQ(CpuProfileSeconds(9), 3);
  EXPECT_EQ(CpuProfileSeconds(10), 3) << "whole seconds, rounded down";
  EXPECT_EQ(CpuProfileSeconds(30), 10);
  EXPECT_EQ(CpuProfileSeconds(600), 10);
}

TEST_F(CpuCaptureTest, FetchesTheProfileForItsSecondsAndKeepsTheBytes) {
  const std::string bytes = CpuProfileBytes();
  server_.Serve("/debug/pprof/profile", {bytes});
  CpuCapture cpu(fetcher_, /*delay_s=*/0, /*seconds=*/2, file_,
                 [this](const std::string& s) { said_.push_back(s); });
  WaitForRequest();
  Result<pprof::Profile> p = cpu.Finish();
  ASSERT_TRUE(p.ok()) << p.status().message();
  EXPECT_EQ(server_.LastQuery("/debug/pprof/profile"), "seconds=2");
  EXPECT_EQ(p->proto().sample_size(), 1);
  std::ifstream in(file_, std::ios::binary);
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), {}), bytes);
  EXPECT_EQ(said_, std::vector<std::string>{"capturing cpu.prof (2s)"});
}

TEST_F(CpuCaptureTest, WaitsItsDelayBeforeFetching) {
  server_.Serve("/debug/pprof/profile", {CpuProfileBytes()});
  const auto start = std::chrono::steady_clock::now();
  CpuCapture cpu(fetcher_, /*delay_s=*/0.2, /*seconds=*/1, file_, nullptr);
  WaitForRequest();
  EXPECT_GE(std::chrono::steady_clock::now() - start,
            std::chrono::milliseconds(200));
  Result<pprof::Profile> p = cpu.Finish();
  EXPECT_TRUE(p.ok()) << p.status().message();
}

TEST_F(CpuCaptureTest, LoadEndingBeforeTheDelayMeansNoCapture) {
  server_.Serve("/debug/pprof/profile", {CpuProfileBytes()});
  const auto start = std::chrono::steady_clock::now();
  CpuCapture cpu(fetcher_, /*delay_s=*/30, /*seconds=*/1, file_, nullptr);
  Result<pprof::Profile> p = cpu.Finish();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5))
      << "Finish() wakes the waiting thread";
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().message(), "not captured: the load ended first");
  EXPECT_EQ(server_.Requests("/debug/pprof/profile"), 0);
  EXPECT_FALSE(fs::exists(file_));
}

TEST_F(CpuCaptureTest, HttpErrorIsTheResultAndNoFileIsWritten) {
  server_.Fail("/debug/pprof/profile", 500);
  CpuCapture cpu(fetcher_, /*delay_s=*/0, /*seconds=*/1, file_, nullptr);
  WaitForRequest();
  Result<pprof::Profile> p = cpu.Finish();
  ASSERT_FALSE(p.ok());
  EXPECT_NE(p.status().message().find("HTTP 500"), std::string::npos)
      << p.status().message();
  EXPECT_FALSE(fs::exists(file_));
}

TEST_F(CpuCaptureTest, UndecodableBytesAreKeptAndTheErrorNamesTheFile) {
  server_.Serve("/debug/pprof/profile", {"not a profile"});
  CpuCapture cpu(fetcher_, /*delay_s=*/0, /*seconds=*/1, file_, nullptr);
  WaitForRequest();
  Result<pprof::Profile> p = cpu.Finish();
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().message().rfind(file_ + ": ", 0), 0u)
      << p.status().message();
  EXPECT_TRUE(fs::exists(file_)) << "the bytes are kept to look at";
}

}  // namespace
}  // namespace mdbprof::bench
