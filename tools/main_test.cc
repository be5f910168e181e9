// Runs the real `mdbprof` binary: exit codes and the one-line error on
// stderr, as a shell script sees them.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

extern char** environ;

namespace mdbprof::tools {
namespace {

struct RunResult {
  int exit_code = -1;
  std::string out, err;
};

class BinaryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/mdbprof_main_test.XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  static std::string Slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }

  // Runs MDBPROF_BINARY with `args`, stdout and stderr to files.
  RunResult Run(const std::vector<std::string>& args) {
    std::vector<std::string> argv_storage = {MDBPROF_BINARY};
    argv_storage.insert(argv_storage.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : argv_storage) argv.push_back(a.data());
    argv.push_back(nullptr);
    const std::string out_path = dir_ + "/stdout", err_path = dir_ + "/stderr";
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    RunResult result;
    pid_t pid;
    int rc =
        posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) {
      ADD_FAILURE() << "cannot start " << argv[0];
      return result;
    }
    int status = 0;
    waitpid(pid, &status, 0);
    result.exit_code =
        WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    result.out = Slurp(out_path);
    result.err = Slurp(err_path);
    return result;
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
