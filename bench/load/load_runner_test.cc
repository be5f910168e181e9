#include "bench/load/load_runner.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <regex>
#include <sstream>
#include <string>
#include <thread>

#include "bench/load/fake_rpc_server.h"

namespace mdbprof::bench {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

constexpr char kToken[] = "ns_ZGVmYXVsdA_test";

LoadConfig ConfigFor(const FakeRpcServer& server, int workers,
                     double duration_s) {
  LoadConfig config;
  config.port = server.port();
  config.token = kToken;
  config.workers = workers;
  config.duration_s = duration_s;
  config.progress_interval_s = 0;
  config.request_timeout_s = 5;
  return config;
}

TEST(RunLoad, WritesAndReadsInANineToOneMix) {
  FakeRpcServer server({.token = kToken});
  Result<LoadResult> r = RunLoad(ConfigFor(server, 3, 0.5));
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(server.malformed(), 0) << server.first_problem();
  EXPECT_EQ(server.unauthorized(), 0);
  EXPECT_EQ(r->errors(), 0);
  EXPECT_TRUE(r->errors_by_reason.empty());
  EXPECT_GT(r->total_ops(), 100);
  EXPECT_EQ(r->writes.ok, server.writes());
  EXPECT_EQ(r->reads.ok, server.reads());
  // Per worker, op n is a read iff (n + 1) % 10 == 0: over all workers
  // reads*9 <= writes <= reads*9 + 9*workers.
  EXPECT_GE(r->writes.ok, r->reads.ok * 9);
  EXPECT_LE(r->writes.ok, r->reads.ok * 9 + 27);
  EXPECT_EQ(r->all.Count(), r->total_ops());
  EXPECT_EQ(r->writes.latency.Count(), r->writes.ok);
  EXPECT_EQ(r->reads.latency.Count(), r->reads.ok);
  EXPECT_GT(r->all.ValueAtPercentile(50), 0);
  EXPECT_GE(r->elapsed_s, 0.5);
  EXPECT_LT(r->elapsed_s, 2.0);
  // One keep-alive connection per worker, on both sides.
  EXPECT_EQ(r->connections, 3);
  EXPECT_EQ(server.connections(), 3u);
  EXPECT_GT(r->client_cpu_s, 0);
}

TEST(RunLoad, CountsErrorsByReason) {
  FakeRpcServer server(
      {.token = kToken, .conflict_stream = 3, .fail_reads = true});
  Result<LoadResult> r = RunLoad(ConfigFor(server, 2, 0.4));
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(server.malformed(), 0) << server.first_problem();
  ASSERT_GT(server.conflicts(), 0);
  ASSERT_GT(server.read_failures(), 0);
  EXPECT_EQ(r->errors_by_reason.at("409 STREAM_VERSION_CONFLICT"),
            server.conflicts());
  EXPECT_EQ(r->errors_by_reason.at("500 BACKEND_ERROR"),
            server.read_failures());
  EXPECT_EQ(r->errors_by_reason.size(), 2u);
  EXPECT_EQ(r->writes.errors, server.conflicts());
  EXPECT_EQ(r->reads.errors, server.read_failures());
  EXPECT_EQ(r->reads.ok, 0);
  EXPECT_EQ(r->errors(), server.conflicts() + server.read_failures());
  EXPECT_EQ(r->all.Count(), r->writes.ok);  // failures carry no latency
}

TEST(RunLoad, WrongTokenIsCountedAsAuthError) {
  FakeRpcServer server({.token = "right"});
  LoadConfig config = ConfigFor(server, 1, 0.2);
  config.token = "wrong";
  Result<LoadResult> r = RunLoad(config);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->errors(), r->total_ops());
  EXPECT_EQ(r->errors_by_reason.at("401 AUTH_INVALID_TOKEN"), r->errors());
}

TEST(RunLoad, DeadServerGivesConnectErrorsWithoutSpinning) {
  int port;
  {
    FakeRpcServer server({});
    port = server.port();
  }
  LoadConfig config;
  config.port = port;
  config.workers = 2;
  config.duration_s = 0.3;
  config.progress_interval_s = 0;
  Result<LoadResult> r = RunLoad(config);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_GT(r->errors(), 0);
  EXPECT_EQ(r->errors_by_reason.at("connect: Connection refused"), r->errors());
  // 10 ms back-off after each transport error: ~30 per worker, not millions.
  EXPECT_LE(r->errors(), 2 * 40);
}

TEST(RunLoad, StopEndsTheWindowEarly) {
  FakeRpcServer server({.token = kToken});
  std::atomic<bool> stop{false};
  std::thread stopper([&stop] {
    std::this_thread::sleep_for(milliseconds(300));
    stop = true;
  });
  const auto start = steady_clock::now();
  Result<LoadResult> r = RunLoad(ConfigFor(server, 4, 30), &stop);
  const double took =
      std::chrono::duration<double>(steady_clock::now() - start).count();
  stopper.join();
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_LT(took, 2.0);
  EXPECT_LT(r->elapsed_s, 2.0);
  EXPECT_GT(r->total_ops(), 0);
}

