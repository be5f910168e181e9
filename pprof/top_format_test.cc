#include <gtest/gtest.h>
#include <stdlib.h>

#include <ctime>
#include <string>

#include "pprof/testing/profile_builder.h"
#include "pprof/top.h"

namespace mdbprof::pprof {
namespace {

using testing::ProfileBuilder;

class FormatTopTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* tz = getenv("TZ");
    had_tz_ = tz != nullptr;
    if (had_tz_) old_tz_ = tz;
    setenv("TZ", "UTC", 1);
    tzset();
  }
  void TearDown() override {
    if (had_tz_) {
      setenv("TZ", old_tz_.c_str(), 1);
    } else {
      unsetenv("TZ");
    }
    tzset();
  }
  static std::string Format(const Profile& p, const TopOptions& o = {}) {
    Result<TopReport> r = Top(p, o);
    EXPECT_TRUE(r.ok()) << r.status().message();
    return r.ok() ? FormatTop(*r) : "";
  }

 private:
  bool had_tz_ = false;
  std::string old_tz_;
};

// Expected texts were checked against `go tool pprof -top` (Go 1.26) on the
// same profiles written to files.
TEST_F(FormatTopTest, CpuProfileLikeGoToolPprofTop) {
  ProfileBuilder b({{"samples", "count"}, {"cpu", "nanoseconds"}});
  b.SetMapping("/usr/bin/server", "");
  b.SetTime(int64_t{1700000000} * 1000000000, 2000000000);
  b.Add({"main", "work"}, {3, 30000000});
  b.Add({"main", {"work", "helper"}}, {1, 10000000});
  b.Add({"main"}, {1, 10000000});
  EXPECT_EQ(Format(b.Build()),
            "File: server\n"
            "Type: cpu\n"
            "Time: 2023-11-14 22:13:20 UTC\n"
            "Duration: 2s, Total samples = 50ms ( 2.50%)\n"
            "Showing nodes accounting for 50ms, 100% of 50ms total\n"
            "      flat  flat%   sum%        cum   cum%\n"
            "      30ms 60.00% 60.00%       40ms 80.00%  work\n"
            "      10ms 20.00% 80.00%       10ms 20.00%  helper (inline)\n"
            "      10ms 20.00%   100%       50ms   100%  main\n");
}

TEST_F(FormatTopTest, BytesCountsFiltersAndTrimming) {
  ProfileBuilder b({{"alloc_objects", "count"}, {"alloc_space", "bytes"}});
  b.Add({"main", "Store::Write", "big"}, {10, 300 << 20});
  b.Add({"main", "Store::Write", "small"}, {2000, 12 << 20});
  b.Add({"main", "Store::Write", "tiny"}, {1, 1 << 10});
  b.Add({"main", "Json"}, {5, 20 << 20});
  EXPECT_EQ(Format(b.Build(),
                   {.nodecount = 2, .focus = "Store", .node_fraction = 0.005}),
            "Type: alloc_space\n"
            "Active filters:\n"
            "   focus=Store\n"
            "Showing nodes accounting for 312MB, 93.98% of 332MB total\n"
            "Dropped 1 node (cum <= 1.66MB)\n"
            "Showing top 2 nodes out of 4\n"
            "      flat  flat%   sum%        cum   cum%\n"
            "     300MB 90.36% 90.36%      300MB 90.36%  big\n"
            "      12MB  3.61% 93.98%       12MB  3.61%  small\n");
  EXPECT_EQ(
      Format(b.Build(), {.sample_index = "alloc_objects", .ignore = "Store"}),
      "Type: alloc_objects\n"
      "Active filters:\n"
      "   ignore=Store\n"
      "Showing nodes accounting for 5, 0.25% of 2016 total\n"
      "      flat  flat%   sum%        cum   cum%\n"
      "         5  0.25%  0.25%          5  0.25%  Json\n"
      "         0     0%  0.25%          5  0.25%  main\n");
}

TEST_F(FormatTopTest, BuildIdCommentsAndCountDuration) {
  ProfileBuilder b({{"goroutine", "count"}});
  b.SetMapping("/srv/refserver/", "b1d");
  b.AddComment("#hidden").AddComment("note").SetTime(0, 1000000000);
  b.Add({"main"}, {3});
  EXPECT_EQ(Format(b.Build()),
            "File: refserver\n"
            "Build ID: b1d\n"
            "note\n"
            "Type: goroutine\n"
            "Duration: 1s, Total samples = 3 \n"
            "Showing nodes accounting for 3, 100% of 3 total\n"
            "      flat  flat%   sum%        cum   cum%\n"
            "         3   100%   100%          3   100%  main\n");
}

TEST_F(FormatTopTest, EmptyProfile) {
  ProfileBuilder b({{"goroutine", "count"}});
  EXPECT_EQ(Format(b.Build()),
            "Type: goroutine\n"
            "Showing nodes accounting for 0, 0% of 0 total\n"
            "      flat  flat%   sum%        cum   cum%\n");
}

}  // namespace
}  // namespace mdbprof::pprof
