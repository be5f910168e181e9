// RunProgram (test-only): runs a program to completion, its stdout and
// stderr captured apart — how tests drive the suite's command-line tools.
//
//   ProgramRun run = RunProgram({MDBPROF_BINARY, "--help"}, scratch_dir);
//   ASSERT_TRUE(run.started) << run.start_error;
//   EXPECT_EQ(run.exit_code, 0) << run.err;
//
// Header-only so that any test target can use it without a new link
// dependency; it uses no test framework.
#ifndef MDBPROF_BASE_TESTING_RUN_PROGRAM_H_
#define MDBPROF_BASE_TESTING_RUN_PROGRAM_H_

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <string.h>
#include <sys/wait.h>

#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

extern char** environ;

namespace mdbprof::testing {

struct ProgramRun {
  bool started = false;
  std::string start_error;  // why it did not start (when !started)
  int exit_code = -1;       // 128 + signal when it was killed
  std::string out, err;
};

// Runs `argv` (argv[0] a path; REQUIRES: non-empty) with this process's
// environment plus `extra_env` ("KEY=VALUE"; they win over ours), stdin
// inherited, and waits for it. Its output goes through `<scratch_dir>/stdout`
// and `<scratch_dir>/stderr` (overwritten; the directory must exist).
inline ProgramRun RunProgram(const std::vector<std::string>& argv,
                             const std::string& scratch_dir,
                             const std::vector<std::string>& extra_env = {}) {
  std::vector<std::string> argv_storage = argv;
  std::vector<char*> args;
  for (std::string& a : argv_storage) args.push_back(a.data());
  args.push_back(nullptr);
  std::vector<std::string> env_storage = extra_env;
  auto overridden = [&](std::string_view entry) {
    const std::string_view name = entry.substr(0, entry.find('=') + 1);
    for (const std::string& e : extra_env) {
      if (std::string_view(e).substr(0, e.find('=') + 1) == name) return true;
    }
    return false;
  };
  for (char** e = environ; *e != nullptr; ++e) {
    if (!overridden(*e)) env_storage.emplace_back(*e);
  }
  std::vector<char*> env;
  for (std::string& e : env_storage) env.push_back(e.data());
  env.push_back(nullptr);

  const std::string out = scratch_dir + "/stdout";
  const std::string err = scratch_dir + "/stderr";
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, out.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, 2, err.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  ProgramRun run;
  pid_t pid = 0;
  const int rc =
      posix_spawn(&pid, args[0], &actions, nullptr, args.data(), env.data());
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    run.start_error = "cannot start " + argv[0] + ": " + strerror(rc);
    return run;
  }
  run.started = true;
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  run.exit_code =
      WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  auto slurp = [](const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)),
                       std::istreambuf_iterator<char>());
  };
  run.out = slurp(out);
  run.err = slurp(err);
  return run;
}

}  // namespace mdbprof::testing

#endif  // MDBPROF_BASE_TESTING_RUN_PROGRAM_H_
