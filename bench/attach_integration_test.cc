// Attach mode end to end: the test starts a refserver itself (on sqlite, in
// a scratch dir), then runs profile_bench with MDBPROF_URL against it —
// once as a local process (CPU per op and RSS from /proc), once treated as
// remote (MDBPROF_ATTACH_PID=none: those metrics not measured, a budget on
// them fails as "not measured") — and checks the run directory and JSON.
// The server is stopped by the fixture, also when a test fails.
#include <filesystem>
#include <fstream>

#include "bench/profile_bench_test_util.h"
#include "fixtures/scratch_dir.h"
#include "fixtures/server_process.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "pprof/profile.h"

namespace mdbprof::bench {
namespace {

namespace fs = std::filesystem;
using testing::BenchRun;
using testing::RunProfileBench;

class AttachIntegrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<fixtures::ScratchDir> dir =
        fixtures::ScratchDir::Create("attach-integration");
    ASSERT_TRUE(dir.ok()) << dir.status().message();
    scratch_.emplace(std::move(*dir));
    fs::create_directories(Path("data"));
    fixtures::ServerOptions options;
    options.binary = MDBPROF_REFSERVER;
    options.args = {"--db-url", "sqlite://messages.db", "--data-dir",
                    Path("data")};
    options.log_path = Path("refserver.log");
    Result<std::unique_ptr<fixtures::ServerProcess>> server =
        fixtures::ServerProcess::Start(options);
    ASSERT_TRUE(server.ok()) << server.status().message();
    server_ = std::move(*server);
    url_ = "http://127.0.0.1:" + std::to_string(server_->port());
  }
  void TearDown() override {
    if (server_) server_->Stop();
  }
  std::string Path(const std::string& name) const {
    return scratch_->path() + "/" + name;
  }
  std::vector<std::pair<std::string, std::string>> Env() const {
    return {{"MDBPROF_URL", url_},      {"MDBPROF_BACKENDS", "sqlite"},
            {"MDBPROF_DURATION", "2"},  {"MDBPROF_WARMUP", "1"},
            {"MDBPROF_WORKERS", "4"},   {"MDBPROF_OUT", Path("profiles")},
            {"MDBPROF_SERVER", ""},     {"MDBPROF_BUDGETS", ""},
            {"MDBPROF_BASE_SERVER", ""}};
  }
  nlohmann::json Results() const {
    std::ifstream in(Path("profiles/latest/sqlite/load-test-results.json"));
    return nlohmann::json::parse(in, nullptr, false);
  }

  std::optional<fixtures::ScratchDir> scratch_;
  std::unique_ptr<fixtures::ServerProcess> server_;
  std::string url_;
};

bool IsPositive(const nlohmann::json& j, const char* key) {
  return j.contains(key) && j[key].is_number() && j[key].get<double>() > 0;
}

