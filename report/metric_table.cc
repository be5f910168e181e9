#include "report/metric_table.h"

#include <filesystem>
#include <sstream>

#include "report/backend_files.h"
#include "report/report_metrics.h"
#include "report/value_format.h"
#include "results/run_layout.h"

namespace mdbprof::report {
namespace {

namespace fs = std::filesystem;

// clang-format off
constexpr MetricRow kRows[] = {
  {"Throughput", "ops/s", "ops_per_sec", ""},
  {"", "writes/s", "writes_per_sec", ""},
  {"", "reads/s", "reads_per_sec", ""},
  {"", "operations (successful)", "total_ops", ""},
  {"", "writes", "writes", ""},
  {"", "reads", "reads", ""},
  {"", "errors", "errors", ""},
  {"", "error rate", "error_rate", ""},
  {"", "measured window (s)", "duration_s", ""},
  {"Latency, all operations (ms)", "p50", "latency_p50_ms", ""},
  {"", "p90", "latency_p90_ms", ""},
  {"", "p99", "latency_p99_ms", ""},
  {"", "p99.9", "latency_p999_ms", ""},
  {"", "max", "latency_max_ms", ""},
  {"", "mean", "avg_latency_ms", ""},
  {"Latency, writes (ms)", "p50", "write_latency_p50_ms", ""},
  {"", "p90", "write_latency_p90_ms", ""},
  {"", "p99", "write_latency_p99_ms", ""},
  {"", "p99.9", "write_latency_p999_ms", ""},
  {"", "max", "write_latency_max_ms", ""},
  {"", "mean", "write_avg_latency_ms", ""},
  {"Latency, reads (ms)", "p50", "read_latency_p50_ms", ""},
  {"", "p90", "read_latency_p90_ms", ""},
  {"", "p99", "read_latency_p99_ms", ""},
  {"", "p99.9", "read_latency_p999_ms", ""},
  {"", "max", "read_latency_max_ms", ""},
  {"", "mean", "read_avg_latency_ms", ""},
  {"CPU (µs per operation)", "server", "cpu_us_per_op", ""},
  {"", "database processes", "db_cpu_us_per_op", ""},
  {"", "total", "total_cpu_us_per_op", ""},
  {"Memory", "alloc bytes/op", "alloc_bytes_per_op", ""},
  {"", "allocs/op", "allocs_per_op", ""},
  {"", "allocation samples behind /op", "alloc_samples", ""},
  {"", "heap in use after", "heap_inuse_after_bytes", ""},
  {"", "heap growth", "heap_growth_bytes", ""},
  {"", "goroutines/threads before → after", "goroutines_before",
   "goroutines_after"},
  {"", "server RSS (max)", "server_rss_max_bytes", ""},
  {"Storage", "disk usage", "disk_usage_bytes", ""},
  {"", "namespaces", "namespace_count", ""},
};
// clang-format on

bool ProfileExists(const BackendSummary& b, const char* file) {
  std::error_code ec;
  return !b.repetition_dirs.empty() &&
         fs::exists(fs::path(b.repetition_dirs.back()) / file, ec);
}

std::string NoteAbout(const BackendSummary& b, std::string_view file) {
  for (const std::string& note : b.notes) {
    if (note.find(file) != std::string::npos) return note;
  }
  return "";
}

std::string Cell(const BackendSummary& b, std::string_view metric,
                 Footnotes* footnotes) {
  const ReportMetric* info = FindReportMetric(metric);
  const MetricSeries* s = b.Metric(metric);
  if (s == nullptr || !s->median) {
    return "—" + footnotes->Ref(WhyMissing(b, metric));
  }
  std::string cell = FormatSeries(*s, info->unit);
  if (s->MeasuredCount() < static_cast<int>(s->values.size())) {
    cell += footnotes->Ref(
        b.name + ": `" + std::string(metric) + "` measured in " +
        std::to_string(s->MeasuredCount()) + " of " +
        std::to_string(s->values.size()) +
        " repetitions; the others have null in " + results::kRunMetricsFile);
  }
  return cell;
}

}  // namespace

std::span<const MetricRow> MetricRows() { return kRows; }

std::string Footnotes::Ref(const std::string& text) {
  for (size_t i = 0; i < texts_.size(); ++i) {
    if (texts_[i] == text) return "[^" + std::to_string(i + 1) + "]";
  }
  texts_.push_back(text);
  return "[^" + std::to_string(texts_.size()) + "]";
}

std::string Footnotes::Render() const {
  std::string out;
  for (size_t i = 0; i < texts_.size(); ++i) {
    out += "[^" + std::to_string(i + 1) + "]: " + texts_[i] + "\n";
  }
  return out;
}

std::string WhyMissing(const BackendSummary& b, std::string_view metric) {
  if (IsBackendFileMetric(metric)) {
    auto file = b.metric_files.find(metric);
    if (file == b.metric_files.end()) {
      return "the " + b.name + " backend writes no file with `" +
             std::string(metric) + "` (a backend declares its files in " +
             "fixtures/)";
    }
    std::string note = NoteAbout(b, file->second);
    return !note.empty() ? "unreadable: " + note
                         : file->second + " was not written by this run";
  }
  if (metric.starts_with("read") && b.fingerprint.read_every == 0) {
    return "the mix has no reads (read_every = 0)";
  }
  if (metric.starts_with("read_") || metric.starts_with("write_")) {
    return std::string("no successful ") +
           (metric.starts_with("read") ? "reads" : "writes") +
           " were timed, so there is no latency for them";
  }
  if (!b.server_url.empty() &&
      (metric == "db_cpu_us_per_op" || metric == "total_cpu_us_per_op")) {
    return "attach mode (" + b.server_url +
           ") does not measure database CPU: the database is not the run's";
  }
  if (!b.server_url.empty() &&
      (metric == "cpu_us_per_op" || metric == "server_rss_max_bytes")) {
    return "attach mode (" + b.server_url +
           "): the server is not a local process whose /proc could be read "
           "(remote, or MDBPROF_ATTACH_PID=none); see the run's " +
           results::kRunReadmeFile;
  }
  if (metric == "db_cpu_us_per_op") {
    return "no separate database process was measured (an embedded store "
           "such as sqlite or pebble has none)";
  }
  if (metric == "alloc_bytes_per_op" || metric == "allocs_per_op" ||
      metric == "alloc_samples") {
    if (!ProfileExists(b, results::kAllocsAfterFile) ||
        !ProfileExists(b, results::kAllocsBeforeFile)) {
      return std::string(results::kAllocsBeforeFile) + " or " +
             results::kAllocsAfterFile +
             " was not captured (the server must serve /debug/pprof/allocs)";
    }
    return "the allocs profiles hold no allocation samples for the load";
  }
  if (metric.starts_with("heap_")) {
    return ProfileExists(b, results::kHeapAfterFile)
               ? "the heap profiles have no inuse_space samples"
               : std::string(results::kHeapBeforeFile) + " or " +
                     results::kHeapAfterFile + " was not captured";
  }
  if (metric.starts_with("goroutines_")) {
    return std::string("the goroutine/thread count was not captured (") +
           results::kGoroutineFile + ")";
  }
  if (metric.find("cpu") != std::string_view::npos) {
    return "CPU time of the server was not measured (/proc/<pid>/stat "
           "unreadable)";
  }
  if (metric == "server_rss_max_bytes") {
    return "the server's RSS was not sampled (/proc/<pid>/status unreadable)";
  }
  return "`" + std::string(metric) + "` is null in " +
         results::kRunMetricsFile + " (not measured in this run)";
}

std::string RenderMetricTable(const Comparison& c, Footnotes* footnotes) {
  std::ostringstream md;
  md << "| metric |";
  for (const BackendSummary& b : c.backends) {
    md << " " << b.name;
    if (b.repetitions() > 1) md << " (" << b.repetitions() << " reps)";
    md << " |";
  }
  md << "\n|---|";
  for (size_t i = 0; i < c.backends.size(); ++i) md << "--:|";
  md << "\n";
  for (const MetricRow& row : kRows) {
    if (!row.section.empty()) {
      md << "| **" << row.section << "** |";
      for (size_t i = 0; i < c.backends.size(); ++i) md << " |";
      md << "\n";
    }
    md << "| " << row.label << " |";
    for (const BackendSummary& b : c.backends) {
      std::string cell = Cell(b, row.metric, footnotes);
      if (!row.after_metric.empty()) {
        cell += " → " + Cell(b, row.after_metric, footnotes);
      }
      md << " " << cell << " |";
    }
    md << "\n";
  }
  return md.str();
}

}  // namespace mdbprof::report
