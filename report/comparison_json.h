// Comparison: the summary of one run directory that the report renders and
// `mdbprof compare` compares — per backend the fingerprint, every metric of
// ReportMetrics() over the repetitions (values, median, min, max) and the
// budget verdicts — and its JSON form, `comparison.json`.
//
//   Result<RunSet> run = LoadRunSet(dir);
//   Result<Comparison> c = BuildComparison(*run, context);
//   WriteTextFile(dir + "/comparison.json", ToJson(*c).dump(2));
//   Result<Comparison> back = ReadComparisonFile(dir + "/comparison.json");
#ifndef MDBPROF_REPORT_COMPARISON_JSON_H_
#define MDBPROF_REPORT_COMPARISON_JSON_H_

#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "nlohmann/json.hpp"
#include "report/fingerprint.h"
#include "report/metric_series.h"
#include "report/run_set.h"

namespace mdbprof::report {

inline constexpr char kComparisonFormat[] = "mdbprof-comparison-1";

// Facts about the report's making that the run directory does not hold.
struct ReportContext {
  std::string generated;  // ISO-8601 UTC time the report was made
  // Memory of the machine (the runs do not record it); nullopt = unknown.
  std::optional<int64_t> memory_bytes;
  std::string memory_source;  // where memory_bytes came from
  // Function names as the profiles hold them, not ReadableName()'s.
  bool full_names = false;
};

struct MachineInfo {
  int cores = 0;  // as the runs recorded it (config.cores)
  std::optional<int64_t> memory_bytes;
  std::string memory_source;
};

// One budget limit over the repetitions of a backend.
struct VerdictSummary {
  std::string metric;  // as results::Verdict
  std::string limit;
  double limit_value = std::numeric_limits<double>::quiet_NaN();
  std::vector<std::optional<double>> actual;  // per evaluating repetition
  int failed = 0;                             // repetitions that failed it
  std::vector<std::string> messages;          // of the failed repetitions

  bool passed() const { return failed == 0; }
};

struct BackendSummary {
  std::string name;
  std::string dir;                           // RUN/<backend>
  std::vector<std::string> repetition_dirs;  // by repetition
  Fingerprint fingerprint;
  std::string server_binary;
  std::string server_url;  // attach mode's "http://HOST:PORT"; "" launched
  std::vector<std::string> timestamps;  // per repetition
  // Every ReportMetrics() name -> its series (one value per repetition).
  std::map<std::string, MetricSeries, std::less<>> metrics;
  std::string budgets_file;  // "" = no budget was evaluated
  std::vector<VerdictSummary> verdicts;
  std::vector<std::string> notes;  // files that could not be used, and why
  // Metric -> the backend's file that holds it, as the runs declared them
  // (config.extra_files); none for a backend that writes no such file.
  std::map<std::string, std::string, std::less<>> metric_files;

  int repetitions() const { return static_cast<int>(repetition_dirs.size()); }
  bool BudgetsPassed() const;
  // The series of `metric`, or nullptr when the summary does not have it.
  const MetricSeries* Metric(std::string_view metric) const;
};

struct Comparison {
  std::string run_dir;
  std::string generated;
  MachineInfo machine;
  std::vector<BackendSummary> backends;
  std::vector<SkippedDir> skipped;

  const BackendSummary* Backend(std::string_view name) const;
};

// Summarizes `run`. Verdicts of the repetitions are matched by metric and
// limit. Error (from FingerprintOf) when a backend's repetitions ran with
// different configurations.
Result<Comparison> BuildComparison(const RunSet& run,
                                   const ReportContext& context);

nlohmann::json ToJson(const Comparison& comparison);

// Reads the JSON form; medians and ranges are recomputed from the values.
// Errors name the key path; metrics the reader does not know are ignored.
Result<Comparison> ComparisonFromJson(const nlohmann::json& json);

// ComparisonFromJson of a file; errors are prefixed with `path`.
Result<Comparison> ReadComparisonFile(const std::string& path);

}  // namespace mdbprof::report

#endif  // MDBPROF_REPORT_COMPARISON_JSON_H_
