// RunSet: everything one profiling run directory holds, loaded for the
// comparison — every backend, every repetition (see bench/run_dir.h for the
// layout):
//
//   RUN/<backend>/load-test-results.json            one repetition
//   RUN/<backend>/repetitions/<k>/load-test-results.json   k = 1..R, R > 1
//
// plus, per repetition, the profiles next to the JSON and the backend's own
// files (the JSON's config.extra_files; those holding a metric are read,
// see backend_files.h).
//
//   Result<RunSet> run = LoadRunSet("profiles/latest");
//   if (!run.ok()) return run.status();   // names the file that is wrong
//   for (const BackendRun& b : run->backends) ...
#ifndef MDBPROF_REPORT_RUN_SET_H_
#define MDBPROF_REPORT_RUN_SET_H_

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "results/run_layout.h"
#include "results/run_metrics.h"

namespace mdbprof::report {

// One measured repetition of one backend.
struct Repetition {
  int index = 1;    // 1-based
  std::string dir;  // holds load-test-results.json and the profiles
  results::RunMetrics metrics;
  // `config.payload` of the JSON when a writer records it; "" = the original
  // load test's TestEvent payload.
  std::string payload;
  // Metric -> value of the backend files that hold one and were readable.
  std::map<std::string, double, std::less<>> file_metrics;
  // Why an optional file could not be used ("<file>: line 2: ..."); shown as
  // footnotes.
  std::vector<std::string> notes;
};

struct BackendRun {
  std::string name;                     // the directory name, e.g. "sqlite"
  std::string dir;                      // RUN/<backend>
  std::vector<Repetition> repetitions;  // by index; never empty
};

// A directory of the run that holds no measured repetition (a skipped
// backend), or a repetition directory without results.
struct SkippedDir {
  std::string dir;
  std::string reason;
};

struct RunSet {
  std::string dir;  // the run directory, absolute and normalized
  // In the suite's order as the runs recorded it (config.backend_order of
  // the first repetition), then backends without one by name.
  std::vector<BackendRun> backends;
  std::vector<SkippedDir> skipped;
};

// Loads `run_dir`. When `run_dir` has no backend directories but a `latest`
// symlink (it is $MDBPROF_OUT), the run `latest` points at is loaded.
// Errors: NotFound when the directory does not exist; InvalidArgument naming
// the file for an unreadable or malformed load-test-results.json, a backend
// whose JSON names another backend, or a run without any results.
Result<RunSet> LoadRunSet(const std::string& run_dir);

// The value of a ReportMetrics() metric in one repetition; nullopt when it
// was not measured. REQUIRES: FindReportMetric(name) != nullptr.
std::optional<double> MetricOf(const Repetition& repetition,
                               std::string_view name);

}  // namespace mdbprof::report

#endif  // MDBPROF_REPORT_RUN_SET_H_
