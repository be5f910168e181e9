// BackendRun::Start/Measure/Finish against an in-process fake server (canned
// Go profiles from tests/testdata/go) and a fake backend, through
// RepetitionSpec::factories: no server binary, no database.
#include "bench/backend_run.h"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/text_file.h"
#include "bench/profile_metrics.h"
#include "bench/testing/fake_profile_server.h"
#include "gtest/gtest.h"
#include "pprof/profile.h"
#include "results/load_deltas.h"
#include "results/run_layout.h"
#include "results/run_metrics.h"

namespace mdbprof::bench {
namespace {

namespace fs = std::filesystem;
using testing::FakeProfileServer;

// The file's bytes; "" when it cannot be read (the comparison then fails).
std::string ReadBytes(const std::string& path) {
  Result<std::string> bytes = ReadTextFile(path);
  return bytes.ok() ? *bytes : "";
}

std::string GoVector(const std::string& name) {
  std::string bytes =
      ReadBytes(std::string(MDBPROF_SOURCE_DIR) + "/tests/testdata/go/" + name);
  EXPECT_FALSE(bytes.empty()) << "missing test vector " << name;
  return bytes;
}

pprof::Profile Parse(const std::string& bytes) {
  Result<pprof::Profile> p = pprof::ParseProfile(bytes);
  EXPECT_TRUE(p.ok()) << p.status().message();
  return std::move(*p);
}

// The ServerUnderTest of a FakeProfileServer: local (this test process, so
// CPU and RSS come from /proc), dying on demand.
class FakeServer : public ServerUnderTest {
 public:
  FakeServer(const FakeProfileServer& http, const std::atomic<bool>* dead)
      : http_(http), dead_(dead) {}

  const std::string& host() const override { return http_.host(); }
  int port() const override { return port_; }
  const std::string& token() const override { return token_; }
  std::optional<pid_t> local_pid() const override { return getpid(); }
  std::string not_local_reason() const override { return ""; }
  std::string binary() const override { return "fake-server"; }
  std::string attached_url() const override { return ""; }
  std::string kind_name() const override { return "fake"; }
  Status CheckAlive() override {
    if (dead_->load()) return Unavailable("fake server exited (signal 9)");
    return Status::Ok();
  }
  std::string Stop() override { return ""; }

 private:
  const FakeProfileServer& http_;
  const int port_ = http_.port();
  const std::string token_;
  const std::atomic<bool>* dead_;
};

// A backend with nothing to provision that writes one extra file and whose
// database "dies" once CheckAlive has been called `die_after_checks` times.
class FakeBackend : public fixtures::Backend {
 public:
  FakeBackend(Status provision, int die_after_checks)
      : provision_(std::move(provision)), die_after_(die_after_checks) {}

  std::string name() const override { return "fake"; }
  Status Provision(const fixtures::ScratchDir& scratch) override {
    dir_ = scratch.path();
    return provision_;
  }
  fixtures::DatabaseTarget Target() const override {
    fixtures::DatabaseTarget t;
    t.dir = dir_;
    return t;
  }
  Status CheckAlive() override {
    if (die_after_ > 0 && ++checks_ >= die_after_) {
      return Unavailable("fake database exited (signal 9)");
    }
    return Status::Ok();
  }
  std::vector<fixtures::BackendFile> ExtraFiles() const override {
    return {{"fake-extra.txt", ""}};
  }
  Status WriteExtraFiles(const std::string& run_dir) override {
    std::ofstream(run_dir + "/fake-extra.txt") << "extra\n";
    return Status::Ok();
  }

 private:
  Status provision_;
  int die_after_;
  int checks_ = 0;
  std::string dir_;
};

class BackendRunTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = (fs::temp_directory_path() /
             ("backend_run_test." + std::to_string(getpid()) + "." +
              ::testing::UnitTest::GetInstance()->current_test_info()->name()))
                .string();
    fs::remove_all(root_);
    fs::create_directories(root_ + "/run");
    fs::create_directories(root_ + "/budgets");  // empty: errors-only budget
    http_.Serve("/debug/pprof/heap", {GoVector("heap.prof")});
    http_.Serve("/debug/pprof/allocs", {GoVector("allocs-before.prof"),
                                        GoVector("allocs-after.prof")});
    http_.Serve("/debug/pprof/goroutine", {GoVector("goroutine.prof")});
    http_.Serve("/debug/pprof/profile", {GoVector("cpu.prof")});
    http_.Serve("/version", {R"({"version": "fake-1.0"})"});
  }
  void TearDown() override { fs::remove_all(root_); }

