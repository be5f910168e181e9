#include "bench/run_dir.h"

#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>

#include "fixtures/scratch_dir.h"
#include "gtest/gtest.h"

namespace mdbprof::bench {
namespace {

namespace fs = std::filesystem;

class RunDirTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<fixtures::ScratchDir> dir =
        fixtures::ScratchDir::Create("run-dir-test");
    ASSERT_TRUE(dir.ok()) << dir.status().message();
    scratch_.emplace(std::move(*dir));
    out_ = scratch_->path() + "/profiles";
    // 2026-11-26 13:00:00 local time.
    std::tm tm = {};
    tm.tm_year = 2026 - 1900;
    tm.tm_mon = 10;
    tm.tm_mday = 26;
    tm.tm_hour = 13;
    tm.tm_isdst = -1;
    when_ = std::chrono::system_clock::from_time_t(std::mktime(&tm));
  }
  std::optional<fixtures::ScratchDir> scratch_;
  std::string out_;
  std::chrono::system_clock::time_point when_;
};

TEST_F(RunDirTest, NameIsTheLocalTimestamp) {
  EXPECT_EQ(RunDirName(when_), "20261126_130000");
}

TEST_F(RunDirTest, CreatesTheRunDirAndPointsLatestAtIt) {
  Result<std::string> run = CreateRunDir(out_, when_);
  ASSERT_TRUE(run.ok()) << run.status().message();
  EXPECT_EQ(*run, out_ + "/20261126_130000");
  EXPECT_TRUE(fs::is_directory(*run));
  EXPECT_TRUE(fs::is_symlink(out_ + "/latest"));
  EXPECT_EQ(fs::read_symlink(out_ + "/latest").string(), "20261126_130000")
      << "the link is relative so the tree can move";
  Result<std::string> latest = ResolveLatestRun(out_);
  ASSERT_TRUE(latest.ok()) << latest.status().message();
  EXPECT_EQ(*latest, *run);
}

TEST_F(RunDirTest, ASecondRunInTheSameSecondGetsASuffix) {
  Result<std::string> first = CreateRunDir(out_, when_);
  Result<std::string> second = CreateRunDir(out_, when_);
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(*second, out_ + "/20261126_130000-2");
  EXPECT_EQ(*ResolveLatestRun(out_), *second);
  EXPECT_TRUE(fs::is_directory(*first));
  // No temporary links are left behind.
  int entries = 0;
  for (const auto& e : fs::directory_iterator(out_)) {
    (void)e;
    ++entries;
  }
  EXPECT_EQ(entries, 3);
}

TEST_F(RunDirTest, ResolvingWithoutARunSaysHowToMakeOne) {
  Result<std::string> latest = ResolveLatestRun(out_);
  ASSERT_FALSE(latest.ok());
  EXPECT_NE(latest.status().message().find(out_ + "/latest"), std::string::npos)
      << latest.status().message();
  EXPECT_NE(latest.status().message().find("--init_run"), std::string::npos);
}

TEST_F(RunDirTest, AnUncreatableOutputDirIsAnErrorNamingIt) {
  std::ofstream(scratch_->path() + "/file") << "x";
  Result<std::string> run = CreateRunDir(scratch_->path() + "/file/sub", when_);
  ASSERT_FALSE(run.ok());
  EXPECT_NE(run.status().message().find("/file/sub"), std::string::npos);
}

TEST_F(RunDirTest, RepetitionsGetTheirOwnDirectories) {
  EXPECT_EQ(BackendDir("r", "sqlite", 1, 1), "r/sqlite");
  EXPECT_EQ(BackendDir("r", "sqlite", 2, 3), "r/sqlite/repetitions/2");
}

TEST_F(RunDirTest, PublishingARepetitionReplacesTheBackendFiles) {
  std::string backend = scratch_->path() + "/sqlite";
  std::string rep = backend + "/repetitions/2";
  fs::create_directories(rep);
  std::ofstream(backend + "/cpu.prof") << "old";
  std::ofstream(rep + "/cpu.prof") << "new";
  std::ofstream(rep + "/README.md") << "readme";
  Status s = PublishRepetition(rep, backend);
  ASSERT_TRUE(s.ok()) << s.message();
  std::ifstream cpu(backend + "/cpu.prof");
  std::string text((std::istreambuf_iterator<char>(cpu)), {});
  EXPECT_EQ(text, "new");
  EXPECT_TRUE(fs::exists(backend + "/README.md"));
  EXPECT_TRUE(fs::exists(rep + "/cpu.prof"));
}

}  // namespace
}  // namespace mdbprof::bench
