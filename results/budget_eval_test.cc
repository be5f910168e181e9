#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "gtest/gtest.h"
#include "pprof/profile.h"
#include "proto/profile.pb.h"
#include "results/budget.h"

namespace mdbprof::results {
namespace {

constexpr char kPath[] = "budgets/test.json";

// A sample: the stack leaf first, and one value per sample type.
struct Stack {
  std::vector<std::string> frames;
  std::vector<int64_t> values;
};

// Builds a validated profile with one function and one location per name.
pprof::Profile MakeProfile(
    const std::vector<std::pair<std::string, std::string>>& types,
    const std::vector<Stack>& stacks) {
  perftools::profiles::Profile p;
  p.add_string_table("");
  auto intern = [&p](const std::string& s) -> int64_t {
    for (int i = 0; i < p.string_table_size(); ++i) {
      if (p.string_table(i) == s) return i;
    }
    p.add_string_table(s);
    return p.string_table_size() - 1;
  };
  for (const auto& [type, unit] : types) {
    auto* st = p.add_sample_type();
    st->set_type(intern(type));
    st->set_unit(intern(unit));
  }
  std::vector<std::string> names;
  auto id_of = [&](const std::string& name) -> uint64_t {
    for (size_t i = 0; i < names.size(); ++i) {
      if (names[i] == name) return i + 1;
    }
    names.push_back(name);
    uint64_t id = names.size();
    auto* f = p.add_function();
    f->set_id(id);
    f->set_name(intern(name));
    auto* loc = p.add_location();
    loc->set_id(id);
    loc->add_line()->set_function_id(id);
    return id;
  };
  for (const Stack& s : stacks) {
    auto* sample = p.add_sample();
    for (const std::string& frame : s.frames)
      sample->add_location_id(id_of(frame));
    for (int64_t v : s.values) sample->add_value(v);
  }
  Result<pprof::Profile> profile = pprof::Profile::FromProto(std::move(p));
  EXPECT_TRUE(profile.ok()) << profile.status().message();
  return std::move(profile).value();
}

// alloc_space total 10000 bytes: sqlite3 60%, nlohmann 30%, string 10%.
pprof::Profile AllocProfile() {
  return MakeProfile(
      {{"alloc_objects", "count"},
       {"alloc_space", "bytes"},
       {"inuse_objects", "count"},
       {"inuse_space", "bytes"}},
      {{{"sqlite3MemMalloc", "sqlite3VdbeExec", "Handle"}, {60, 6000, 6, 600}},
       {{"nlohmann::basic_json::parse", "Handle"}, {30, 3000, 3, 300}},
       {{"std::string::reserve", "Handle"}, {10, 1000, 1, 100}}});
}

// cpu total 100ms: sqlite3VdbeExec 70ms flat, Handle 30ms flat.
pprof::Profile CpuProfile() {
  return MakeProfile({{"samples", "count"}, {"cpu", "nanoseconds"}},
                     {{{"sqlite3VdbeExec", "Handle"}, {7, 70000000}},
                      {{"Handle"}, {3, 30000000}}});
}

RunMetrics Metrics() {
  RunMetrics m;
  m.config.backend = "sqlite";
  m.total_ops = 100;
  m.errors = 0;
  m.ops_per_sec = 500;
  m.cpu_us_per_op = 400;
  m.alloc_bytes_per_op = 71234.5;
  return m;
}

BudgetFile Budget(std::vector<MetricLimit> metrics,
                  std::vector<FunctionLimit> functions = {}) {
  BudgetFile b;
  b.path = kPath;
  b.backend = "sqlite";
  b.metrics = std::move(metrics);
  b.functions = std::move(functions);
  return b;
}

MetricLimit Max(const std::string& metric, double max, double tolerance = 0) {
  MetricLimit l;
  l.metric = metric;
  l.max = max;
  l.tolerance = tolerance;
  return l;
}

MetricLimit Min(const std::string& metric, double min, double tolerance = 0) {
  MetricLimit l;
  l.metric = metric;
  l.min = min;
  l.tolerance = tolerance;
  return l;
}

FunctionLimit Share(const std::string& match, const std::string& sample,
                    double max_share) {
  FunctionLimit l;
  l.match = match;
  l.sample = sample;
  l.max_share = max_share;
  return l;
}

FunctionLimit PerOp(const std::string& match, const std::string& sample,
                    double max_per_op) {
  FunctionLimit l;
  l.match = match;
  l.sample = sample;
  l.max_per_op = max_per_op;
  return l;
}

// The single verdict of evaluating `budget`.
Verdict Only(const BudgetFile& budget, const RunMetrics& m,
             const ProfileInputs& in = {}) {
  std::vector<Verdict> v = EvaluateBudgets(budget, m, in);
  EXPECT_EQ(v.size(), 1u);
  return v.empty() ? Verdict{} : v[0];
}

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(EvaluateBudgets, MaxWithTolerancePassesUpToTheEffectiveLimit) {
  BudgetFile budget = Budget({Max("cpu_us_per_op", 400, 0.25)});
  RunMetrics m = Metrics();
  for (double actual : {0.0, 400.0, 499.9, 500.0}) {
    m.cpu_us_per_op = actual;
    Verdict v = Only(budget, m);
    EXPECT_TRUE(v.passed) << actual;
    EXPECT_TRUE(v.message.empty()) << v.message;
    EXPECT_EQ(v.actual, actual);
    EXPECT_EQ(v.limit_value, 500);
    EXPECT_EQ(v.limit, "<= 500 (400 + 25%)");
  }
  for (double actual : {500.01, 600.0}) {
    m.cpu_us_per_op = actual;
    EXPECT_FALSE(Only(budget, m).passed) << actual;
  }
  m.cpu_us_per_op = 600;
  Verdict v = Only(budget, m);
  EXPECT_EQ(v.message,
            "budget exceeded: cpu_us_per_op\n"
            "  limit:  <= 500 (400 + 25%) (budgets/test.json)\n"
            "  actual: 600 (+20.0%)\n"
            "  (no cpu profile was given, so no functions to show)\n");
}

TEST(EvaluateBudgets, MaxWithoutToleranceIsExact) {
  BudgetFile budget = Budget({Max("errors", 0)});
  RunMetrics m = Metrics();
  EXPECT_TRUE(Only(budget, m).passed);
  m.errors = 1;
  Verdict v = Only(budget, m);
  EXPECT_FALSE(v.passed);
  EXPECT_EQ(v.limit, "<= 0");
  EXPECT_EQ(v.actual, 1);
}

TEST(EvaluateBudgets, MinWithToleranceFailsBelowTheEffectiveLimit) {
  BudgetFile budget = Budget({Min("ops_per_sec", 500, 0.25)});
  RunMetrics m = Metrics();
  for (double actual : {375.0, 376.0, 10000.0}) {
    m.ops_per_sec = actual;
    EXPECT_TRUE(Only(budget, m).passed) << actual;
  }
  m.ops_per_sec = 300;
  Verdict v = Only(budget, m);
  EXPECT_FALSE(v.passed);
  EXPECT_EQ(v.limit, ">= 375 (500 - 25%)");
  EXPECT_EQ(v.limit_value, 375);
  EXPECT_EQ(v.message,
            "budget not met (below the minimum): ops_per_sec\n"
            "  limit:  >= 375 (500 - 25%) (budgets/test.json)\n"
            "  actual: 300 (-20.0%)\n");
}

TEST(EvaluateBudgets, MinAndMaxGiveTwoVerdicts) {
  MetricLimit both = Max("goroutines_after", 20);
  both.min = 5;
  RunMetrics m = Metrics();
  m.goroutines_after = 25;
  std::vector<Verdict> v = EvaluateBudgets(Budget({both}), m, {});
  ASSERT_EQ(v.size(), 2u);
  EXPECT_TRUE(v[0].passed);   // >= 5
  EXPECT_FALSE(v[1].passed);  // <= 20
  EXPECT_FALSE(AllPassed(v));
}

TEST(EvaluateBudgets, UnmeasuredMetricFails) {
  RunMetrics m = Metrics();  // latency_p99_ms is NaN, rss kNotMeasured
  for (const char* metric : {"latency_p99_ms", "server_rss_max_bytes"}) {
    Verdict v = Only(Budget({Max(metric, 50, 0.5)}), m);
    EXPECT_FALSE(v.passed) << metric;
    EXPECT_TRUE(std::isnan(v.actual));
    EXPECT_EQ(v.message, std::string("budget failed: ") + metric +
                             " was not measured in this run\n"
                             "  limit:  <= 75 (50 + 50%) (budgets/test.json)\n"
                             "  actual: not measured\n");
  }
}

TEST(EvaluateBudgets, TooTightBudgetNamesMetricLimitActualAndFunctions) {
  pprof::Profile alloc = AllocProfile();
  Verdict v = Only(Budget({Max("alloc_bytes_per_op", 60000)}), Metrics(),
                   {.alloc_delta = &alloc});
  EXPECT_FALSE(v.passed);
  EXPECT_EQ(v.actual, 71234.5);
  EXPECT_TRUE(Contains(v.message,
                       "budget exceeded: alloc_bytes_per_op\n"
                       "  limit:  <= 60000 (budgets/test.json)\n"
                       "  actual: 71234.5 (+18.7%)\n"
                       "  top alloc_space functions (flat, cum):\n"))
      << v.message;
  // Functions by flat value, with flat and cum.
  size_t sqlite = v.message.find("sqlite3MemMalloc");
  size_t json = v.message.find("nlohmann::basic_json::parse");
  ASSERT_NE(sqlite, std::string::npos) << v.message;
  ASSERT_NE(json, std::string::npos) << v.message;
  EXPECT_LT(sqlite, json);
  EXPECT_TRUE(Contains(v.message, "60.00%")) << v.message;
  EXPECT_TRUE(Contains(v.message, "  100%  Handle")) << v.message;
}

TEST(EvaluateBudgets, CpuMetricFailureListsCpuFunctions) {
  pprof::Profile cpu = CpuProfile();
  Verdict v =
      Only(Budget({Max("cpu_us_per_op", 100)}), Metrics(), {.cpu = &cpu});
  EXPECT_FALSE(v.passed);
  EXPECT_TRUE(Contains(v.message, "top cpu functions (flat, cum):"))
      << v.message;
  EXPECT_TRUE(Contains(v.message, "70ms")) << v.message;
  EXPECT_LT(v.message.find("sqlite3VdbeExec"), v.message.find("Handle"));
}

TEST(EvaluateBudgets, FunctionShareAtAndAboveTheLimit) {
  pprof::Profile alloc = AllocProfile();
  ProfileInputs in{.alloc_delta = &alloc};
  // Only flat values count: sqlite3MemMalloc 6000 of 10000 bytes.
  Verdict v =
      Only(Budget({}, {Share("^sqlite3", "alloc_space", 0.6)}), Metrics(), in);
  EXPECT_TRUE(v.passed) << v.message;
  EXPECT_DOUBLE_EQ(v.actual, 0.6);
  EXPECT_EQ(v.metric, "/^sqlite3/ alloc_space share");

  v = Only(Budget({}, {Share("^sqlite3", "alloc_space", 0.5)}), Metrics(), in);
  EXPECT_FALSE(v.passed);
  EXPECT_EQ(v.limit, "<= 0.5 of total alloc_space");
  EXPECT_TRUE(Contains(v.message,
                       "budget exceeded: /^sqlite3/ alloc_space share\n"
                       "  limit:  <= 0.5 of total alloc_space "
                       "(budgets/test.json)\n"
                       "  actual: 0.6 (+20.0%): 5.86kB of 9.77kB\n"
                       "  matched alloc_space functions (flat, cum):\n"))
      << v.message;
  EXPECT_TRUE(Contains(v.message, "sqlite3MemMalloc\n")) << v.message;
  EXPECT_TRUE(Contains(v.message, "sqlite3VdbeExec\n")) << v.message;
  EXPECT_FALSE(Contains(v.message, "nlohmann")) << v.message;

  v = Only(Budget({}, {Share("^nothing_matches$", "alloc_space", 0)}),
           Metrics(), in);
  EXPECT_TRUE(v.passed);
  EXPECT_EQ(v.actual, 0);
}

TEST(EvaluateBudgets, FunctionPerOpAtAndAboveTheLimit) {
  pprof::Profile alloc = AllocProfile();
  ProfileInputs in{.alloc_delta = &alloc};
  RunMetrics m = Metrics();  // 100 ops; nlohmann: 30 objects
  Verdict v =
      Only(Budget({}, {PerOp("nlohmann", "alloc_objects", 0.3)}), m, in);
  EXPECT_TRUE(v.passed) << v.message;
  EXPECT_DOUBLE_EQ(v.actual, 0.3);

  v = Only(Budget({}, {PerOp("nlohmann", "alloc_objects", 0.25)}), m, in);
  EXPECT_FALSE(v.passed);
  EXPECT_EQ(v.metric, "/nlohmann/ alloc_objects per op");
  EXPECT_TRUE(Contains(v.message,
                       "  actual: 0.3 (+20.0%): 30 alloc_objects over 100 "
                       "operations\n"))
      << v.message;
  EXPECT_TRUE(Contains(v.message, "nlohmann::basic_json::parse")) << v.message;

  m.total_ops = 0;
  v = Only(Budget({}, {PerOp("nlohmann", "alloc_objects", 1)}), m, in);
  EXPECT_FALSE(v.passed);
  EXPECT_TRUE(Contains(v.message, "no successful operations")) << v.message;
}

TEST(EvaluateBudgets, FunctionLimitOnCpuProfile) {
  pprof::Profile cpu = CpuProfile();
  FunctionLimit both = Share("^sqlite3", "cpu", 0.5);
  both.max_per_op = 1e6;  // 0.7 ms of CPU per op at most
  std::vector<Verdict> v =
      EvaluateBudgets(Budget({}, {both}), Metrics(), {.cpu = &cpu});
  ASSERT_EQ(v.size(), 2u);
  EXPECT_FALSE(v[0].passed);
  EXPECT_DOUBLE_EQ(v[0].actual, 0.7);
  EXPECT_TRUE(Contains(v[0].message, "70ms of 100ms")) << v[0].message;
  EXPECT_TRUE(v[1].passed) << v[1].message;
  EXPECT_DOUBLE_EQ(v[1].actual, 700000);
}

TEST(EvaluateBudgets, FunctionLimitWithoutItsProfileFails) {
  pprof::Profile cpu = CpuProfile();
  Verdict v = Only(Budget({}, {Share(".", "alloc_space", 1)}), Metrics(),
                   {.cpu = &cpu});
  EXPECT_FALSE(v.passed);
  EXPECT_TRUE(Contains(v.message, "could not be checked")) << v.message;
  EXPECT_TRUE(Contains(v.message, "no alloc profile was given")) << v.message;
}

TEST(EvaluateBudgets, UnknownSampleTypeIsCheckedAgainstBothProfiles) {
  pprof::Profile alloc = AllocProfile();
  pprof::Profile cpu = CpuProfile();
  ProfileInputs in{.alloc_delta = &alloc, .cpu = &cpu};
  Verdict v = Only(Budget({}, {Share(".", "bogus", 1)}), Metrics(), in);
  EXPECT_FALSE(v.passed);
  EXPECT_TRUE(Contains(v.message,
                       "unknown sample type \"bogus\": the alloc profile has "
                       "alloc_objects, alloc_space, inuse_objects, "
                       "inuse_space; the cpu profile has samples, cpu"))
      << v.message;

  // A name outside Go's is routed to the profile that has it.
  pprof::Profile custom =
      MakeProfile({{"space", "bytes"}}, {{{"malloc_wrapper"}, {500}}});
  v = Only(Budget({}, {PerOp("malloc", "space", 5)}), Metrics(),
           {.alloc_delta = &custom, .cpu = &cpu});
  EXPECT_TRUE(v.passed) << v.message;
  EXPECT_EQ(v.actual, 5);
}

TEST(EvaluateBudgets, WrongBackendFails) {
  RunMetrics m = Metrics();
  m.config.backend = "postgres";
  std::vector<Verdict> v = EvaluateBudgets(Budget({Max("errors", 0)}), m, {});
  ASSERT_EQ(v.size(), 2u);
  EXPECT_EQ(v[0].metric, "backend");
  EXPECT_FALSE(v[0].passed);
  EXPECT_TRUE(Contains(v[0].message, "backend sqlite (budgets/test.json)"));
  EXPECT_TRUE(Contains(v[0].message, "actual: backend postgres"));
  EXPECT_TRUE(v[1].passed);
}

TEST(ErrorsOnlyBudget, PassesWithZeroErrorsFailsWithOne) {
  RunMetrics m = Metrics();
  m.config.backend = "some-foreign-server";
  EXPECT_TRUE(AllPassed(EvaluateBudgets(ErrorsOnlyBudget(), m, {})));
  m.errors = 1;
  m.errors_by_reason["http 503"] = 1;
  std::vector<Verdict> v = EvaluateBudgets(ErrorsOnlyBudget(), m, {});
  EXPECT_FALSE(AllPassed(v));
  ASSERT_EQ(v.size(), 1u);
  EXPECT_TRUE(Contains(v[0].message, "budget exceeded: errors\n"));
  EXPECT_TRUE(Contains(v[0].message, "  actual: 1\n")) << v[0].message;
  EXPECT_TRUE(Contains(v[0].message, "    1  http 503\n")) << v[0].message;
}

}  // namespace
}  // namespace mdbprof::results
