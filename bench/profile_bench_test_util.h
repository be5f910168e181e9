// Runs the profile_bench binary for tests (test-only).
#ifndef MDBPROF_BENCH_PROFILE_BENCH_TEST_UTIL_H_
#define MDBPROF_BENCH_PROFILE_BENCH_TEST_UTIL_H_

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "fixtures/child_process.h"
#include "fixtures/test_util.h"
#include "gtest/gtest.h"

namespace mdbprof::bench::testing {

struct BenchRun {
  int exit_code = -1;  // -1: did not exit in time (or was killed)
  std::string output;  // stdout + stderr
};

// Runs profile_bench with `args` and environment additions `env` in
// `work_dir`, output to `work_dir/<log_name>`; waits up to `timeout`.
inline BenchRun RunProfileBench(
    const std::string& work_dir, std::vector<std::string> args,
    std::vector<std::pair<std::string, std::string>> env,
    std::chrono::seconds timeout = std::chrono::seconds(120),
    const std::string& log_name = "profile_bench.log") {
  fixtures::ChildOptions options;
  options.argv = {MDBPROF_PROFILE_BENCH};
  options.argv.insert(options.argv.end(), args.begin(), args.end());
  options.env = std::move(env);
  options.working_dir = work_dir;
  options.log_path = work_dir + "/" + log_name;
  BenchRun run;
  auto child = fixtures::ChildProcess::Start(options);
  EXPECT_TRUE(child.ok()) << child.status().message();
  if (!child.ok()) return run;
  Result<fixtures::ExitStatus> status = (*child)->Wait(timeout);
  (*child)->Stop(std::chrono::seconds(5));
  if (status.ok() && status->exited) run.exit_code = status->code;
  run.output = fixtures::testing::ReadFile(options.log_path);
  return run;
}

}  // namespace mdbprof::bench::testing

#endif  // MDBPROF_BENCH_PROFILE_BENCH_TEST_UTIL_H_
