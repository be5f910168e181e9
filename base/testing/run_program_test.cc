#include "base/testing/run_program.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>

namespace mdbprof::testing {
namespace {

class RunProgramTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char templ[] = "/tmp/run-program-test-XXXXXX";
    ASSERT_NE(mkdtemp(templ), nullptr);
    dir_ = templ;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string dir_;
};

TEST_F(RunProgramTest, CapturesStdoutAndStderrApartAndTheExitCode) {
  ProgramRun run =
      RunProgram({"/bin/sh", "-c", "echo out; echo err >&2; exit 3"}, dir_);
  ASSERT_TRUE(run.started) << run.start_error;
  EXPECT_EQ(run.exit_code, 3);
  EXPECT_EQ(run.out, "out\n");
  EXPECT_EQ(run.err, "err\n");
}

TEST_F(RunProgramTest, ExtraEnvironmentWinsOverOurs) {
  ASSERT_EQ(setenv("RUN_PROGRAM_TEST", "ours", 1), 0);
  ProgramRun run = RunProgram({"/bin/sh", "-c", "echo $RUN_PROGRAM_TEST"}, dir_,
                              {"RUN_PROGRAM_TEST=theirs"});
  unsetenv("RUN_PROGRAM_TEST");
  EXPECT_EQ(run.out, "theirs\n");
}

TEST_F(RunProgramTest, AKilledProgramIs128PlusTheSignal) {
  ProgramRun run = RunProgram({"/bin/sh", "-c", "kill -9 $$"}, dir_);
  EXPECT_EQ(run.exit_code, 128 + 9);
}

TEST_F(RunProgramTest, AMissingProgramDoesNotStartAndSaysWhy) {
  ProgramRun run = RunProgram({"/nonexistent/program"}, dir_);
  EXPECT_FALSE(run.started);
  EXPECT_NE(run.start_error.find("/nonexistent/program"), std::string::npos)
      << run.start_error;
}

}  // namespace
}  // namespace mdbprof::testing
