// `mdbprof check` on a saved run built from the Go test vectors (real
// allocation and CPU profiles) and a metrics file written by results/.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "results/run_metrics.h"
#include "tools/command.h"

namespace mdbprof::tools {
namespace {

namespace fs = std::filesystem;

const fs::path kVectors =
    fs::path(MDBPROF_SOURCE_DIR) / "tests" / "testdata" / "go";

struct Output {
  int code;
  std::string out, err;
};

Output Check(const std::vector<std::string>& args) {
  std::vector<std::string> argv = {"check"};
  argv.insert(argv.end(), args.begin(), args.end());
  std::ostringstream out, err;
  int code = RunMain(argv, out, err);
  return {code, out.str(), err.str()};
}

class CheckCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/mdbprof_check_test.XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    run_ = dir_ / "run";
    backend_ = run_ / "sqlite";
    fs::create_directories(backend_);
    for (const char* name :
         {"allocs-before.prof", "allocs-after.prof", "cpu.prof"}) {
      fs::copy_file(kVectors / name, backend_ / name);
    }
    results::RunMetrics m;
    m.config.backend = "sqlite";
    m.timestamp = "2026-11-26T12:00:00Z";
    m.duration_s = 2;
    m.total_ops = 1000;
    m.writes = 500;
    m.reads = 500;
    m.errors = 0;
    m.ops_per_sec = 500;
    m.all.avg_ms = 1.5;
    ASSERT_TRUE(results::WriteRunMetricsFile(
                    (backend_ / "load-test-results.json").string(), m)
                    .ok());
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Budget(const std::string& name, const std::string& json) {
    std::string path = (dir_ / name).string();
    std::ofstream(path) << json;
    return path;
  }

  fs::path dir_, run_, backend_;
};

TEST_F(CheckCommandTest, PassesWithinBudgets) {
  // allocPhase2: 10000 x 256 B between the two allocs profiles = 2560 B/op
  // over 1000 ops; spinA is about 38% of the CPU profile.
  std::string budget = Budget("ok.json", R"({"metrics": {"errors": {"max": 0},
      "ops_per_sec": {"min": 400}},
    "functions": [
      {"match": "allocPhase2", "sample": "alloc_space", "max_per_op": 2560},
      {"match": "allocPhase2", "sample": "alloc_objects", "max_per_op": 10},
      {"match": "spinA", "sample": "cpu", "max_share": 0.5}]})");
  Output r = Check({run_.string(), budget});
  EXPECT_EQ(r.code, 0) << r.out << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_NE(
      r.out.find("sqlite (" + backend_.string() + "): " + budget + ": PASS"),
      std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("PASS  /allocPhase2/ alloc_space per op"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("every budget holds (1 backend)"), std::string::npos);
}

TEST_F(CheckCommandTest, FunctionLimitOnTheAllocDeltaFailsListingFunctions) {
  // The allocs-before profile already holds allocSmall/allocMedium/
  // allocLarge: in the delta only allocPhase2 (and the profile writing)
  // remain, so /alloc/ matches allocPhase2 alone.
  std::string budget = Budget("tight.json", R"({"functions": [
      {"match": "^main\\.alloc", "sample": "alloc_space", "max_per_op": 2000},
      {"match": "spinA", "sample": "cpu", "max_share": 0.1}]})");
  Output r = Check({backend_.string(), budget});
  EXPECT_EQ(r.code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("budget exceeded: /^main\\.alloc/ alloc_space per op\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("actual: 2560 (+28.0%): 2.44MB alloc_space over 1000 "
                       "operations"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("main.allocPhase2"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("main.allocSmall"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("budget exceeded: /spinA/ cpu share"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("main.spinA"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("check: 1 of 1 backends exceeded a budget"),
            std::string::npos);
}

TEST_F(CheckCommandTest, MissingProfileFailsTheLimitsThatNeedIt) {
  fs::remove(backend_ / "cpu.prof");
  std::string budget = Budget("cpu.json", R"({"functions": [
      {"match": "spinA", "sample": "cpu", "max_share": 0.9}]})");
  Output r = Check({run_.string(), budget});
  EXPECT_EQ(r.code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("note: cpu.prof: not found"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("no cpu profile was given"), std::string::npos) << r.out;
}

TEST_F(CheckCommandTest, BudgetDirectoryIsLookedUpByBackend) {
  fs::create_directories(dir_ / "budgets");
  Budget("budgets/sqlite.json", R"({"metrics": {"errors": {"max": 0}}})");
  Output r = Check({run_.string(), (dir_ / "budgets").string()});
  EXPECT_EQ(r.code, 0) << r.out << r.err;
  fs::remove(dir_ / "budgets" / "sqlite.json");
  r = Check({run_.string(), (dir_ / "budgets").string()});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("no budget file for backend sqlite"), std::string::npos)
      << r.err;
}

TEST_F(CheckCommandTest, BadInputExitsTwoWithOneLine) {
  std::string ok = Budget("ok.json", R"({"metrics": {"errors": {"max": 0}}})");
  std::string bad = Budget("bad.json", R"({"metrics": {"errors": 3}})");
  std::ofstream((backend_ / "corrupt.prof").string()) << "not a profile";
  struct Case {
    std::vector<std::string> args;
    std::string error;
  } cases[] = {
      {{}, "expected RUN_DIR and BUDGETS, got 0 arguments"},
      {{run_.string()}, "expected RUN_DIR and BUDGETS, got 1 arguments"},
      {{run_.string(), ok, "x"}, "got 3 arguments"},
      {{"--frob", run_.string(), ok}, "unknown flag --frob"},
      {{(dir_ / "nope").string(), ok}, "does not exist"},
      {{dir_.string(), ok}, "no backend results in"},
      {{run_.string(), (dir_ / "nope.json").string()}, "does not exist"},
      {{run_.string(), bad}, "metrics.errors: expected an object"},
  };
  for (const Case& c : cases) {
    Output r = Check(c.args);
    EXPECT_EQ(r.code, 2) << r.out;
    EXPECT_EQ(r.err.rfind("mdbprof: check: ", 0), 0u) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_NE(r.err.find(c.error), std::string::npos) << r.err;
  }
  // A profile that exists but does not decode is bad input, not a failure.
  fs::rename(backend_ / "corrupt.prof", backend_ / "cpu.prof");
  Output r = Check({run_.string(), ok});
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.err.find("cpu.prof"), std::string::npos) << r.err;
}

TEST_F(CheckCommandTest, HelpDescribesArgumentsAndExitCodes) {
  Output r = Check({"--help"});
  EXPECT_EQ(r.code, 0);
  EXPECT_NE(r.out.find("usage: mdbprof check RUN_DIR BUDGETS"),
            std::string::npos);
  EXPECT_NE(r.out.find("Exit codes: 0"), std::string::npos);
}

}  // namespace
}  // namespace mdbprof::tools
