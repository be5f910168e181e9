// profile_bench against the real reference server: a complete run
// directory, a budget that fails, and a server that dies during the load.
#include <signal.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <thread>

#include "bench/profile_bench_test_util.h"
#include "fixtures/scratch_dir.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "pprof/profile.h"

namespace mdbprof::bench {
namespace {

namespace fs = std::filesystem;
using testing::BenchRun;
using testing::RunProfileBench;

class ProfileBenchIntegrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<fixtures::ScratchDir> dir =
        fixtures::ScratchDir::Create("profile-bench-integration");
    ASSERT_TRUE(dir.ok()) << dir.status().message();
    scratch_.emplace(std::move(*dir));
    lenient_budget_ =
        Write("lenient.json", R"({"metrics": {"errors": {"max": 0}}})");
  }
  std::string Path(const std::string& name) const {
    return scratch_->path() + "/" + name;
  }
  std::string Write(const std::string& name, const std::string& text) {
    std::ofstream(Path(name)) << text;
    return Path(name);
  }
  std::vector<std::pair<std::string, std::string>> Env(
      const std::string& duration, const std::string& budget) {
    // sqlite only: backend_budget_test covers the other backends.
    return {{"MDBPROF_OUT", Path("profiles")}, {"MDBPROF_BACKENDS", "sqlite"},
            {"MDBPROF_DURATION", duration},    {"MDBPROF_WARMUP", "1"},
            {"MDBPROF_WORKERS", "4"},          {"MDBPROF_BUDGETS", budget}};
  }

  std::optional<fixtures::ScratchDir> scratch_;
  std::string lenient_budget_;
};

double Number(const nlohmann::json& j, const char* key) {
  return j.contains(key) && j[key].is_number() ? j[key].get<double>() : -1;
}

TEST_F(ProfileBenchIntegrationTest, ARunFillsTheRunDirectory) {
  BenchRun run = RunProfileBench(scratch_->path(),
                                 {"--benchmark_out=" + Path("bench.json")},
                                 Env("3", lenient_budget_));
  ASSERT_EQ(run.exit_code, 0) << run.output;
  std::string dir = Path("profiles/latest/sqlite");
  ASSERT_TRUE(fs::is_directory(dir)) << run.output;
  for (const char* file :
       {"heap-before.prof", "allocs-before.prof", "cpu.prof", "heap-after.prof",
        "allocs-after.prof", "goroutine.prof"}) {
    Result<pprof::Profile> p = pprof::ReadProfileFile(dir + "/" + file);
    EXPECT_TRUE(p.ok()) << file << ": " << p.status().message();
  }
  EXPECT_TRUE(fs::exists(dir + "/server.log"));

  std::ifstream in(dir + "/load-test-results.json");
  nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
  ASSERT_TRUE(j.is_object()) << "load-test-results.json is not JSON";
  EXPECT_GT(Number(j, "total_ops"), 0);
  EXPECT_GT(Number(j, "ops_per_sec"), 0);
  EXPECT_EQ(Number(j, "errors"), 0);
  EXPECT_NEAR(Number(j, "duration_s"), 3, 1);
  EXPECT_GT(Number(j, "latency_p99_ms"), 0);
  EXPECT_GE(Number(j, "latency_p99_ms"), Number(j, "latency_p50_ms"));
  EXPECT_GT(Number(j, "alloc_bytes_per_op"), 0);
  EXPECT_GT(Number(j, "allocs_per_op"), 0);
  EXPECT_GT(Number(j, "alloc_samples"), 0);
  EXPECT_GT(Number(j, "cpu_us_per_op"), 0);
  EXPECT_EQ(Number(j, "db_cpu_us_per_op"), 0) << "sqlite is embedded";
  EXPECT_EQ(Number(j, "total_cpu_us_per_op"), Number(j, "cpu_us_per_op"));
  EXPECT_GT(Number(j, "heap_inuse_after_bytes"), 0);
  EXPECT_GT(Number(j, "goroutines_before"), 0);
  EXPECT_GT(Number(j, "goroutines_after"), 0);
  EXPECT_GT(Number(j, "server_rss_max_bytes"), 1 << 20);
  EXPECT_EQ(j["config"]["backend"], "sqlite");
  EXPECT_EQ(j["config"]["workers"], 4);
  ASSERT_TRUE(j["budgets"].is_object()) << j.dump(2);
  EXPECT_FALSE(j["budgets"]["verdicts"].empty());

  std::ifstream readme_in(dir + "/README.md");
  std::string readme((std::istreambuf_iterator<char>(readme_in)), {});
  EXPECT_NE(readme.find("mdbprof top " + Path("profiles")), std::string::npos)
      << readme;
  EXPECT_NE(readme.find("-base"), std::string::npos);

  std::ifstream bench_in(Path("bench.json"));
  nlohmann::json bench = nlohmann::json::parse(bench_in, nullptr, false);
  ASSERT_TRUE(bench.is_object());
  ASSERT_EQ(bench["benchmarks"].size(), 1u);
  EXPECT_GT(Number(bench["benchmarks"][0], "alloc_bytes_per_op"), 0)
      << "metrics are benchmark counters";
  EXPECT_EQ(bench["benchmarks"][0].value("time_unit", ""), "us");
  EXPECT_NEAR(Number(bench["benchmarks"][0], "real_time"),
              1e6 / Number(j, "ops_per_sec"),
              0.01 * 1e6 / Number(j, "ops_per_sec"))
      << "the iteration time is the window per operation";

  for (const char* phase :
       {"[sqlite] server up in", "[sqlite] warm-up",
        "[sqlite] capturing cpu.prof (1s)", "[sqlite] wrote "}) {
    EXPECT_NE(run.output.find(phase), std::string::npos)
        << "no '" << phase << "' line in\n"
        << run.output;
  }
}