  RepetitionSpec Spec(double duration_s = 0.5) {
    RepetitionSpec spec;
    spec.backend = "fake";
    spec.run_dir = root_ + "/run";
    spec.default_budget_dir = root_ + "/budgets";
    spec.config.duration_s = duration_s;
    spec.config.warmup_s = 0;
    spec.config.workers = 2;
    spec.factories.make_backend = [this](std::string_view name)
        -> Result<std::unique_ptr<fixtures::Backend>> {
      backend_name_ = std::string(name);
      return std::unique_ptr<fixtures::Backend>(
          std::make_unique<FakeBackend>(provision_, die_after_checks_));
    };
    spec.factories.start_server = [this](const fixtures::ServerOptions& o)
        -> Result<std::unique_ptr<ServerUnderTest>> {
      server_options_ = o;
      return std::unique_ptr<ServerUnderTest>(
          std::make_unique<FakeServer>(http_, &server_dead_));
    };
    return spec;
  }

  // Start(), Measure(), Finish(); the outcome.
  RepetitionOutcome Run(RepetitionSpec spec) {
    BackendRun run(std::move(spec));
    dir_ = run.dir();
    Status started = run.Start();
    EXPECT_TRUE(started.ok()) << started.message();
    if (!started.ok()) return {};
    RepetitionOutcome out = run.Measure();
    run.Finish();
    return out;
  }

  std::string File(const std::string& name) const { return dir_ + "/" + name; }

  std::string root_, dir_;
  FakeProfileServer http_;
  Status provision_ = Status::Ok();
  int die_after_checks_ = 0;  // 0: the database never dies
  std::atomic<bool> server_dead_{false};
  std::string backend_name_;
  std::optional<fixtures::ServerOptions> server_options_;
};

TEST_F(BackendRunTest, MeasureWritesEveryRunFileAndPasses) {
  RepetitionOutcome out = Run(Spec());
  EXPECT_EQ(out.state, RunState::kPassed) << out.message;
  EXPECT_TRUE(out.measured);
  EXPECT_EQ(dir_, root_ + "/run/fake");
  for (const char* file :
       {results::kHeapBeforeFile, results::kAllocsBeforeFile, results::kCpuFile,
        results::kHeapAfterFile, results::kAllocsAfterFile,
        results::kGoroutineFile, results::kRunMetricsFile,
        results::kRunReadmeFile, "fake-extra.txt"}) {
    EXPECT_TRUE(fs::exists(File(file))) << file << " not written";
  }
  EXPECT_EQ(ReadBytes(File(results::kAllocsBeforeFile)),
            GoVector("allocs-before.prof"));
  EXPECT_EQ(ReadBytes(File(results::kAllocsAfterFile)),
            GoVector("allocs-after.prof"));
  EXPECT_EQ(ReadBytes(File(results::kCpuFile)), GoVector("cpu.prof"));
  EXPECT_EQ(http_.LastQuery("/debug/pprof/profile"), "seconds=1");
  EXPECT_GT(http_.rpc_calls(), 0) << "the load ran against the fake";
}

TEST_F(BackendRunTest, ResultsFileHoldsTheMetricsOfTheProfiles) {
  RepetitionOutcome out = Run(Spec());
  ASSERT_TRUE(out.measured) << out.message;
  Result<results::RunMetrics> m =
      results::ReadRunMetricsFile(File(results::kRunMetricsFile));
  ASSERT_TRUE(m.ok()) << m.status().message();
  EXPECT_EQ(m->config.backend, "fake");
  EXPECT_EQ(m->config.server_binary, "fake-server");
  EXPECT_EQ(m->config.server_version, "fake-1.0");
  EXPECT_EQ(m->config.server_kind, "fake");
  ASSERT_GT(m->total_ops, 0);
  EXPECT_EQ(m->errors, 0);

  Result<results::AllocDelta> delta =
      results::ComputeAllocDelta(Parse(GoVector("allocs-before.prof")),
                                 Parse(GoVector("allocs-after.prof")));
  ASSERT_TRUE(delta.ok()) << delta.status().message();
  EXPECT_DOUBLE_EQ(m->alloc_bytes_per_op,
                   static_cast<double>(delta->bytes) / m->total_ops);
  EXPECT_EQ(m->alloc_samples, delta->samples);
  EXPECT_EQ(m->goroutines_before,
            GoroutineCount(Parse(GoVector("goroutine.prof"))));
  EXPECT_EQ(m->heap_growth_bytes, 0) << "the same heap profile twice";
  EXPECT_TRUE(results::IsMeasured(m->server_rss_max_bytes));
  EXPECT_FALSE(m->budgets.verdicts.empty()) << "the errors-only budget";
  EXPECT_EQ(out.metrics.total_ops, m->total_ops);
}

