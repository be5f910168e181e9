#include "bench/run_readme.h"

#include <string>

#include "gtest/gtest.h"
#include "results/run_metrics.h"

namespace mdbprof::bench {
namespace {

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

results::RunMetrics Metrics() {
  results::RunMetrics m;
  m.config.backend = "sqlite";
  m.config.server_binary = "/usr/bin/refserver";
  m.config.server_version = "1.2.3";
  m.config.server_kind = "refserver";
  m.config.workers = 10;
  m.config.cores = 2;
  m.config.alloc_sample_rate = 1;
  m.timestamp = "2026-12-08T01:00:00Z";
  m.duration_s = 30;
  m.total_ops = 3000;
  m.writes = 2700;
  m.reads = 300;
  m.ops_per_sec = 100;
  m.alloc_bytes_per_op = 2500;
  m.server_rss_max_bytes = 3 * 1024 * 1024;
  return m;
}

TEST(RenderRunReadme, StatesTheRunAndItsKeyNumbers) {
  const results::RunMetrics m = Metrics();
  const std::string text = RenderRunReadme({.dir = "profiles/latest/sqlite",
                                            .metrics = &m,
                                            .warmup_s = 2,
                                            .cpu_profile_s = 10});
  EXPECT_EQ(text.rfind("# Profile of the sqlite backend\n\n", 0), 0u) << text;
  EXPECT_TRUE(Has(text,
                  "Run at 2026-12-08T01:00:00Z against "
                  "`/usr/bin/refserver` (version 1.2.3, server kind "
                  "refserver), 10 workers, 30 s measured after a 2 s "
                  "warm-up, 2 cores, allocation sampling rate 1 (every "
                  "allocation: exact counts).\n"))
      << text;
  EXPECT_TRUE(Has(text, "| operations (ok) | 3000 (2700 writes, 300 reads) |"))
      << text;
  EXPECT_TRUE(Has(text, "| throughput | 100 ops/s |")) << text;
  EXPECT_TRUE(Has(text, "| server peak RSS | 3 MiB |")) << text;
  EXPECT_TRUE(Has(text, "| `cpu.prof` | CPU profile, 10 s in the middle"))
      << text;
  EXPECT_TRUE(Has(text, "mdbprof top profiles/latest/sqlite/cpu.prof\n"))
      << text;
  EXPECT_TRUE(Has(text, "## Budgets\n\nNot evaluated.")) << text;
  EXPECT_FALSE(Has(text, "## Problems")) << "no notes, no section";
}

TEST(RenderRunReadme, UnmeasuredValuesSaySo) {
  results::RunMetrics m = Metrics();
  m.server_rss_max_bytes = results::kNotMeasured;
  m.goroutines_before = results::kNotMeasured;
  m.cpu_us_per_op = results::kNaN;
  m.config.alloc_sample_rate = 524288;
  const std::string text = RenderRunReadme({.dir = "d", .metrics = &m});
  EXPECT_TRUE(Has(text, "| server peak RSS | not measured |")) << text;
  EXPECT_TRUE(Has(text, "| threads before / after | not measured / ")) << text;
  EXPECT_TRUE(Has(text, "| CPU per op (server / db / total) | not measured"))
      << text;
  EXPECT_TRUE(Has(text, "rate 524288 bytes (as the profile shows)")) << text;
}

TEST(RenderRunReadme, ListsProblemsEnvironmentAndRepetition) {
  const results::RunMetrics m = Metrics();
  ReadmeInputs in{.dir = "d", .metrics = &m, .repetition = 2, .repetitions = 3};
  in.notes = {"cpu.prof: GET http://127.0.0.1:1/debug/pprof/profile: HTTP 500"};
  in.server_env = {"set `GODEBUG=memprofilerate=1` (allocation sampling rate)"};
  in.server_kind_reason = "detected from the binary's name";
  const std::string text = RenderRunReadme(in);
  EXPECT_TRUE(Has(text, "; repetition 2 of 3.\n")) << text;
  EXPECT_TRUE(Has(text,
                  "server kind refserver, detected from the binary's "
                  "name)"))
      << text;
  EXPECT_TRUE(Has(text,
                  "## Problems\n\n- cpu.prof: GET "
                  "http://127.0.0.1:1/debug/pprof/profile: HTTP 500\n"))
      << text;
  EXPECT_TRUE(Has(text, "## Server environment\n")) << text;
  EXPECT_TRUE(Has(text,
                  "- set `GODEBUG=memprofilerate=1` (allocation "
                  "sampling rate)\n"))
      << text;
}

TEST(RenderRunReadme, AttachModeHasNoServerLogAndSaysWhatIsNotMeasured) {
  const results::RunMetrics m = Metrics();
  ReadmeInputs in{.dir = "d", .metrics = &m};
  in.attached_url = "http://db.example:8080";
  in.not_local_reason = "the server is not on this machine";
  const std::string text = RenderRunReadme(in);
  EXPECT_TRUE(Has(text,
                  "Attach mode: the server was already running at "
                  "http://db.example:8080;"))
      << text;
  EXPECT_TRUE(Has(text,
                  "CPU per op and peak RSS are not measured: the server "
                  "is not on this machine. "))
      << text;
  EXPECT_FALSE(Has(text, "| `server.log` |")) << text;

  const std::string launched = RenderRunReadme({.dir = "d", .metrics = &m});
  EXPECT_TRUE(Has(launched, "| `server.log` | the server's stdout and stderr"))
      << launched;
  EXPECT_FALSE(Has(launched, "Attach mode")) << launched;
}

}  // namespace
}  // namespace mdbprof::bench
