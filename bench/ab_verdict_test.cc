// JudgeAbRun on synthetic A/B run directories: the exit codes of the gate,
// the A/B budget rule, completeness, and the files it writes.
#include "bench/ab_verdict.h"

#include <filesystem>
#include <vector>

#include "bench/ab_schedule.h"
#include "gtest/gtest.h"
#include "report/testing/synthetic_run.h"

namespace mdbprof::bench {
namespace {

namespace fs = std::filesystem;
using report::testing::ReadFile;
using report::testing::SampleMetrics;
using report::testing::TempDir;
using report::testing::WriteBackend;

class AbVerdictTest : public ::testing::Test {
 protected:
  AbVerdictTest() {
    config_.backends = {"sqlite"};
    config_.repetitions = 3;
  }
  static std::vector<results::RunMetrics> Reps(std::vector<double> ops) {
    std::vector<results::RunMetrics> reps;
    for (double o : ops) reps.push_back(SampleMetrics("sqlite", o));
    return reps;
  }
  // Fails repetitions [0, n) of `reps` on their first budget limit.
  static void BreakBudget(std::vector<results::RunMetrics>* reps, int n) {
    for (int i = 0; i < n; ++i) {
      results::Verdict& v = (*reps)[i].budgets.verdicts.at(0);
      v.passed = false;
      v.actual = 2;
      v.message = "errors: 2 > 0";
    }
  }
  void Write(AbSide side, const std::vector<results::RunMetrics>& reps) {
    WriteBackend(AbSideDir(tmp_.path(), side), "sqlite", reps,
                 /*with_profiles=*/false);
  }
  AbVerdict Judge() { return JudgeAbRun(tmp_.path(), config_); }

  TempDir tmp_;
  BenchConfig config_;
};

TEST_F(AbVerdictTest, EqualSidesPassAndTheVerdictIsWritten) {
  Write(AbSide::kBase, Reps({1000, 1010, 1020}));
  Write(AbSide::kHead, Reps({1005, 1012, 1018}));
  AbVerdict v = Judge();
  EXPECT_EQ(v.exit_code, 0) << v.text;
  EXPECT_EQ(v.text.rfind("mdbprof compare: PASS", 0), 0u) << v.text;
  EXPECT_EQ(ReadFile(tmp_.path() + "/compare.txt"), v.text);
  EXPECT_NE(ReadFile(tmp_.path() + "/compare.md").find("PASS"),
            std::string::npos);
  EXPECT_NE(ReadFile(tmp_.path() + "/compare.json").find("\"exit_code\": 0"),
            std::string::npos);
}

TEST_F(AbVerdictTest, ASeparatedRegressionFails) {
  Write(AbSide::kBase, Reps({1000, 1010, 1020}));
  Write(AbSide::kHead, Reps({800, 810, 820}));
  AbVerdict v = Judge();
  EXPECT_EQ(v.exit_code, 1) << v.text;
  EXPECT_NE(v.text.find("ops_per_sec"), std::string::npos) << v.text;
}

TEST_F(AbVerdictTest, ADifferentServerVersionIsComparable) {
  Write(AbSide::kBase, Reps({1000, 1010, 1020}));
  std::vector<results::RunMetrics> head = Reps({1000, 1010, 1020});
  for (results::RunMetrics& m : head) m.config.server_version = "0.2.0";
  Write(AbSide::kHead, head);
  EXPECT_EQ(Judge().exit_code, 0);
  for (results::RunMetrics& m : head) m.config.workers = 20;
  Write(AbSide::kHead, head);
  AbVerdict v = Judge();
  EXPECT_EQ(v.exit_code, 2) << v.text;
  EXPECT_NE(v.text.find("workers: 10 vs 20"), std::string::npos) << v.text;
}

TEST_F(AbVerdictTest, ABudgetFailsOnlyWhenHeadAlwaysAndBaseNeverExceedIt) {
  std::vector<results::RunMetrics> base = Reps({1000, 1010, 1020});
  std::vector<results::RunMetrics> head = Reps({1000, 1010, 1020});
  BreakBudget(&head, 3);
  Write(AbSide::kBase, base);
  Write(AbSide::kHead, head);
  AbVerdict broke = Judge();
  EXPECT_EQ(broke.exit_code, 1) << broke.text;
  EXPECT_NE(broke.text.find("budget exceeded in HEAD: sqlite errors"),
            std::string::npos)
      << broke.text;

  BreakBudget(&base, 1);  // exceeded before the change too
  Write(AbSide::kBase, base);
  AbVerdict both = Judge();
  EXPECT_EQ(both.exit_code, 0) << both.text;
  EXPECT_NE(both.text.find("exceeded in 3 of 3 HEAD and 1 of 3 BASE "
                           "repetitions: not judged"),
            std::string::npos)
      << both.text;

  base = Reps({1000, 1010, 1020});
  head = Reps({1000, 1010, 1020});
  BreakBudget(&head, 2);  // now and then: noise
  Write(AbSide::kBase, base);
  Write(AbSide::kHead, head);
  EXPECT_EQ(Judge().exit_code, 0);
}

TEST_F(AbVerdictTest, MissingRepetitionsFailTheGate) {
  Write(AbSide::kBase, Reps({1000, 1010, 1020}));
  Write(AbSide::kHead, Reps({1000, 1010}));
  AbVerdict v = Judge();
  EXPECT_EQ(v.exit_code, 1) << v.text;
  EXPECT_EQ(v.text.rfind("A/B run INCOMPLETE (fails the gate):\n"
                         "  sqlite: measured 3 base and 2 head repetitions "
                         "of 3 each\n",
                         0),
            0u)
      << v.text;
}

TEST_F(AbVerdictTest, AMissingSideIsExit2) {
  Write(AbSide::kBase, Reps({1000, 1010, 1020}));
  AbVerdict v = Judge();
  EXPECT_EQ(v.exit_code, 2);
  EXPECT_EQ(v.text.rfind("profile_bench: A/B verdict: HEAD: ", 0), 0u)
      << v.text;
}

}  // namespace
}  // namespace mdbprof::bench
