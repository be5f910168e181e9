#include "report/compare.h"

#include <gtest/gtest.h>

#include "report/compare_format.h"
#include "report/compare_input.h"
#include "report/report_writer.h"
#include "report/testing/synthetic_run.h"

namespace mdbprof::report {
namespace {

using testing::SampleMetrics;
using testing::TempDir;
using testing::WriteBackend;
using testing::WriteFile;

std::vector<results::RunMetrics> Reps(std::vector<double> ops,
                                      int64_t sample_rate = 524288) {
  std::vector<results::RunMetrics> reps;
  for (double o : ops) {
    reps.push_back(SampleMetrics("sqlite", o));
    reps.back().config.alloc_sample_rate = sample_rate;
  }
  return reps;
}

class CompareTest : public ::testing::Test {
 protected:
  // Writes a run of sqlite with the given repetitions under `name`.
  std::string Run(const std::string& name,
                  const std::vector<results::RunMetrics>& reps) {
    std::string dir = tmp_.path() + "/" + name;
    WriteBackend(dir, "sqlite", reps, /*with_profiles=*/false);
    return dir;
  }

  Comparison Load(const std::string& path) {
    Result<Comparison> c = LoadCompareInput(path, context_);
    EXPECT_TRUE(c.ok()) << c.status().message();
    return c.ok() ? *c : Comparison{};
  }

  CompareResult CompareDirs(const std::string& base, const std::string& head,
                            const CompareOptions& options = {}) {
    return Compare(Load(base), Load(head), options);
  }

  static const MetricChange& Change(const CompareResult& r,
                                    const std::string& metric) {
    for (const MetricChange& c : r.changes) {
      if (c.metric == metric) return c;
    }
    ADD_FAILURE() << "no change for " << metric;
    static MetricChange none;
    return none;
  }

  TempDir tmp_;
  ReportContext context_{"2026-11-26T13:00:00Z", std::nullopt, ""};
};

TEST_F(CompareTest, RunAgainstItselfPasses) {
  std::string run = Run("base", Reps({1000, 1010, 1020}));
  CompareResult r = CompareDirs(run, run);
  EXPECT_EQ(r.outcome, Outcome::kPass);
  EXPECT_EQ(ExitCode(r.outcome), 0);
  EXPECT_EQ(r.Summary(),
            "PASS: 0 regressions, 0 budgets exceeded, 0 improved, 0 untested");
  const MetricChange& ops = Change(r, "ops_per_sec");
  EXPECT_EQ(ops.status, ChangeStatus::kSame);
  EXPECT_EQ(*ops.change, 0);
  EXPECT_EQ(ops.reason, "within the min effect of 5.0%");
}

TEST_F(CompareTest, ClearRegressionWithThreeRepetitionsFails) {
  std::string base = Run("base", Reps({1000, 1010, 1020}));
  std::string head = Run("head", Reps({800, 810, 820}));
  CompareResult r = CompareDirs(base, head);
  EXPECT_EQ(r.outcome, Outcome::kFail);
  EXPECT_EQ(ExitCode(r.outcome), 1);
  EXPECT_EQ(r.Summary().rfind("FAIL: ", 0), 0u) << r.Summary();
  const MetricChange& ops = Change(r, "ops_per_sec");
  EXPECT_EQ(ops.status, ChangeStatus::kRegressed);
  EXPECT_NEAR(*ops.change, -0.198, 1e-3);
  EXPECT_DOUBLE_EQ(*ops.p_value, 0.05);  // exact: 1 of 20 arrangements
  EXPECT_EQ(ops.method, "exact");
  EXPECT_EQ(ops.reason,
            "worse by 19.8% (min effect 5.0%), p = 0.05 <= alpha 0.05");
  // Latency did not move.
  EXPECT_EQ(Change(r, "latency_p99_ms").status, ChangeStatus::kSame);
  std::string md = FormatCompareMarkdown(r);
  EXPECT_NE(md.find("### ❌ mdbprof compare — FAIL: "), std::string::npos);
  EXPECT_NE(md.find("| sqlite | `ops_per_sec` | 1010 (n=3) | 810 (n=3) | "
                    "-19.8% | 0.05 | ❌ regressed |"),
            std::string::npos)
      << md;
  nlohmann::json j = CompareResultToJson(r);
  EXPECT_EQ(j["exit_code"], 1);
  EXPECT_EQ(j["outcome"], "fail");
}

TEST_F(CompareTest, ShiftBelowTheMinimumEffectPasses) {
  std::string base = Run("base", Reps({1000, 1010, 1020}));
  std::string head = Run("head", Reps({970, 975, 980}));  // -3.5%
  CompareResult r = CompareDirs(base, head);
  EXPECT_EQ(r.outcome, Outcome::kPass) << r.Summary();
  const MetricChange& ops = Change(r, "ops_per_sec");
  EXPECT_EQ(ops.status, ChangeStatus::kSame);
  EXPECT_EQ(ops.reason, "within the min effect of 5.0%");
  EXPECT_FALSE(ops.p_value);
}

TEST_F(CompareTest, BudgetsFileOverridesTheMinimumEffect) {
  std::string base = Run("base", Reps({1000, 1010, 1020}));
  std::string head = Run("head", Reps({970, 975, 980}));
  WriteFile(tmp_.path() + "/sqlite.json",
            R"({"metrics": {"errors": {"max": 0}},
                "min_effect": {"ops_per_sec": 0.01}})");
  std::vector<std::string> notes;
  Result<MinEffects> m = MinEffectsFor(Load(head), tmp_.path(), &notes);
  ASSERT_TRUE(m.ok()) << m.status().message();
  CompareOptions options;
  options.min_effects = *m;
  CompareResult r = CompareDirs(base, head, options);
  EXPECT_EQ(r.outcome, Outcome::kFail);
  EXPECT_EQ(Change(r, "ops_per_sec").status, ChangeStatus::kRegressed);
  EXPECT_EQ(Change(r, "ops_per_sec").min_effect, 0.01);
  EXPECT_EQ(Change(r, "latency_p99_ms").min_effect, 0.05);
}

TEST_F(CompareTest, MalformedMinEffectNamesFileAndKey) {
  WriteFile(tmp_.path() + "/b.json", R"({"min_effect": {"ops_per_sec": -1}})");
  Result<std::map<std::string, double>> m =
      LoadMinEffects(tmp_.path() + "/b.json");
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().message(),
            tmp_.path() +
                "/b.json: min_effect.ops_per_sec: expected a fraction >= 0 "
                "(0.1 = 10%), got -1");
  WriteFile(tmp_.path() + "/c.json", R"({"min_effect": {"opps": 0.1}})");
  m = LoadMinEffects(tmp_.path() + "/c.json");
  ASSERT_FALSE(m.ok());
  EXPECT_NE(m.status().message().find("min_effect.opps: unknown metric"),
            std::string::npos);
}