TEST_F(ProfileBenchIntegrationTest, ATooTightBudgetFailsNamingTheMetric) {
  std::string tight =
      Write("tight.json", R"({"metrics": {"alloc_bytes_per_op": {"max": 1}}})");
  BenchRun run = RunProfileBench(scratch_->path(), {}, Env("2", tight));
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_NE(run.output.find("[sqlite] FAILED"), std::string::npos)
      << run.output;
  EXPECT_NE(run.output.find("alloc_bytes_per_op"), std::string::npos)
      << run.output;
  // The files are still written, with the failed verdict.
  std::ifstream in(Path("profiles/latest/sqlite/load-test-results.json"));
  nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
  ASSERT_TRUE(j.is_object());
  bool failed_verdict = false;
  for (const auto& v : j["budgets"]["verdicts"]) {
    if (v["metric"] == "alloc_bytes_per_op" && v["passed"] == false) {
      failed_verdict = true;
    }
  }
  EXPECT_TRUE(failed_verdict) << j["budgets"].dump(2);
}

TEST_F(ProfileBenchIntegrationTest, AServerDeathFailsWithinSeconds) {
  fixtures::ChildOptions options;
  options.argv = {MDBPROF_PROFILE_BENCH};
  options.env = Env("30", lenient_budget_);
  options.working_dir = scratch_->path();
  options.log_path = Path("death.log");
  auto bench = fixtures::ChildProcess::Start(options);
  ASSERT_TRUE(bench.ok()) << bench.status().message();
  // Wait for the measured load, then kill the server.
  const std::regex up(R"(\[sqlite\] server up in \S+ \(pid (\d+))");
  pid_t server = 0;
  ASSERT_TRUE(fixtures::testing::WaitFor(
      [&] {
        std::string log = fixtures::testing::ReadFile(options.log_path);
        std::smatch m;
        if (std::regex_search(log, m, up)) server = std::stoi(m[1]);
        return server > 0 && log.find("[sqlite] load ") != std::string::npos;
      },
      std::chrono::seconds(60)))
      << fixtures::testing::ReadFile(options.log_path);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  ASSERT_EQ(kill(server, SIGKILL), 0);
  auto killed_at = std::chrono::steady_clock::now();
  Result<fixtures::ExitStatus> status =
      (*bench)->Wait(std::chrono::seconds(20));
  ASSERT_TRUE(status.ok()) << "profile_bench kept running after the death";
  EXPECT_LT(std::chrono::steady_clock::now() - killed_at,
            std::chrono::seconds(5));
  EXPECT_TRUE(status->exited);
  EXPECT_EQ(status->code, 1);
  std::string log = fixtures::testing::ReadFile(options.log_path);
  EXPECT_NE(log.find("server (pid " + std::to_string(server) +
                     ") killed by signal 9 (SIGKILL) during the measurement"),
            std::string::npos)
      << log;
}

TEST_F(ProfileBenchIntegrationTest, RepetitionsGetTheirOwnDirectories) {
  std::vector<std::pair<std::string, std::string>> env =
      Env("1", lenient_budget_);
  for (auto& [key, value] : env) {
    if (key == "MDBPROF_WARMUP") value = "0";
  }
  env.emplace_back("MDBPROF_REPETITIONS", "2");
  BenchRun run = RunProfileBench(scratch_->path(), {}, env);
  ASSERT_EQ(run.exit_code, 0) << run.output;
  std::string dir = Path("profiles/latest/sqlite");
  for (const std::string& d :
       {dir, dir + "/repetitions/1", dir + "/repetitions/2"}) {
    EXPECT_TRUE(fs::exists(d + "/load-test-results.json")) << d;
    EXPECT_TRUE(fs::exists(d + "/cpu.prof")) << d;
  }
  EXPECT_TRUE(
      fs::equivalent(dir + "/cpu.prof", dir + "/repetitions/2/cpu.prof"))
      << "<backend>/ holds the last repetition";
  EXPECT_NE(run.output.find("[sqlite 2/2] server up"), std::string::npos)
      << run.output;
}

}  // namespace
}  // namespace mdbprof::bench
