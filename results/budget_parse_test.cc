#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "gtest/gtest.h"
#include "results/budget.h"

namespace mdbprof::results {
namespace {

constexpr char kPath[] = "budgets/test.json";

constexpr char kExample[] = R"({
  "backend": "sqlite",
  "comment": "From 3 runs on the CI machine.",
  "metrics": {
    "errors":             {"max": 0},
    "alloc_bytes_per_op": {"max": 60000},
    "cpu_us_per_op":      {"max": 400, "tolerance": 0.25},
    "latency_p99_ms":     {"max": 50,  "tolerance": 0.5},
    "ops_per_sec":        {"min": 500, "tolerance": 0.25}
  },
  "functions": [
    {"match": "^sqlite3", "sample": "alloc_space", "max_share": 0.9},
    {"match": "nlohmann", "sample": "alloc_objects", "max_per_op": 50}
  ]
})";

TEST(ParseBudget, ReadsTheDocumentedExample) {
  Result<BudgetFile> b = ParseBudget(kExample, kPath);
  ASSERT_TRUE(b.ok()) << b.status().message();
  EXPECT_EQ(b->path, kPath);
  EXPECT_EQ(b->backend, "sqlite");
  EXPECT_EQ(b->comment, "From 3 runs on the CI machine.");
  ASSERT_EQ(b->metrics.size(), 5u);
  const MetricLimit* cpu = nullptr;
  const MetricLimit* ops = nullptr;
  for (const MetricLimit& m : b->metrics) {
    if (m.metric == "cpu_us_per_op") cpu = &m;
    if (m.metric == "ops_per_sec") ops = &m;
  }
  ASSERT_NE(cpu, nullptr);
  ASSERT_NE(ops, nullptr);
  EXPECT_EQ(cpu->max, 400);
  EXPECT_FALSE(cpu->min.has_value());
  EXPECT_EQ(cpu->tolerance, 0.25);
  EXPECT_EQ(cpu->EffectiveMax(), 500);
  EXPECT_EQ(ops->min, 500);
  EXPECT_EQ(ops->EffectiveMin(), 375);
  EXPECT_FALSE(ops->EffectiveMax().has_value());
  ASSERT_EQ(b->functions.size(), 2u);
  EXPECT_EQ(b->functions[0].match, "^sqlite3");
  EXPECT_EQ(b->functions[0].sample, "alloc_space");
  EXPECT_EQ(b->functions[0].max_share, 0.9);
  EXPECT_FALSE(b->functions[0].max_per_op.has_value());
  EXPECT_EQ(b->functions[1].max_per_op, 50);
}

TEST(ParseBudget, ReadsMinEffectForCompare) {
  Result<BudgetFile> b = ParseBudget(R"({
    "metrics": {"errors": {"max": 0}},
    "min_effect": {"latency_p99_ms": 0.15, "allocs_per_op": 0,
                   "writes_per_sec": 0.1}})",
                                     kPath);
  ASSERT_TRUE(b.ok()) << b.status().message();
  EXPECT_EQ(b->min_effect,
            (std::map<std::string, double>{{"allocs_per_op", 0},
                                           {"latency_p99_ms", 0.15},
                                           {"writes_per_sec", 0.1}}));
  Result<BudgetFile> none = ParseBudget(kExample, kPath);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->min_effect.empty());
}

TEST(MetricLimit, ToleranceWidensNegativeLimitsToo) {
  MetricLimit l;
  l.max = -100;
  l.min = -200;
  l.tolerance = 0.5;
  EXPECT_EQ(l.EffectiveMax(), -50);
  EXPECT_EQ(l.EffectiveMin(), -300);
}

struct ParseErrorCase {
  const char* text;
  const char* expected;  // after "budgets/test.json: "
};