TEST_F(AttachIntegrationTest, ALocalServerIsProfiledWithCpuAndRss) {
  BenchRun run = RunProfileBench(scratch_->path(), {}, Env());
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(
      run.output.find("[sqlite] attached to " + url_ + " (local process " +
                      std::to_string(server_->pid())),
      std::string::npos)
      << run.output;
  EXPECT_EQ(run.output.find("server up in"), std::string::npos)
      << "attach mode launches nothing\n"
      << run.output;

  const std::string dir = Path("profiles/latest/sqlite");
  for (const char* file :
       {"heap-before.prof", "allocs-before.prof", "cpu.prof", "heap-after.prof",
        "allocs-after.prof", "goroutine.prof"}) {
    Result<pprof::Profile> p = pprof::ReadProfileFile(dir + "/" + file);
    EXPECT_TRUE(p.ok()) << file << ": " << p.status().message();
  }
  EXPECT_FALSE(fs::exists(dir + "/server.log")) << "the server is not ours";

  nlohmann::json j = Results();
  ASSERT_TRUE(j.is_object()) << "load-test-results.json is not JSON";
  EXPECT_TRUE(IsPositive(j, "total_ops")) << j.dump(2);
  EXPECT_EQ(j["errors"], 0);
  EXPECT_TRUE(IsPositive(j, "alloc_bytes_per_op")) << j.dump(2);
  EXPECT_TRUE(IsPositive(j, "cpu_us_per_op")) << j.dump(2);
  EXPECT_GT(j.value("server_rss_max_bytes", 0.0), 1 << 20) << j.dump(2);
  EXPECT_TRUE(j["db_cpu_us_per_op"].is_null()) << "not measured when attached";
  EXPECT_TRUE(j["total_cpu_us_per_op"].is_null());
  EXPECT_EQ(j["config"]["server_url"], url_);
  EXPECT_EQ(j["config"]["server_binary"],
            fs::canonical(MDBPROF_REFSERVER).string());
  EXPECT_EQ(j["config"]["backend"], "sqlite");

  std::ifstream readme_in(dir + "/README.md");
  std::string readme((std::istreambuf_iterator<char>(readme_in)), {});
  EXPECT_NE(
      readme.find("Attach mode: the server was already running at " + url_),
      std::string::npos)
      << readme;

  // The gather step makes it a complete run directory.
  BenchRun gather =
      RunProfileBench(scratch_->path(), {"--gather_latest_run"}, Env(),
                      std::chrono::seconds(60), "gather.log");
  EXPECT_EQ(gather.exit_code, 0) << gather.output;
  EXPECT_TRUE(fs::exists(Path("profiles/latest/COMPARISON.md")))
      << gather.output;

  EXPECT_TRUE(server_->process().IsAlive()) << "attach mode left it running";
}

TEST_F(AttachIntegrationTest, ARemoteServerHasNoCpuOrRssAndABudgetOnThemFails) {
  std::ofstream(Path("budget.json"))
      << R"({"metrics": {"errors": {"max": 0},)"
      << R"( "cpu_us_per_op": {"max": 1000000}}})";
  std::vector<std::pair<std::string, std::string>> env = Env();
  env.emplace_back("MDBPROF_ATTACH_PID", "none");
  for (auto& [key, value] : env) {
    if (key == "MDBPROF_BUDGETS") value = Path("budget.json");
  }
  BenchRun run = RunProfileBench(scratch_->path(), {}, env);
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_NE(run.output.find("CPU per op and RSS not measured"),
            std::string::npos)
      << run.output;
  EXPECT_NE(run.output.find("cpu_us_per_op was not measured"),
            std::string::npos)
      << run.output;

  nlohmann::json j = Results();
  ASSERT_TRUE(j.is_object());
  EXPECT_TRUE(IsPositive(j, "total_ops")) << j.dump(2);
  EXPECT_TRUE(IsPositive(j, "alloc_bytes_per_op")) << "profiles still work";
  EXPECT_TRUE(j["cpu_us_per_op"].is_null()) << j.dump(2);
  EXPECT_TRUE(j["server_rss_max_bytes"].is_null()) << j.dump(2);
  EXPECT_TRUE(j["db_cpu_us_per_op"].is_null());
  EXPECT_EQ(j["config"]["server_binary"], url_) << "no local binary to name";
  EXPECT_TRUE(server_->process().IsAlive());
}

TEST_F(AttachIntegrationTest, AServerThatDoesNotAnswerFailsNamingTheUrl) {
  server_->Stop();
  std::vector<std::pair<std::string, std::string>> env = Env();
  env.emplace_back("MDBPROF_READY_TIMEOUT", "1");
  BenchRun run = RunProfileBench(scratch_->path(), {}, env);
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_NE(
      run.output.find("the server at " + url_ + " did not answer GET /health"),
      std::string::npos)
      << run.output;
}

}  // namespace
}  // namespace mdbprof::bench
