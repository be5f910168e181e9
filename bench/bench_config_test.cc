#include "bench/bench_config.h"

#include "gtest/gtest.h"

namespace mdbprof::bench {
namespace {

const std::vector<std::string> kKnown = {"sqlite", "postgres", "pebble"};

class BenchConfigTest : public ::testing::Test {
 protected:
  Result<BenchConfig> Build() {
    EnvLookup env = [this](const char* name) -> std::optional<std::string> {
      auto it = env_.find(name);
      if (it == env_.end()) return std::nullopt;
      return it->second;
    };
    return BenchConfigFromSettings(env, flags_, kKnown);
  }
  // The error message of Build(), "" if it succeeded.
  std::string Error() {
    Result<BenchConfig> c = Build();
    return c.ok() ? "" : c.status().message();
  }

  std::map<std::string, std::string> env_;
  std::map<std::string, std::string> flags_;
};

TEST_F(BenchConfigTest, DefaultsFollowTheOriginalLoadTest) {
  Result<BenchConfig> c = Build();
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->duration_s, 30);
  EXPECT_EQ(c->warmup_s, 2);
  EXPECT_EQ(c->workers, 10);
  EXPECT_EQ(c->repetitions, 1);
  EXPECT_EQ(c->read_every, 10);
  EXPECT_EQ(c->out_dir, "profiles");
  EXPECT_EQ(c->run_dir, "");
  EXPECT_EQ(c->budgets_path, "");
  EXPECT_EQ(c->backends, kKnown);
}

TEST_F(BenchConfigTest, ReadsTheEnvironment) {
  env_ = {{"MDBPROF_DURATION", "3.5"},
          {"MDBPROF_WARMUP", "0"},
          {"MDBPROF_WORKERS", "4"},
          {"MDBPROF_REPETITIONS", "3"},
          {"MDBPROF_BACKENDS", "pebble,sqlite"},
          {"MDBPROF_OUT", "/tmp/out"},
          {"MDBPROF_RUN_DIR", "/tmp/out/r"},
          {"MDBPROF_BUDGETS", "b.json"},
          {"MDBPROF_READY_TIMEOUT", "5"}};
  Result<BenchConfig> c = Build();
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->duration_s, 3.5);
  EXPECT_EQ(c->warmup_s, 0);
  EXPECT_EQ(c->workers, 4);
  EXPECT_EQ(c->repetitions, 3);
  EXPECT_EQ(c->backends, (std::vector<std::string>{"sqlite", "pebble"}))
      << "registry order";
  EXPECT_EQ(c->out_dir, "/tmp/out");
  EXPECT_EQ(c->run_dir, "/tmp/out/r");
  EXPECT_EQ(c->budgets_path, "b.json");
  EXPECT_EQ(c->ready_timeout_s, 5);
}

TEST_F(BenchConfigTest, FlagsWinOverTheEnvironment) {
  env_ = {{"MDBPROF_WORKERS", "4"}};
  flags_ = {{"workers", "7"}, {"duration", "1"}};
  Result<BenchConfig> c = Build();
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->workers, 7);
  EXPECT_EQ(c->duration_s, 1);
}

TEST_F(BenchConfigTest, ANonNumericDurationNamesTheVariableAndValue) {
  env_ = {{"MDBPROF_DURATION", "abc"}};
  EXPECT_EQ(Error(),
            "MDBPROF_DURATION='abc': expected a number of seconds > 0 (at "
            "most 86400)");
  env_ = {{"MDBPROF_DURATION", "0"}};
  EXPECT_NE(Error().find("MDBPROF_DURATION='0'"), std::string::npos);
  env_ = {{"MDBPROF_DURATION", "10s"}};
  EXPECT_NE(Error().find("MDBPROF_DURATION='10s'"), std::string::npos);
  env_ = {{"MDBPROF_DURATION", "nan"}};
  EXPECT_NE(Error().find("MDBPROF_DURATION='nan'"), std::string::npos);
}

TEST_F(BenchConfigTest, FullNamesIsASwitchOffByDefault) {
  ASSERT_TRUE(Build().ok());
  EXPECT_FALSE(Build()->full_names);
  env_ = {{"MDBPROF_FULL_NAMES", "1"}};
  EXPECT_TRUE(Build()->full_names);
  flags_ = {{"full_names", "false"}};
  EXPECT_FALSE(Build()->full_names);
  env_ = {{"MDBPROF_FULL_NAMES", "yes"}};
  flags_.clear();
  EXPECT_EQ(Error(), "MDBPROF_FULL_NAMES='yes': expected 1, true, 0 or false");
}

TEST_F(BenchConfigTest, ZeroWorkersIsRejected) {
  env_ = {{"MDBPROF_WORKERS", "0"}};
  EXPECT_EQ(Error(), "MDBPROF_WORKERS='0': expected an integer in 1..10000");
  env_ = {{"MDBPROF_WORKERS", "2.5"}};
  EXPECT_NE(Error().find("MDBPROF_WORKERS='2.5'"), std::string::npos);
  env_ = {{"MDBPROF_REPETITIONS", "-1"}};
  EXPECT_NE(Error().find("MDBPROF_REPETITIONS='-1'"), std::string::npos);
}

TEST_F(BenchConfigTest, AFlagErrorNamesTheFlag) {
  flags_ = {{"workers", "many"}};
  EXPECT_EQ(Error(), "--workers='many': expected an integer in 1..10000");
}

