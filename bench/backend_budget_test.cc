// The budget self-test of every backend: its checked-in budget
// (budgets/<backend>.json) is well-formed and meant for it, and a too-tight
// budget fails a real run of that backend naming the metric, while the run
// directory is still complete (profiles, load-test-results.json with server,
// database and total CPU, the backend's extra files).
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "bench/profile_bench_test_util.h"
#include "fixtures/backend.h"
#include "fixtures/scratch_dir.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "pprof/profile.h"
#include "results/budget.h"
#include "results/run_layout.h"

namespace mdbprof::bench {
namespace {

namespace fs = std::filesystem;
using testing::BenchRun;
using testing::RunProfileBench;

// The backends whose database runs in processes of its own here (their CPU
// is database CPU); with POSTGRES_HOST set they use a remote server.
bool HasLocalDatabaseProcess(const std::string& backend) {
  const char* host = std::getenv("POSTGRES_HOST");
  const bool external = host != nullptr && *host != '\0';
  return !external && (backend == "postgres" || backend == "timescale");
}

// Files a backend writes beside the common ones, as it declares them.
std::vector<fixtures::BackendFile> ExtraFiles(const std::string& backend) {
  Result<std::unique_ptr<fixtures::Backend>> b = fixtures::MakeBackend(backend);
  return b.ok() ? (*b)->ExtraFiles() : std::vector<fixtures::BackendFile>{};
}

double Number(const nlohmann::json& j, const char* key) {
  return j.contains(key) && j[key].is_number() ? j[key].get<double>() : NAN;
}

class BackendBudgetTest : public ::testing::TestWithParam<std::string> {};

TEST_P(BackendBudgetTest, CheckedInBudgetIsWellFormedAndMeantForTheBackend) {
  const std::string path =
      std::string(MDBPROF_SOURCE_DIR) + "/budgets/" + GetParam() + ".json";
  Result<results::BudgetFile> budget = results::LoadBudgetFile(path);
  ASSERT_TRUE(budget.ok()) << budget.status().message();
  EXPECT_EQ(budget->backend, GetParam());
  EXPECT_FALSE(budget->comment.empty()) << "say how the limits were set";
  bool errors = false;
  for (const results::MetricLimit& limit : budget->metrics) {
    if (limit.metric == "errors") errors = true;
  }
  EXPECT_TRUE(errors) << path << " must limit errors";
}

TEST_P(BackendBudgetTest, ATooTightBudgetFailsTheRunNamingTheMetric) {
  const std::string backend = GetParam();
  Result<fixtures::ScratchDir> scratch =
      fixtures::ScratchDir::Create("backend-budget-test");
  ASSERT_TRUE(scratch.ok()) << scratch.status().message();
  const std::string dir = scratch->path();
  const std::string budget = dir + "/tight.json";
  std::ofstream(budget) << R"({"backend": ")" << backend << R"(", "metrics": {
      "errors": {"max": 0},
      "total_cpu_us_per_op": {"max": 0.001}}})";
  BenchRun run = RunProfileBench(dir, {},
                                 {{"MDBPROF_OUT", dir + "/profiles"},
                                  {"MDBPROF_BACKENDS", backend},
                                  {"MDBPROF_DURATION", "2"},
                                  {"MDBPROF_WARMUP", "0"},
                                  {"MDBPROF_WORKERS", "4"},
                                  {"MDBPROF_BUDGETS", budget}},
                                 std::chrono::seconds(240));
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_NE(run.output.find("[" + backend + "] FAILED"), std::string::npos)
      << run.output;
  EXPECT_NE(run.output.find("total_cpu_us_per_op"), std::string::npos)
      << run.output;
  EXPECT_EQ(run.output.find("SKIPPED"), std::string::npos)
      << "a machine set up by scripts/setup.sh runs every backend\n"
      << run.output;
  EXPECT_NE(run.output.find("[" + backend + "] database up in"),
            std::string::npos)
      << run.output;

  const std::string out = dir + "/profiles/latest/" + backend;
  for (const char* file :
       {results::kHeapBeforeFile, results::kAllocsBeforeFile, results::kCpuFile,
        results::kHeapAfterFile, results::kAllocsAfterFile,
        results::kGoroutineFile}) {
    Result<pprof::Profile> p = pprof::ReadProfileFile(out + "/" + file);
    EXPECT_TRUE(p.ok()) << file << ": " << p.status().message();
  }
  const std::vector<fixtures::BackendFile> extra = ExtraFiles(backend);
  for (const fixtures::BackendFile& file : extra) {
    EXPECT_TRUE(fs::exists(out + "/" + file.name)) << file.name;
  }
  std::ifstream in(out + "/" + results::kRunMetricsFile);
  nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
  ASSERT_TRUE(j.is_object()) << "no load-test-results.json\n" << run.output;
  EXPECT_EQ(j["config"]["backend"], backend);
  EXPECT_EQ(j["config"]["backend_order"], fixtures::BackendOrder(backend));
  EXPECT_EQ(j["config"].value("extra_files", nlohmann::json::array()).size(),
            extra.size());
  EXPECT_GT(Number(j, "total_ops"), 0);
  EXPECT_EQ(Number(j, "errors"), 0);
  const double server = Number(j, "cpu_us_per_op");
  const double db = Number(j, "db_cpu_us_per_op");
  const double total = Number(j, "total_cpu_us_per_op");
  EXPECT_GT(server, 0);
  if (HasLocalDatabaseProcess(backend)) {
    EXPECT_GT(db, 0) << "the database processes' CPU is measured";
  } else {
    EXPECT_EQ(db, 0) << "no database process of its own";
  }
  EXPECT_NEAR(total, server + db, 1e-6 * total);

  bool cpu_failed = false, errors_passed = false;
  for (const auto& v : j["budgets"]["verdicts"]) {
    if (v["metric"] == "total_cpu_us_per_op" && v["passed"] == false) {
      cpu_failed = true;
    }
    if (v["metric"] == "errors" && v["passed"] == true) errors_passed = true;
  }
  EXPECT_TRUE(cpu_failed) << j["budgets"].dump(2);
  EXPECT_TRUE(errors_passed) << j["budgets"].dump(2);
}

INSTANTIATE_TEST_SUITE_P(EveryBackend, BackendBudgetTest,
                         ::testing::ValuesIn(fixtures::KnownBackends()),
                         [](const ::testing::TestParamInfo<std::string>& p) {
                           return p.param;
                         });

}  // namespace
}  // namespace mdbprof::bench