TEST(ParseBudget, ErrorsNameFileKeyAndExpectation) {
  const ParseErrorCase cases[] = {
      {"{", "not valid JSON: parse error at line 1, column 2"},
      {"[]", "expected a JSON object at the top level, got an array"},
      {R"({"metrix": {}})",
       R"(unknown key "metrix" (expected one of: backend, comment, metrics, functions, min_effect))"},
      {R"({"metrics": {"errors": {"max": 0}}, "min_effect": 0.1})",
       "min_effect: expected an object of metric name -> fraction"},
      {R"({"metrics": {"errors": {"max": 0}},
           "min_effect": {"latency_p99_ms": "big"}})",
       R"(min_effect.latency_p99_ms: expected a number, got "big")"},
      {R"({"metrics": {"errors": {"max": 0}},
           "min_effect": {"latency_p99_ms": -0.1}})",
       "min_effect.latency_p99_ms: expected a fraction >= 0 (0.1 = 10%), got "
       "-0.1"},
      {R"({"min_effect": {"latency_p99_ms": 0.1}})",
       R"(expected at least one limit in "metrics" or "functions")"},
      {R"({"backend": 3, "metrics": {"errors": {"max": 0}}})",
       "backend: expected a string, got 3"},
      {R"({"comment": [], "metrics": {"errors": {"max": 0}}})",
       "comment: expected a string, got an array"},
      {R"({"metrics": []})",
       "metrics: expected an object of metric name -> limit, got an array"},
      {R"({"metrics": {"cpu_us_per_op": {"max": "fast"}}})",
       R"(metrics.cpu_us_per_op.max: expected a number, got "fast")"},
      {R"({"metrics": {"ops_per_sec": {"min": null}}})",
       "metrics.ops_per_sec.min: expected a number, got null"},
      {R"({"metrics": {"cpu_us_per_op": 400}})",
       "metrics.cpu_us_per_op: expected an object such as {\"max\": 100}, "
       "got 400"},
      {R"({"metrics": {"latency_p99": {"max": 5}}})",
       R"(metrics.latency_p99: unknown metric "latency_p99" (did you mean latency_p99_ms)"},
      {R"({"metrics": {"errors": {"maxx": 0}}})",
       R"(metrics.errors: unknown key "maxx" (expected one of: max, min, tolerance))"},
      {R"({"metrics": {"errors": {"tolerance": 0.1}}})",
       R"(metrics.errors: expected a "max" or "min" limit)"},
      {R"({"metrics": {"errors": {}}})",
       R"(metrics.errors: expected a "max" or "min" limit)"},
      {R"({"metrics": {"cpu_us_per_op": {"max": 400, "tolerance": -0.1}}})",
       "metrics.cpu_us_per_op.tolerance: expected a fraction >= 0 (0.25 = "
       "25%), got -0.1"},
      {R"({"metrics": {"cpu_us_per_op": {"max": 400, "tolerance": 25}}})",
       "metrics.cpu_us_per_op.tolerance: expected a fraction of at most 10"},
      {R"({"metrics": {"ops_per_sec": {"min": 400, "tolerance": 1}}})",
       "metrics.ops_per_sec.tolerance: expected a fraction below 1 with a min "
       "limit"},
      {R"({"metrics": {"ops_per_sec": {"min": 400, "max": 300}}})",
       "metrics.ops_per_sec: min (400) is greater than max (300)"},
      {R"({"metrics": {}})",
       R"(expected at least one limit in "metrics" or "functions")"},
      {R"({})", R"(expected at least one limit in "metrics" or "functions")"},
      {R"({"functions": {}})",
       "functions: expected an array of function limits, got an object"},
      {R"({"functions": ["x"]})",
       R"(functions[0]: expected an object such as)"},
      {R"({"functions": [{"sample": "cpu", "max_share": 0.5}]})",
       R"(functions[0]: missing key "match" (expected a string))"},
      {R"({"functions": [{"match": "a", "max_share": 0.5}]})",
       R"(functions[0]: missing key "sample" (expected a string))"},
      {R"({"functions": [{"match": 1, "sample": "cpu", "max_share": 0.5}]})",
       "functions[0].match: expected a string, got 1"},
      {R"({"functions": [{"match": "(", "sample": "cpu", "max_share": 0.5}]})",
       R"(functions[0].match: expected a regular expression, got "(")"},
      {R"({"functions": [{"match": "a", "sample": "", "max_share": 0.5}]})",
       R"(functions[0].sample: expected a sample type name such as "alloc_space", got "")"},
      {R"({"functions": [{"match": "a", "sample": "cpu"}]})",
       R"(functions[0]: expected a "max_share" or "max_per_op" limit)"},
      {R"({"functions": [{"match": "a", "sample": "cpu", "max_share": 1.5}]})",
       "functions[0].max_share: expected a share between 0 and 1, got 1.5"},
      {R"({"functions": [{"match": "a", "sample": "cpu", "max_per_op": -1}]})",
       "functions[0].max_per_op: expected a number >= 0, got -1"},
      {R"({"functions": [{"match": "a", "sample": "cpu", "max_per_op": "1"}]})",
       R"(functions[0].max_per_op: expected a number, got "1")"},
      {R"({"functions": [{"match": "a", "sample": "cpu", "max_share": 0.1},
                         {"match": "b", "sample": "cpu", "share": 0.1}]})",
       R"(functions[1]: unknown key "share" (expected one of: match, sample, max_share, max_per_op))"},
  };
  for (const ParseErrorCase& c : cases) {
    SCOPED_TRACE(c.text);
    Result<BudgetFile> b = ParseBudget(c.text, kPath);
    ASSERT_FALSE(b.ok());
    EXPECT_EQ(b.status().code(), StatusCode::kInvalidArgument);
    std::string expected = std::string(kPath) + ": " + c.expected;
    EXPECT_EQ(b.status().message().substr(0, expected.size()), expected)
        << "message: " << b.status().message();
  }
}

