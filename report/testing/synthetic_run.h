// Synthetic run directories for the report's tests (not for production
// code): RunMetrics written with results::WriteRunMetricsFile and small
// allocs/CPU profiles built with pprof::testing::ProfileBuilder, in the
// layout of bench/run_dir.h.
//
//   TempDir tmp;
//   RunMetrics m = SampleMetrics("sqlite", 1000);
//   WriteRepetition(tmp.path() + "/run/sqlite", m, /*with_profiles=*/true);
//   WriteBackend(tmp.path() + "/run", "pebble", {m1, m2, m3});  // repetitions
#ifndef MDBPROF_REPORT_TESTING_SYNTHETIC_RUN_H_
#define MDBPROF_REPORT_TESTING_SYNTHETIC_RUN_H_

#include <string>
#include <vector>

#include "results/run_metrics.h"

namespace mdbprof::report::testing {

// A fresh directory under /tmp, removed with everything in it on
// destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// A repetition's metrics with every catalog metric measured (as the suite
// writes them for the reference server), throughput `ops_per_sec` and p99
// `p99_ms`; db CPU is NaN for embedded backends (sqlite, pebble), as the
// suite leaves it. One passing budget verdict ("errors" <= 0). The
// backend's order and (for pebble) its files are recorded as the suite
// records them.
results::RunMetrics SampleMetrics(const std::string& backend,
                                  double ops_per_sec, double p99_ms = 5);

// Writes `metrics` as <dir>/load-test-results.json (creating `dir`), plus,
// when `with_profiles`, allocs-before/after.prof and cpu.prof, and the
// backend files of `metrics.config.extra_files` that hold a metric. Aborts the
// test on I/O errors.
void WriteRepetition(const std::string& dir, const results::RunMetrics& metrics,
                     bool with_profiles);

// <run>/<backend>/ for one element, else <run>/<backend>/repetitions/<k>/
// (and the last repetition's files in <run>/<backend>/, as the suite does).
void WriteBackend(const std::string& run, const std::string& backend,
                  const std::vector<results::RunMetrics>& repetitions,
                  bool with_profiles = true);

// The contents of a file ("" when it cannot be read).
std::string ReadFile(const std::string& path);
void WriteFile(const std::string& path, const std::string& text);

}  // namespace mdbprof::report::testing

#endif  // MDBPROF_REPORT_TESTING_SYNTHETIC_RUN_H_
