#include "results/run_profiles.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "gtest/gtest.h"
#include "pprof/testing/profile_builder.h"

namespace mdbprof::results {
namespace {

namespace fs = std::filesystem;
using pprof::testing::Gzip;
using pprof::testing::ProfileBuilder;
using pprof::testing::Serialize;

class LoadRunProfilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = (fs::temp_directory_path() /
            ("run_profiles_test." + std::to_string(::getpid()) + "." +
             ::testing::UnitTest::GetInstance()->current_test_info()->name()))
               .string();
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  void Write(const std::string& file, const std::string& bytes) {
    std::ofstream(fs::path(dir_) / file, std::ios::binary) << bytes;
  }
  void WriteAllocs(const std::string& file, int64_t bytes) {
    ProfileBuilder b({{"alloc_objects", "count"}, {"alloc_space", "bytes"}});
    b.Add({"main", "Work"}, {bytes / 100, bytes});
    Write(file, Gzip(Serialize(b.proto())));
  }

  std::string dir_;
};

TEST_F(LoadRunProfilesTest, ReadsTheProfilesAndTheirDelta) {
  WriteAllocs("allocs-before.prof", 1000);
  WriteAllocs("allocs-after.prof", 3500);
  ProfileBuilder cpu({{"samples", "count"}, {"cpu", "nanoseconds"}});
  cpu.Add({"main"}, {1, 10'000'000});
  Write("cpu.prof", Gzip(Serialize(cpu.proto())));

  RunProfiles p = LoadRunProfiles(dir_);
  EXPECT_TRUE(p.allocs_before.present && p.allocs_before.profile.ok());
  EXPECT_TRUE(p.allocs_after.present && p.allocs_after.profile.ok());
  EXPECT_TRUE(p.cpu.present && p.cpu.profile.ok());
  EXPECT_EQ(p.cpu.file, "cpu.prof");
  ASSERT_TRUE(p.alloc_delta.ok()) << p.alloc_delta.status().message();
  EXPECT_EQ(p.alloc_delta->bytes, 2500);
  EXPECT_EQ(p.alloc_delta->objects, 25);
}

TEST_F(LoadRunProfilesTest, MissingFilesAreNotPresentAndExplainTheDelta) {
  WriteAllocs("allocs-before.prof", 1000);
  RunProfiles p = LoadRunProfiles(dir_);
  EXPECT_TRUE(p.allocs_before.present);
  EXPECT_FALSE(p.allocs_after.present);
  EXPECT_FALSE(p.cpu.present);
  EXPECT_EQ(p.cpu.profile.status().code(), StatusCode::kNotFound);
  ASSERT_FALSE(p.alloc_delta.ok());
  EXPECT_EQ(p.alloc_delta.status().message(), "allocs-after.prof: not found");
}

TEST_F(LoadRunProfilesTest, CorruptProfileIsPresentWithItsDecodeError) {
  WriteAllocs("allocs-after.prof", 1000);
  Write("allocs-before.prof", "not a profile");
  RunProfiles p = LoadRunProfiles(dir_);
  EXPECT_TRUE(p.allocs_before.present);
  ASSERT_FALSE(p.allocs_before.profile.ok());
  EXPECT_NE(
      p.allocs_before.profile.status().message().find("allocs-before.prof"),
      std::string::npos)
      << p.allocs_before.profile.status().message();
  ASSERT_FALSE(p.alloc_delta.ok());
  EXPECT_EQ(p.alloc_delta.status().message(),
            p.allocs_before.profile.status().message());
}

// A CPU profile of 2 s in a window of 500 ops/s covers 1000 operations;
// without a duration or a rate the count is unknown (0).
TEST(OpsInCpuProfile, IsTheRateTimesTheProfilesDuration) {
  ProfileBuilder cpu({{"samples", "count"}, {"cpu", "nanoseconds"}});
  cpu.Add({"main"}, {1, 10}).SetTime(1, 2'000'000'000);
  RunMetrics m;
  m.ops_per_sec = 500;
  EXPECT_DOUBLE_EQ(OpsInCpuProfile(m, cpu.Build()), 1000);
  m.ops_per_sec = kNaN;
  EXPECT_EQ(OpsInCpuProfile(m, cpu.Build()), 0);
  ProfileBuilder no_duration({{"samples", "count"}});
  no_duration.Add({"main"}, {1});
  m.ops_per_sec = 500;
  EXPECT_EQ(OpsInCpuProfile(m, no_duration.Build()), 0);
}

}  // namespace
}  // namespace mdbprof::results