TEST(LoadBudgetFile, MissingFileIsNotFoundNamingThePath) {
  Result<BudgetFile> b = LoadBudgetFile("/nonexistent/budgets/sqlite.json");
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(b.status().code(), StatusCode::kNotFound);
  EXPECT_NE(b.status().message().find("/nonexistent/budgets/sqlite.json"),
            std::string::npos);
}

TEST(LoadBudgetFile, ReadsAFileAndNamesItInErrors) {
  std::filesystem::path dir =
      std::filesystem::temp_directory_path() /
      ("results_budget_test_" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  std::string path = (dir / "sqlite.json").string();
  std::ofstream(path) << kExample;
  Result<BudgetFile> b = LoadBudgetFile(path);
  EXPECT_TRUE(b.ok()) << b.status().message();
  if (b.ok()) {
    EXPECT_EQ(b->path, path);
  }

  std::ofstream(path) << R"({"metrics": {"errors": {"max": "none"}}})";
  b = LoadBudgetFile(path);
  std::filesystem::remove_all(dir);
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(b.status().message(),
            path + R"(: metrics.errors.max: expected a number, got "none")");
}

TEST(LoadBudgetFile, CheckedInBudgetsAreValid) {
  std::filesystem::path dir =
      std::filesystem::path(MDBPROF_SOURCE_DIR) / "budgets";
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".json") continue;
    ++files;
    Result<BudgetFile> b = LoadBudgetFile(entry.path().string());
    ASSERT_TRUE(b.ok()) << b.status().message();
    EXPECT_EQ(b->backend, entry.path().stem().string())
        << "a budget file is named after its backend";
    EXPECT_FALSE(b->comment.empty()) << entry.path() << " says how it was set";
  }
  EXPECT_GE(files, 1);
}

TEST(ErrorsOnlyBudget, LimitsErrorsToZero) {
  BudgetFile b = ErrorsOnlyBudget();
  ASSERT_EQ(b.metrics.size(), 1u);
  EXPECT_EQ(b.metrics[0].metric, "errors");
  EXPECT_EQ(b.metrics[0].max, 0);
  EXPECT_FALSE(b.metrics[0].min.has_value());
  EXPECT_TRUE(b.functions.empty());
  EXPECT_TRUE(b.backend.empty());
  EXPECT_FALSE(b.path.empty());
}

}  // namespace
}  // namespace mdbprof::results