TEST(RunLoad, OpenLoopSendsAtTheConfiguredRate) {
  FakeRpcServer server({.token = kToken});
  LoadConfig config = ConfigFor(server, 2, 1.0);
  config.open_loop_rate = 200;  // 100/s per worker for 1 s
  Result<LoadResult> r = RunLoad(config);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_GE(r->total_ops(), 190);  // late wake-ups at the end may drop one
  EXPECT_LE(r->total_ops(), 201);
  EXPECT_EQ(r->errors(), 0);
}

TEST(RunLoad, OpenLoopLatencyCountsFromTheIntendedSendTime) {
  // The server needs 20 ms per request but is asked for one every 10 ms:
  // requests queue up, and each one's latency includes its wait.
  FakeRpcServer server({.token = kToken, .delay_ms = 20});
  LoadConfig config = ConfigFor(server, 1, 0.6);
  config.open_loop_rate = 100;
  Result<LoadResult> open = RunLoad(config);
  ASSERT_TRUE(open.ok()) << open.status().message();
  config.open_loop_rate = 0;
  Result<LoadResult> closed = RunLoad(config);
  ASSERT_TRUE(closed.ok()) << closed.status().message();
  // Op k is meant to start at 10k ms but cannot finish before 20(k+1) ms,
  // so open-loop latencies grow: the last one is at least 10k + 20 ms.
  const int64_t ops = open->total_ops();
  ASSERT_GE(ops, 5);
  const double ms = 1e6 * (1 - LatencyHistogram::kRelativePrecision);
  EXPECT_GE(open->all.Max(), (10 * (ops - 1) + 20) * ms);
  EXPECT_GE(open->all.Min(), 20 * ms);
  // Closed loop only sees the service time, measured from the actual send.
  EXPECT_GE(closed->all.Min(), 20 * ms);
  EXPECT_LT(closed->all.ValueAtPercentile(50), open->all.ValueAtPercentile(50));
}

TEST(RunLoad, PrintsProgressLines) {
  FakeRpcServer server({.token = kToken});
  LoadConfig config = ConfigFor(server, 2, 0.75);
  config.progress_interval_s = 0.2;
  config.progress_label = "unit";
  testing::internal::CaptureStderr();
  Result<LoadResult> r = RunLoad(config);
  const std::string err = testing::internal::GetCapturedStderr();
  ASSERT_TRUE(r.ok()) << r.status().message();
  const std::regex line(
      R"(\[unit\] \d+\.\ds/0\.75s  ops=\d+  ops/s=\d+  errors=0  )"
      R"(p99=\d+(\.\d)?(us|ms|s))");
  std::istringstream in(err);
  int lines = 0;
  for (std::string l; std::getline(in, l);) {
    EXPECT_TRUE(std::regex_match(l, line)) << "unexpected line: " << l;
    ++lines;
  }
  // Ticks at 0.2, 0.4 and 0.6 s (a heavily loaded machine may miss the last).
  EXPECT_GE(lines, 2) << err;
  EXPECT_LE(lines, 3) << err;
}

TEST(RunLoad, RejectsBadConfig) {
  struct Case {
    void (*mutate)(LoadConfig&);
    const char* field;
  };
  for (const Case& c : {
           Case{[](LoadConfig& x) { x.workers = 0; }, "workers"},
           Case{[](LoadConfig& x) { x.duration_s = 0; }, "duration_s"},
           Case{[](LoadConfig& x) { x.duration_s = -1; }, "duration_s"},
           Case{[](LoadConfig& x) { x.port = 0; }, "port"},
           Case{[](LoadConfig& x) { x.port = 70000; }, "port"},
           Case{[](LoadConfig& x) { x.read_every = -1; }, "read_every"},
           Case{[](LoadConfig& x) { x.stream_count = 0; }, "stream_count"},
           Case{[](LoadConfig& x) { x.open_loop_rate = -5; }, "open_loop_rate"},
           Case{[](LoadConfig& x) { x.request_timeout_s = 0; },
                "request_timeout_s"},
           Case{[](LoadConfig& x) { x.host = "no-such-host.invalid"; },
                "no-such-host.invalid"},
       }) {
    LoadConfig config;
    config.port = 8080;
    config.duration_s = 1;
    c.mutate(config);
    const auto start = steady_clock::now();
    Result<LoadResult> r = RunLoad(config);
    ASSERT_FALSE(r.ok()) << c.field;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << c.field;
    EXPECT_NE(r.status().message().find(c.field), std::string::npos)
        << r.status().message();
    EXPECT_LT(steady_clock::now() - start, std::chrono::seconds(1));
  }
}

}  // namespace
}  // namespace mdbprof::bench
