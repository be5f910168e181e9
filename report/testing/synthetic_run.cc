#include "report/testing/synthetic_run.h"

#include <stdlib.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <sstream>

#include "base/text_file.h"
#include "pprof/testing/profile_builder.h"
#include "results/run_layout.h"

namespace mdbprof::report::testing {
namespace {

namespace fs = std::filesystem;
using pprof::testing::ProfileBuilder;

[[noreturn]] void Die(const std::string& what) {
  std::cerr << "synthetic_run: " << what << "\n";
  std::abort();
}

void WriteProfile(const std::string& path, ProfileBuilder& b) {
  WriteFile(path, pprof::testing::Gzip(pprof::testing::Serialize(b.proto())));
}

void WriteProfiles(const std::string& dir) {
  auto allocs = [] {
    return ProfileBuilder({{"alloc_objects", "count"},
                           {"alloc_space", "bytes"},
                           {"inuse_objects", "count"},
                           {"inuse_space", "bytes"}});
  };
  ProfileBuilder before = allocs();
  before.Add({"main", "Server::Start"}, {10, 4096, 10, 4096});
  WriteProfile(dir + "/" + results::kAllocsBeforeFile, before);
  ProfileBuilder after = allocs();
  after.Add({"main", "Server::Start"}, {10, 4096, 10, 4096});
  after.Add({"main", "HandleRpc", "json::parse"}, {300, 96000, 0, 0});
  after.Add({"main", "HandleRpc", "Store::Write", "sqlite3_step"},
            {200, 64000, 20, 6400});
  WriteProfile(dir + "/" + results::kAllocsAfterFile, after);
  ProfileBuilder cpu({{"samples", "count"}, {"cpu", "nanoseconds"}});
  cpu.SetPeriod("cpu", "nanoseconds", 10'000'000);
  cpu.Add({"main", "HandleRpc", "json::parse"}, {30, 300'000'000});
  cpu.Add({"main", "HandleRpc", "Store::Write", "sqlite3_step"},
          {50, 500'000'000});
  WriteProfile(dir + "/" + results::kCpuFile, cpu);
}

}  // namespace

TempDir::TempDir() {
  char tmpl[] = "/tmp/mdbprof_report_test.XXXXXX";
  if (mkdtemp(tmpl) == nullptr) Die("mkdtemp failed");
  path_ = tmpl;
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

results::RunMetrics SampleMetrics(const std::string& backend,
                                  double ops_per_sec, double p99_ms) {
  results::RunMetrics m;
  m.config.backend = backend;
  m.config.workers = 10;
  m.config.warmup_s = 2;
  m.config.read_every = 10;
  m.config.server_binary = "/opt/refserver";
  m.config.server_version = "0.1.0";
  m.config.alloc_sample_rate = 524288;
  m.config.cores = 2;
  // As the suite records them (fixtures/: the registry's order, the pebble
  // backend's files).
  const std::vector<std::string> order = {"sqlite", "postgres", "timescale",
                                          "pebble"};
  auto it = std::find(order.begin(), order.end(), backend);
  m.config.backend_order =
      it == order.end() ? -1 : static_cast<int>(it - order.begin());
  if (backend == "pebble") {
    m.config.extra_files = {{"pebble-disk-usage.txt", "disk_usage_bytes"},
                            {"pebble-namespace-count.txt", "namespace_count"}};
  }
  m.timestamp = "2026-11-26T12:00:00Z";
  m.duration_s = 30;
  m.total_ops = static_cast<int64_t>(ops_per_sec * 30);
  m.reads = m.total_ops / 10;
  m.writes = m.total_ops - m.reads;
  m.errors = 0;
  m.ops_per_sec = ops_per_sec;
  m.error_rate = 0;
  for (results::LatencySummary* l : {&m.all, &m.write, &m.read}) {
    l->p50_ms = p99_ms / 5;
    l->p90_ms = p99_ms / 2;
    l->p99_ms = p99_ms;
    l->p999_ms = p99_ms * 2;
    l->max_ms = p99_ms * 4;
    l->avg_ms = p99_ms / 4;
  }
  m.alloc_bytes_per_op = 5300;
  m.allocs_per_op = 16.7;
  m.alloc_samples = 500;
  m.cpu_us_per_op = 250;
  const bool embedded = backend == "sqlite" || backend == "pebble";
  m.db_cpu_us_per_op = embedded ? results::kNaN : 120;
  m.total_cpu_us_per_op = embedded ? 250 : 370;
  m.heap_inuse_after_bytes = 8 << 20;
  m.heap_growth_bytes = 1 << 20;
  m.goroutines_before = 12;
  m.goroutines_after = 14;
  m.server_rss_max_bytes = 64 << 20;
  m.budgets.file = "/src/budgets/" + backend + ".json";
  results::Verdict errors;
  errors.metric = "errors";
  errors.limit = "<= 0";
  errors.limit_value = 0;
  errors.actual = 0;
  errors.passed = true;
  m.budgets.verdicts.push_back(errors);
  return m;
}

void WriteRepetition(const std::string& dir, const results::RunMetrics& m,
                     bool with_profiles) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) Die("cannot create " + dir);
  Status s =
      results::WriteRunMetricsFile(dir + "/" + results::kRunMetricsFile, m);
  if (!s.ok()) Die(s.message());
  WriteFile(dir + "/" + results::kServerLogFile, "listening\n");
  if (with_profiles) WriteProfiles(dir);
  for (const results::BackendFileRecord& f : m.config.extra_files) {
    if (f.metric == "disk_usage_bytes") {
      WriteFile(dir + "/" + f.name, "4.0K\tdefault\n12M\tns-load\n");
    } else if (f.metric == "namespace_count") {
      WriteFile(dir + "/" + f.name, "2\n");
    }
  }
}

void WriteBackend(const std::string& run, const std::string& backend,
                  const std::vector<results::RunMetrics>& repetitions,
                  bool with_profiles) {
  const std::string dir = run + "/" + backend;
  if (repetitions.size() == 1) {
    WriteRepetition(dir, repetitions[0], with_profiles);
    return;
  }
  for (size_t k = 1; k <= repetitions.size(); ++k) {
    WriteRepetition(dir + "/repetitions/" + std::to_string(k),
                    repetitions[k - 1], with_profiles);
  }
  WriteRepetition(dir, repetitions.back(), with_profiles);
}

std::string ReadFile(const std::string& path) {
  Result<std::string> text = ReadTextFile(path);
  return text.ok() ? *text : "";
}

void WriteFile(const std::string& path, const std::string& text) {
  if (Status s = WriteTextFile(path, text); !s.ok()) Die(s.message());
}

}  // namespace mdbprof::report::testing
