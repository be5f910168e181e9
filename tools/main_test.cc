// Runs the real `mdbprof` binary: exit codes and the one-line error on
// stderr, as a shell script sees them.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "base/testing/run_program.h"

namespace mdbprof::tools {
namespace {

using RunResult = mdbprof::testing::ProgramRun;

class BinaryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/mdbprof_main_test.XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // Runs MDBPROF_BINARY with `args`, stdout and stderr to files.
  RunResult Run(const std::vector<std::string>& args) {
    std::vector<std::string> argv = {MDBPROF_BINARY};
    argv.insert(argv.end(), args.begin(), args.end());
    RunResult run = mdbprof::testing::RunProgram(argv, dir_);
    if (!run.started) ADD_FAILURE() << run.start_error;
    return run;
  }

  std::string dir_;
};

TEST_F(BinaryTest, HelpExitsZero) {
  RunResult r = Run({"--help"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("usage: mdbprof"), std::string::npos);
  EXPECT_EQ(r.err, "");
}

TEST_F(BinaryTest, MissingFileExitsTwoWithOneLine) {
  RunResult r = Run({"top", dir_ + "/nope.prof"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "mdbprof: " + dir_ +
                       "/nope.prof: cannot open: No such "
                       "file or directory\n");
  EXPECT_EQ(r.out, "");
}

TEST_F(BinaryTest, CorruptProtobufExitsTwoWithOneLine) {
  // A profile.proto whose last field is cut off; libprotobuf must not add
  // log lines of its own to stderr.
  std::string path = dir_ + "/bad.prof";
  std::ofstream(path, std::ios::binary)
      << std::string("\x32\x00\x0a\x04\x08\x01\x10", 7);
  RunResult r = Run({"top", path});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err.rfind("mdbprof: " + path + ": ", 0), 0u) << r.err;
  EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << r.err;
}

TEST_F(BinaryTest, UnknownCommandExitsTwo) {
  RunResult r = Run({"frobnicate"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err,
            "mdbprof: unknown command \"frobnicate\" (see mdbprof --help)\n");
}

TEST_F(BinaryTest, EveryCommandHasHelpAndOneLineErrors) {
  const std::string missing = dir_ + "/missing";
  struct Case {
    std::string command;
    std::vector<std::string> bad_file_args;  // names files that do not exist
  } cases[] = {
      {"top", {missing + ".prof"}},
      {"diff", {missing + "-base.prof", missing + ".prof"}},
      {"report", {missing}},
      {"compare", {missing + "-base", missing}},
      {"check", {missing, missing + ".json"}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.command);
    RunResult help = Run({c.command, "--help"});
    EXPECT_EQ(help.exit_code, 0);
    EXPECT_EQ(help.out.rfind("usage: mdbprof " + c.command, 0), 0u) << help.out;
    EXPECT_EQ(help.err, "");

    std::vector<std::vector<std::string>> bad = {
        {c.command, "--frobnicate=1"},    // unknown flag
        {c.command, "a", "b", "c", "d"},  // too many arguments
    };
    std::vector<std::string> files = {c.command};
    files.insert(files.end(), c.bad_file_args.begin(), c.bad_file_args.end());
    bad.push_back(files);
    for (const std::vector<std::string>& args : bad) {
      RunResult r = Run(args);
      EXPECT_EQ(r.exit_code, 2) << args.size() << " args: " << r.out;
      EXPECT_EQ(r.err.rfind("mdbprof: ", 0), 0u) << r.err;
      EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
      EXPECT_EQ(r.out, "");
    }
  }
}

}  // namespace
}  // namespace mdbprof::tools