TEST_F(BackendRunTest, StartHandsTheServerFactoryTheBackendAndTheLog) {
  Run(Spec());
  EXPECT_EQ(backend_name_, "fake");
  ASSERT_TRUE(server_options_.has_value());
  ASSERT_TRUE(server_options_->database.has_value());
  EXPECT_FALSE(server_options_->database->dir.empty());
  EXPECT_EQ(server_options_->log_path, File(results::kServerLogFile));
}

TEST_F(BackendRunTest, FailingBeforeLoadCaptureFailsNamingTheFile) {
  http_.Fail("/debug/pprof/heap", 500);
  RepetitionOutcome out = Run(Spec());
  EXPECT_EQ(out.state, RunState::kFailed);
  EXPECT_FALSE(out.measured);
  EXPECT_EQ(out.message, "heap-before.prof: GET http://127.0.0.1:" +
                             std::to_string(http_.port()) +
                             "/debug/pprof/heap?gc=1: HTTP 500: fake failure");
  EXPECT_EQ(http_.rpc_calls(), 0) << "no load without the before profiles";
  EXPECT_FALSE(fs::exists(File(results::kRunMetricsFile)));
}

TEST_F(BackendRunTest, UndecodableAfterLoadProfileIsANamedCaptureProblem) {
  http_.Serve("/debug/pprof/allocs",
              {GoVector("allocs-before.prof"), "not a profile"});
  RepetitionOutcome out = Run(Spec());
  EXPECT_EQ(out.state, RunState::kFailed);
  EXPECT_TRUE(out.measured) << "the window itself was measured";
  EXPECT_NE(out.message.find("1 capture problem(s)"), std::string::npos)
      << out.message;
  EXPECT_NE(out.message.find("\ncapture problem: allocs-after.prof: "),
            std::string::npos)
      << out.message;
  EXPECT_TRUE(fs::exists(File(results::kRunMetricsFile)))
      << "the results are written anyway";
  EXPECT_NE(
      ReadBytes(File(results::kRunReadmeFile)).find("allocs-after.prof: "),
      std::string::npos)
      << "the README lists the problem";
}

TEST_F(BackendRunTest, FailingCpuProfileIsANamedCaptureProblem) {
  http_.Fail("/debug/pprof/profile", 503);
  RepetitionOutcome out = Run(Spec());
  EXPECT_EQ(out.state, RunState::kFailed);
  EXPECT_TRUE(out.measured);
  EXPECT_NE(out.message.find("capture problem: cpu.prof: GET "),
            std::string::npos)
      << out.message;
  EXPECT_NE(out.message.find("HTTP 503"), std::string::npos) << out.message;
  EXPECT_FALSE(fs::exists(File(results::kCpuFile)));
  EXPECT_TRUE(fs::exists(File(results::kRunMetricsFile)));
}

TEST_F(BackendRunTest, DatabaseDeathStopsTheLoadAndIsTheFailure) {
  die_after_checks_ = 3;  // the watch checks every 100 ms
  const auto start = std::chrono::steady_clock::now();
  RepetitionOutcome out = Run(Spec(/*duration_s=*/20));
  const double elapsed_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  EXPECT_EQ(out.state, RunState::kFailed);
  EXPECT_FALSE(out.measured);
  EXPECT_EQ(out.message, "fake database exited (signal 9)");
  EXPECT_LT(elapsed_s, 5) << "the load stopped early";
  EXPECT_FALSE(fs::exists(File(results::kRunMetricsFile)));
}

TEST_F(BackendRunTest, ServerDeathIsTheFailureEvenWhenCapturesFailAfterIt) {
  http_.Fail("/debug/pprof/profile", 500);
  server_dead_ = true;
  RepetitionOutcome out = Run(Spec());
  EXPECT_EQ(out.state, RunState::kFailed);
  EXPECT_EQ(out.message, "fake server exited (signal 9)");
}

TEST_F(BackendRunTest, ProvisionFailureIsStartsErrorAndNoServerStarts) {
  provision_ = Unavailable("no fake database here");
  BackendRun run(Spec());
  Status s = run.Start();
  EXPECT_EQ(s.message(), "no fake database here");
  EXPECT_FALSE(server_options_.has_value());
  run.Finish();
}

}  // namespace
}  // namespace mdbprof::bench
