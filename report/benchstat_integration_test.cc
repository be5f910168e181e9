// The runs' bench.txt read by the real benchstat (golang.org/x/perf, which
// scripts/setup.sh installs into mdbprof's cache directory): two runs'
// per-op metrics side by side.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <optional>
#include <sstream>
#include <string>

#include "base/testing/run_program.h"
#include "report/report_writer.h"
#include "report/testing/synthetic_run.h"
#include "results/run_layout.h"

namespace mdbprof::report {
namespace {

namespace fs = std::filesystem;
using testing::SampleMetrics;
using testing::TempDir;
using testing::WriteBackend;

bool Executable(const std::string& path) {
  std::error_code ec;
  return !path.empty() && fs::is_regular_file(path, ec) &&
         (fs::status(path, ec).permissions() & fs::perms::owner_exec) !=
             fs::perms::none;
}

// $MDBPROF_BENCHSTAT, else <cache>/bin/benchstat (the cache directory of
// scripts/setup.sh), else benchstat on $PATH.
std::optional<std::string> FindBenchstat() {
  auto env = [](const char* name) -> std::string {
    const char* v = std::getenv(name);
    return v == nullptr ? "" : v;
  };
  if (Executable(env("MDBPROF_BENCHSTAT"))) return env("MDBPROF_BENCHSTAT");
  std::string cache = env("MDBPROF_CACHE_DIR");
  if (cache.empty() && !env("XDG_CACHE_HOME").empty()) {
    cache = env("XDG_CACHE_HOME") + "/mdbprof";
  }
  if (cache.empty() && !env("HOME").empty()) {
    cache = env("HOME") + "/.cache/mdbprof";
  }
  if (Executable(cache + "/bin/benchstat")) return cache + "/bin/benchstat";
  std::stringstream path(env("PATH"));
  for (std::string dir; std::getline(path, dir, ':');) {
    if (Executable(dir + "/benchstat")) return dir + "/benchstat";
  }
  return std::nullopt;
}

// A sqlite run of three repetitions allocating `bytes_per_op`, its report
// written (WriteReport, as `mdbprof report` does); returns its bench.txt.
std::string RunWithBenchTxt(const TempDir& tmp, const std::string& name,
                            double bytes_per_op) {
  std::vector<results::RunMetrics> reps;
  for (double ops : {1000.0, 1010.0, 990.0}) {
    reps.push_back(SampleMetrics("sqlite", ops));
    reps.back().alloc_bytes_per_op = bytes_per_op;
  }
  const std::string run = tmp.path() + "/" + name;
  WriteBackend(run, "sqlite", reps, /*with_profiles=*/false);
  Result<ReportPaths> paths = WriteReport(run, CurrentReportContext());
  EXPECT_TRUE(paths.ok()) << paths.status().message();
  return run + "/" + results::kGoBenchmarkFile;
}

TEST(Benchstat, ReadsTwoRunsAndPrintsTheirPerOpMetricsSideBySide) {
  std::optional<std::string> benchstat = FindBenchstat();
  if (!benchstat) {
    GTEST_SKIP() << "benchstat not found ($MDBPROF_BENCHSTAT, "
                    "~/.cache/mdbprof/bin, $PATH): run scripts/setup.sh";
  }
  TempDir tmp;
  const std::string base = RunWithBenchTxt(tmp, "base", 5120);
  const std::string head = RunWithBenchTxt(tmp, "head", 6144);
  mdbprof::testing::ProgramRun run =
      mdbprof::testing::RunProgram({*benchstat, base, head}, tmp.path());
  ASSERT_TRUE(run.started) << run.start_error;
  ASSERT_EQ(run.exit_code, 0) << run.err;
  // One table per unit, with a column per file; B/op holds both sides'
  // values (5 KiB and 6 KiB, as benchstat scales them).
  for (const char* unit : {"sec/op", "B/op", "allocs/op", "cpu-µs/op"}) {
    EXPECT_NE(run.out.find(unit), std::string::npos)
        << "no " << unit << " table:\n"
        << run.out;
  }
  EXPECT_NE(run.out.find("Profile/backend=sqlite-2"), std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("5.000Ki"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("6.000Ki"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("base/bench.txt"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("head/bench.txt"), std::string::npos) << run.out;
}

}  // namespace
}  // namespace mdbprof::report
