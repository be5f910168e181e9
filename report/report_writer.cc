#include "report/report_writer.h"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "base/text_file.h"
#include "report/ab_report.h"
#include "report/comparison_markdown.h"
#include "report/flame_files.h"
#include "report/go_bench_format.h"
#include "report/run_set.h"
#include "report/svg_chart.h"
#include "report/top_functions.h"
#include "results/json_read.h"
#include "results/run_layout.h"
#include "results/run_metrics.h"

namespace mdbprof::report {
namespace {

namespace fs = std::filesystem;

std::optional<int64_t> MemTotalBytes() {
  std::ifstream in("/proc/meminfo");
  std::string key;
  int64_t kib = 0;
  std::string unit;
  while (in >> key >> kib >> unit) {
    if (key == "MemTotal:") return kib * 1024;
  }
  return std::nullopt;
}

}  // namespace

ReportContext CurrentReportContext() {
  ReportContext context;
  context.generated =
      results::FormatUtcTimestamp(std::chrono::system_clock::now());
  context.memory_bytes = MemTotalBytes();
  if (context.memory_bytes) {
    context.memory_source = "MemTotal of the machine that wrote the report";
  }
  return context;
}

Result<ReportPaths> WriteReport(const std::string& run_dir,
                                const ReportContext& context) {
  // An A/B run, named or behind $MDBPROF_OUT/latest.
  std::error_code ec;
  const fs::path latest = fs::path(run_dir) / results::kLatestLink;
  std::string ab_dir;
  if (IsAbRunDir(run_dir)) {
    ab_dir = run_dir;
  } else if (fs::is_symlink(latest, ec) && IsAbRunDir(latest.string())) {
    ab_dir = latest.string();
  }
  if (!ab_dir.empty()) {
    Result<std::string> markdown = WriteAbReport(ab_dir, context);
    if (!markdown.ok()) return markdown.status();
    return ReportPaths{*markdown, "", ""};
  }
  Result<RunSet> run = LoadRunSet(run_dir);
  if (!run.ok()) return run.status();
  Result<Comparison> comparison = BuildComparison(*run, context);
  if (!comparison.ok()) return comparison.status();
  std::vector<TopFunctions> tops;
  for (const BackendSummary& b : comparison->backends) {
    tops.push_back(LoadTopFunctions(b.repetition_dirs.back(), kTopFunctionCount,
                                    context.full_names));
    // Linked from COMPARISON.md when written.
    WriteBackendFlameGraphs(b, context.full_names);
  }
  const fs::path dir(run->dir);
  ReportPaths paths{(dir / results::kComparisonMarkdownFile).string(),
                    (dir / results::kComparisonJsonFile).string(),
                    (dir / results::kChartFile).string()};
  MDBPROF_RETURN_IF_ERROR(
      WriteTextFile(paths.json, ToJson(*comparison).dump(2) + "\n"));
  MDBPROF_RETURN_IF_ERROR(
      WriteTextFile(paths.chart, ComparisonChartSvg(*comparison)));
  MDBPROF_RETURN_IF_ERROR(WriteTextFile(
      (dir / results::kGoBenchmarkFile).string(), GoBenchmarkText(*run)));
  MDBPROF_RETURN_IF_ERROR(WriteTextFile(
      paths.markdown,
      RenderComparisonMarkdown(*comparison, tops, results::kChartFile)));
  return paths;
}

}  // namespace mdbprof::report