TEST_F(CompareTest, FailedBudgetInHeadFails) {
  std::string base = Run("base", Reps({1000, 1010, 1020}));
  std::vector<results::RunMetrics> reps = Reps({1000, 1010, 1020});
  results::Verdict& v = reps[1].budgets.verdicts[0];
  v.passed = false;
  v.actual = 2;
  v.message = "errors: 2 > 0 (budgets/sqlite.json)";
  std::string head = Run("head", reps);
  CompareResult r = CompareDirs(base, head);
  EXPECT_EQ(r.outcome, Outcome::kFail);
  EXPECT_EQ(r.Summary(),
            "FAIL: 0 regressions, 1 budget exceeded, 0 improved, 0 untested");
  ASSERT_EQ(r.budget_failures.size(), 1u);
  EXPECT_EQ(r.budget_failures[0].metric, "errors");
  EXPECT_EQ(r.budget_failures[0].failed, 1);
  EXPECT_EQ(r.budget_failures[0].repetitions, 3);
  EXPECT_EQ(r.budget_failures[0].message,
            "repetition 2: errors: 2 > 0 (budgets/sqlite.json)");
  EXPECT_NE(FormatCompareText(r).find(
                "budget exceeded in HEAD: sqlite errors <= 0 (1 of 3 "
                "repetitions)"),
            std::string::npos);
}

TEST_F(CompareTest, FingerprintMismatchIsIncomparable) {
  std::string base = Run("base", Reps({1000, 1010, 1020}));
  std::vector<results::RunMetrics> reps = Reps({1000, 1010, 1020});
  for (results::RunMetrics& m : reps) m.config.workers = 20;
  std::string head = Run("head", reps);
  CompareResult r = CompareDirs(base, head);
  EXPECT_EQ(r.outcome, Outcome::kInvalid);
  EXPECT_EQ(ExitCode(r.outcome), 2);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0], "sqlite: incomparable runs: workers: 10 vs 20");
  EXPECT_EQ(r.Summary(),
            "INCOMPARABLE: sqlite: incomparable runs: workers: 10 vs 20");
  EXPECT_TRUE(r.changes.empty());
  CompareOptions ignore;
  ignore.ignore_fingerprint = {"workers"};
  EXPECT_EQ(CompareDirs(base, head, ignore).outcome, Outcome::kPass);
}

