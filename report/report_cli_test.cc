// Runs the real `mdbprof` binary: `report` and `compare` exit codes and
// their one-line errors, as a CI script sees them.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "base/testing/run_program.h"
#include "nlohmann/json.hpp"
#include "report/testing/synthetic_run.h"

namespace mdbprof::report {
namespace {

namespace fs = std::filesystem;
using testing::ReadFile;
using testing::SampleMetrics;
using testing::TempDir;
using testing::WriteBackend;

using RunResult = mdbprof::testing::ProgramRun;

class CliTest : public ::testing::Test {
 protected:
  // Runs MDBPROF_BINARY with `args` and `extra_env` added to the environment.
  RunResult Run(const std::vector<std::string>& args,
                const std::vector<std::string>& extra_env = {}) {
    std::vector<std::string> argv = {MDBPROF_BINARY};
    argv.insert(argv.end(), args.begin(), args.end());
    RunResult run = mdbprof::testing::RunProgram(argv, tmp_.path(), extra_env);
    if (!run.started) ADD_FAILURE() << run.start_error;
    return run;
  }

  std::string Sqlite(const std::string& name, std::vector<double> ops,
                     int workers = 10) {
    std::vector<results::RunMetrics> reps;
    for (double o : ops) {
      reps.push_back(SampleMetrics("sqlite", o));
      reps.back().config.workers = workers;
    }
    std::string dir = tmp_.path() + "/" + name;
    WriteBackend(dir, "sqlite", reps);
    return dir;
  }