TEST_F(BenchConfigTest, UnknownBackendsAreRejectedWithTheKnownOnes) {
  env_ = {{"MDBPROF_BACKENDS", "sqlite,oracle"}};
  EXPECT_EQ(Error(),
            "MDBPROF_BACKENDS='sqlite,oracle': unknown backend 'oracle' "
            "(known: sqlite, postgres, pebble)");
  env_ = {{"MDBPROF_BACKENDS", ","}};
  EXPECT_NE(Error().find("MDBPROF_BACKENDS=','"), std::string::npos);
}

TEST_F(BenchConfigTest, ZeroWarmupIsAllowedButNegativeIsNot) {
  env_ = {{"MDBPROF_WARMUP", "0"}};
  EXPECT_EQ(Error(), "");
  env_ = {{"MDBPROF_WARMUP", "-1"}};
  EXPECT_NE(Error().find("MDBPROF_WARMUP='-1'"), std::string::npos);
}

TEST_F(BenchConfigTest, BaseServerMeansThreeRepetitionsPerSideUnlessSet) {
  env_ = {{"MDBPROF_BASE_SERVER", "/opt/base/refserver"}};
  Result<BenchConfig> c = Build();
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->base_server, "/opt/base/refserver");
  EXPECT_EQ(c->repetitions, kAbRepetitions);
  env_["MDBPROF_REPETITIONS"] = "5";
  flags_ = {{"base_server", "/opt/other"}};
  c = Build();
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->base_server, "/opt/other");
  EXPECT_EQ(c->repetitions, 5);
}

TEST_F(BenchConfigTest, UrlMeansAttachModeOnTheOneNamedBackend) {
  env_ = {{"MDBPROF_URL", "http://127.0.0.1:8080"},
          {"MDBPROF_BACKENDS", "pebble"}};
  Result<BenchConfig> c = Build();
  ASSERT_TRUE(c.ok()) << c.status().message();
  ASSERT_TRUE(c->url.has_value());
  EXPECT_EQ(c->url->host, "127.0.0.1");
  EXPECT_EQ(c->url->port, 8080);
  EXPECT_EQ(c->backends, (std::vector<std::string>{"pebble"}));
  EXPECT_EQ(c->attach_pid, kAttachPidByPort);
  EXPECT_EQ(c->repetitions, 1);

  env_.clear();
  flags_ = {{"url", "http://[::1]:9"},
            {"backends", "sqlite"},
            {"attach_pid", "none"}};
  c = Build();
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->url->host, "::1");
  EXPECT_EQ(c->attach_pid, kAttachPidNone);
  flags_["attach_pid"] = "4242";
  c = Build();
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->attach_pid, 4242);
  flags_["attach_pid"] = "auto";
  c = Build();
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->attach_pid, kAttachPidByPort);
}

TEST_F(BenchConfigTest, AMalformedUrlNamesTheVariableAndTheReason) {
  env_ = {{"MDBPROF_URL", "https://staging:443"},
          {"MDBPROF_BACKENDS", "sqlite"}};
  EXPECT_EQ(Error(),
            "MDBPROF_URL='https://staging:443': https is not supported: the "
            "suite speaks plain HTTP (expected http://HOST:PORT)");
  flags_ = {{"url", "http://staging"}};
  EXPECT_NE(Error().find("--url='http://staging': the port is missing"),
            std::string::npos)
      << Error();
}

TEST_F(BenchConfigTest, AttachModeNeedsExactlyOneNamedBackend) {
  env_ = {{"MDBPROF_URL", "http://127.0.0.1:8080"}};
  EXPECT_NE(Error().find("needs MDBPROF_BACKENDS (or --backends) to name the "
                         "backend the server runs on"),
            std::string::npos)
      << Error();
  env_["MDBPROF_BACKENDS"] = "sqlite,pebble";
  EXPECT_NE(Error().find("MDBPROF_BACKENDS='sqlite,pebble': attach mode "
                         "(MDBPROF_URL) profiles one running server"),
            std::string::npos)
      << Error();
}

TEST_F(BenchConfigTest, AttachModeRefusesABaseServerAndAServerBinary) {
  env_ = {{"MDBPROF_URL", "http://127.0.0.1:8080"},
          {"MDBPROF_BACKENDS", "sqlite"},
          {"MDBPROF_BASE_SERVER", "/opt/base/refserver"}};
  EXPECT_NE(Error().find("MDBPROF_URL='http://127.0.0.1:8080' (attach mode) "
                         "cannot be combined with MDBPROF_BASE_SERVER: A/B "
                         "mode launches"),
            std::string::npos)
      << Error();
  env_.erase("MDBPROF_BASE_SERVER");
  env_["MDBPROF_SERVER"] = "/opt/eventodb";
  EXPECT_NE(Error().find("cannot be combined with MDBPROF_SERVER"),
            std::string::npos)
      << Error();
}

TEST_F(BenchConfigTest, AttachPidIsValidatedAndOnlyForAttachMode) {
  env_ = {{"MDBPROF_ATTACH_PID", "none"}};
  EXPECT_EQ(Error(),
            "MDBPROF_ATTACH_PID='none': only for attach mode (MDBPROF_URL or "
            "--url)");
  env_ = {{"MDBPROF_URL", "http://127.0.0.1:8080"},
          {"MDBPROF_BACKENDS", "sqlite"},
          {"MDBPROF_ATTACH_PID", "0"}};
  EXPECT_EQ(Error(),
            "MDBPROF_ATTACH_PID='0': expected auto, none or a process id >= 1");
}

}  // namespace
}  // namespace mdbprof::bench