TEST_F(CompareTest, MissingInputIsNotFound) {
  Result<Comparison> c = LoadCompareInput(tmp_.path() + "/gone", context_);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(c.status().message(),
            "'" + tmp_.path() +
                "/gone' does not exist (expected a run directory or a "
                "comparison.json)");
}

TEST_F(CompareTest, FewRepetitionsReportUntestedChangesButPass) {
  std::string base = Run("base", Reps({1000}));
  std::string head = Run("head", Reps({700}));
  CompareResult r = CompareDirs(base, head);
  EXPECT_EQ(r.outcome, Outcome::kPass);
  const MetricChange& ops = Change(r, "ops_per_sec");
  EXPECT_EQ(ops.status, ChangeStatus::kUntested);
  EXPECT_EQ(ops.reason,
            "worse by 30.0% (min effect 5.0%); not tested: needs 3 "
            "repetitions a side, has 1 vs 1");
}

TEST_F(CompareTest, DeterministicAllocationsAreGatedOnTheThresholdAlone) {
  std::vector<results::RunMetrics> base_reps = Reps({1000}, 1);
  std::vector<results::RunMetrics> head_reps = Reps({1000}, 1);
  head_reps[0].allocs_per_op = base_reps[0].allocs_per_op * 1.10;
  CompareResult r = CompareDirs(Run("base", base_reps), Run("head", head_reps));
  EXPECT_EQ(r.outcome, Outcome::kFail);
  const MetricChange& allocs = Change(r, "allocs_per_op");
  EXPECT_EQ(allocs.status, ChangeStatus::kRegressed);
  EXPECT_EQ(allocs.method, "deterministic");
  EXPECT_EQ(allocs.reason,
            "worse by 10.0% (min effect 5.0%), exact counts (sampling rate 1)");
}

TEST_F(CompareTest, SignificantImprovementIsReported) {
  CompareResult r = CompareDirs(Run("base", Reps({1000, 1010, 1020})),
                                Run("head", Reps({1500, 1510, 1520})));
  EXPECT_EQ(r.outcome, Outcome::kPass);
  EXPECT_EQ(Change(r, "ops_per_sec").status, ChangeStatus::kImproved);
}

TEST_F(CompareTest, OverlappingSamplesAreNotSignificant) {
  CompareResult r = CompareDirs(Run("base", Reps({1000, 800, 1020})),
                                Run("head", Reps({810, 1005, 820})));
  const MetricChange& ops = Change(r, "ops_per_sec");
  EXPECT_EQ(ops.status, ChangeStatus::kNotSignificant);
  EXPECT_GT(*ops.p_value, 0.05);
  EXPECT_EQ(r.outcome, Outcome::kPass);
}

TEST_F(CompareTest, ComparisonJsonIsAcceptedAsInput) {
  std::string base = Run("base", Reps({1000, 1010, 1020}));
  ASSERT_TRUE(WriteReport(base, context_).ok());
  std::string head = Run("head", Reps({800, 810, 820}));
  CompareResult r = CompareDirs(base + "/comparison.json", head);
  EXPECT_EQ(r.outcome, Outcome::kFail);
  EXPECT_EQ(Change(r, "ops_per_sec").status, ChangeStatus::kRegressed);
}

TEST_F(CompareTest, MetricMeasuredOnOneSideIsShownButDoesNotFail) {
  std::vector<results::RunMetrics> head_reps = Reps({1000, 1010, 1020});
  for (results::RunMetrics& m : head_reps) m.allocs_per_op = results::kNaN;
  CompareResult r = CompareDirs(Run("base", Reps({1000, 1010, 1020})),
                                Run("head", head_reps));
  EXPECT_EQ(r.outcome, Outcome::kPass);
  const MetricChange& allocs = Change(r, "allocs_per_op");
  EXPECT_EQ(allocs.status, ChangeStatus::kMissing);
  EXPECT_EQ(allocs.reason, "not measured in HEAD");
  EXPECT_NE(FormatCompareText(r).find("allocs_per_op"), std::string::npos);
  EXPECT_EQ(FormatCompareText(r).find("db_cpu_us_per_op"), std::string::npos);
}

TEST_F(CompareTest, BackendsOnOneSideAreNotes) {
  std::string base = Run("base", Reps({1000}));
  std::string head = tmp_.path() + "/head";
  WriteBackend(head, "pebble", {SampleMetrics("pebble", 900)}, false);
  CompareResult r = CompareDirs(base, head);
  EXPECT_EQ(r.outcome, Outcome::kInvalid);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0],
            "no backend in both runs (BASE: sqlite; HEAD: pebble)");
  EXPECT_EQ(r.notes.size(), 2u);
}

}  // namespace
}  // namespace mdbprof::report