  TempDir tmp_;
};

TEST_F(CliTest, ReportWritesFilesAndPrintsThePath) {
  std::string run = Sqlite("run", {1000, 1100, 1200});
  RunResult r = Run({"report", run});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  const std::string md = fs::canonical(run).string() + "/COMPARISON.md";
  EXPECT_EQ(r.out, md + "\n");
  EXPECT_EQ(r.err, "");
  EXPECT_NE(ReadFile(md).find("| ops/s | 1100 [1000–1200] |"),
            std::string::npos);
  EXPECT_TRUE(fs::exists(fs::path(run) / "comparison.json"));
  EXPECT_TRUE(fs::exists(fs::path(run) / "chart.svg"));
}

TEST_F(CliTest, ReportDefaultsToTheLatestRunOfMdbprofOut) {
  std::string run = Sqlite("20261126_120000", {1000});
  fs::create_directory_symlink("20261126_120000", tmp_.path() + "/latest");
  RunResult r = Run({"report"}, {"MDBPROF_OUT=" + tmp_.path()});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(fs::exists(fs::path(run) / "COMPARISON.md"));
}

TEST_F(CliTest, ReportOfAMissingDirectoryIsOneLineExitTwo) {
  RunResult r = Run({"report", tmp_.path() + "/none"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "mdbprof: run directory '" + tmp_.path() +
                       "/none' does not exist\n");
  EXPECT_EQ(r.out, "");
  r = Run({"report", "a", "b"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err,
            "mdbprof: report: expected at most one RUN_DIR, got 2 arguments "
            "(see mdbprof report --help)\n");
}

TEST_F(CliTest, CompareExitCodes) {
  std::string base = Sqlite("base", {1000, 1010, 1020});
  std::string same = Sqlite("same", {1005, 1012, 1018});
  std::string slow = Sqlite("slow", {800, 810, 820});
  std::string other = Sqlite("other", {1000, 1010, 1020}, /*workers=*/20);

  RunResult pass = Run({"compare", base, same});
  EXPECT_EQ(pass.exit_code, 0) << pass.out << pass.err;
  EXPECT_EQ(pass.out.rfind("mdbprof compare: PASS: 0 regressions", 0), 0u)
      << pass.out;

  RunResult fail = Run({"compare", base, slow});
  EXPECT_EQ(fail.exit_code, 1) << fail.out << fail.err;
  EXPECT_NE(fail.out.find("ops_per_sec"), std::string::npos);
  EXPECT_NE(fail.out.find("regressed"), std::string::npos);

  RunResult incomparable = Run({"compare", base, other});
  EXPECT_EQ(incomparable.exit_code, 2);
  EXPECT_EQ(incomparable.err,
            "mdbprof: INCOMPARABLE: sqlite: incomparable runs: workers: 10 vs "
            "20\n");

  RunResult missing = Run({"compare", base, tmp_.path() + "/gone"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_EQ(missing.err, "mdbprof: HEAD: '" + tmp_.path() +
                             "/gone' does not exist (expected a run "
                             "directory or a comparison.json)\n");
  EXPECT_EQ(missing.out, "");
}

// The exit codes a CI script relies on, each through the real binary: a run
// against itself (0), a budget exceeded in HEAD (1), BASE missing or a run
// directory without results (2).
TEST_F(CliTest, CompareExitCodesOfTheGate) {
  std::string base = Sqlite("base", {1000, 1010, 1020});
  RunResult itself = Run({"compare", base, base});
  EXPECT_EQ(itself.exit_code, 0) << itself.out << itself.err;
  EXPECT_EQ(itself.out.rfind("mdbprof compare: PASS: 0 regressions", 0), 0u)
      << itself.out;

  std::vector<results::RunMetrics> reps;
  for (double o : {1000, 1010, 1020})
    reps.push_back(SampleMetrics("sqlite", o));
  ASSERT_FALSE(reps[2].budgets.verdicts.empty());
  results::Verdict& v = reps[2].budgets.verdicts[0];
  v.passed = false;
  v.actual = 3;
  v.message = "errors: 3 > 0 (budgets/sqlite.json)";
  const std::string over = tmp_.path() + "/over";
  WriteBackend(over, "sqlite", reps);
  RunResult budget = Run({"compare", base, over});
  EXPECT_EQ(budget.exit_code, 1) << budget.out << budget.err;
  EXPECT_NE(budget.out.find("1 budget exceeded"), std::string::npos)
      << budget.out;

  RunResult no_base = Run({"compare", tmp_.path() + "/gone", base});
  EXPECT_EQ(no_base.exit_code, 2);
  EXPECT_EQ(no_base.err.rfind("mdbprof: BASE: '", 0), 0u) << no_base.err;

  const std::string empty = tmp_.path() + "/empty/sqlite";
  fs::create_directories(empty);  // a backend directory without results
  RunResult no_results = Run({"compare", base, tmp_.path() + "/empty"});
  EXPECT_EQ(no_results.exit_code, 2) << no_results.out;
  EXPECT_EQ(no_results.err.rfind("mdbprof: HEAD: ", 0), 0u) << no_results.err;
  EXPECT_EQ(no_results.out, "");
}

TEST_F(CliTest, CompareOutputFormats) {
  std::string base = Sqlite("base", {1000, 1010, 1020});
  std::string slow = Sqlite("slow", {800, 810, 820});
  RunResult md = Run({"compare", "--markdown", base, slow});
  EXPECT_EQ(md.exit_code, 1);
  EXPECT_EQ(md.out.rfind("### ❌ mdbprof compare — FAIL", 0), 0u) << md.out;
  RunResult json = Run({"compare", base, slow, "--json"});
  EXPECT_EQ(json.exit_code, 1);
  nlohmann::json j = nlohmann::json::parse(json.out, nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << json.out;
  EXPECT_EQ(j["exit_code"], 1);
  EXPECT_EQ(j["outcome"], "fail");
  // A larger minimum effect turns the 20% drop into a pass.
  RunResult lenient = Run({"compare", "--min-effect=0.25", base, slow});
  EXPECT_EQ(lenient.exit_code, 0) << lenient.out;
}

TEST_F(CliTest, CompareBadArgumentsAreOneLineExitTwo) {
  std::string base = Sqlite("base", {1000});
  struct Case {
    std::vector<std::string> args;
    std::string err;
  };
  for (const Case& c : std::vector<Case>{
           {{"compare", base},
            "mdbprof: compare: expected BASE and HEAD, got 1 arguments (see "
            "mdbprof compare --help)\n"},
           {{"compare", "--alpha=2", base, base},
            "mdbprof: --alpha must be a number in (0, 1), got \"2\"\n"},
           {{"compare", "--min-effect=lots", base, base},
            "mdbprof: --min-effect must be a number in [0, 1], got \"lots\"\n"},
           {{"compare", "--markdown=yes", base, base},
            "mdbprof: compare: flag --markdown takes no value\n"},
           {{"compare", "--markdown", "--json", base, base},
            "mdbprof: compare: --markdown and --json exclude each other\n"},
           {{"compare", "--ignore=colour", base, base},
            "mdbprof: --ignore: unknown fingerprint field \"colour\" (see "
            "mdbprof compare --help)\n"},
           {{"compare", "--frobnicate", base, base},
            "mdbprof: compare: unknown flag --frobnicate\n"},
       }) {
    RunResult r = Run(c.args);
    EXPECT_EQ(r.exit_code, 2) << c.args[1];
    EXPECT_EQ(r.err, c.err);
  }
}

TEST_F(CliTest, HelpExitsZero) {
  for (const char* command : {"report", "compare"}) {
    RunResult r = Run({command, "--help"});
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_EQ(r.out.rfind(std::string("usage: mdbprof ") + command, 0), 0u);
  }
  RunResult list = Run({"--help"});
  EXPECT_NE(list.out.find("  report "), std::string::npos);
  EXPECT_NE(list.out.find("  compare "), std::string::npos);
}

}  // namespace
}  // namespace mdbprof::report
