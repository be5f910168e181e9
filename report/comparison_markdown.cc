#include "report/comparison_markdown.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <functional>
#include <sstream>

#include "pprof/units.h"
#include "report/metric_table.h"
#include "report/report_metrics.h"
#include "report/value_format.h"
#include "results/load_deltas.h"
#include "results/run_layout.h"
#include "results/verdict.h"

namespace mdbprof::report {
namespace {

namespace fs = std::filesystem;

// The value if every backend has the same one, else "a: x; b: y".
std::string Uniform(
    const Comparison& c,
    const std::function<std::string(const BackendSummary&)>& f) {
  std::vector<std::string> values;
  for (const BackendSummary& b : c.backends) values.push_back(f(b));
  if (std::all_of(values.begin(), values.end(),
                  [&](const std::string& v) { return v == values.front(); })) {
    return values.empty() ? "—" : values.front();
  }
  std::string out;
  for (size_t i = 0; i < values.size(); ++i) {
    out += (i ? "; " : "") + c.backends[i].name + ": " + values[i];
  }
  return out;
}

std::string DateRange(const Comparison& c) {
  std::vector<std::string> stamps;
  for (const BackendSummary& b : c.backends) {
    for (const std::string& t : b.timestamps) {
      if (!t.empty()) stamps.push_back(t);
    }
  }
  if (stamps.empty()) return "— (the runs recorded no timestamp)";
  auto [first, last] = std::minmax_element(stamps.begin(), stamps.end());
  return *first == *last ? *first + " (UTC)"
                         : *first + " … " + *last + " (UTC)";
}

std::string Machine(const Comparison& c) {
  std::string out = std::to_string(c.machine.cores) + " cores";
  if (c.machine.memory_bytes) {
    out += ", " +
           FormatValue(static_cast<double>(*c.machine.memory_bytes), "bytes") +
           " memory";
    if (!c.machine.memory_source.empty()) {
      out += " (" + c.machine.memory_source + ")";
    }
  } else {
    out += ", memory unknown";
  }
  return out;
}

void Header(const Comparison& c, std::ostringstream& md) {
  md << "# mdbprof comparison — " << fs::path(c.run_dir).filename().string()
     << "\n\n| | |\n|---|---|\n"
     << "| run directory | `" << MarkdownCell(c.run_dir) << "` |\n"
     << "| date | " << DateRange(c) << " |\n"
     << "| measured window | "
     << Uniform(c,
                [](const BackendSummary& b) {
                  return results::FormatNumber(b.fingerprint.duration_s) +
                         " s per repetition after a " +
                         results::FormatNumber(b.fingerprint.warmup_s) +
                         " s warm-up";
                })
     << " |\n| repetitions | "
     << Uniform(c,
                [](const BackendSummary& b) {
                  return std::to_string(b.repetitions());
                })
     << " (each on a fresh server process) |\n| workers | "
     << Uniform(c,
                [](const BackendSummary& b) {
                  const Fingerprint& f = b.fingerprint;
                  std::string mix = f.read_every > 0
                                        ? "1 in " +
                                              std::to_string(f.read_every) +
                                              " operations is a read"
                                        : "writes only";
                  return std::to_string(f.workers) + "; " + mix + "; payload " +
                         MarkdownCell(f.payload);
                })
     << " |\n| machine | " << MarkdownCell(Machine(c)) << " |\n| server | "
     << Uniform(c,
                [](const BackendSummary& b) {
                  return "`" + MarkdownCell(b.server_binary) + "` version `" +
                         MarkdownCell(b.fingerprint.server_version) + "`";
                })
     << " |\n| allocation sampling | "
     << Uniform(c,
                [](const BackendSummary& b) {
                  int64_t rate = b.fingerprint.alloc_sample_rate;
                  return rate == 1
                             ? std::string("every allocation (allocs/op exact)")
                             : "one sample per " + std::to_string(rate) +
                                   " bytes (allocs/op estimated)";
                })
     << " |\n| budgets | "
     << Uniform(c,
                [](const BackendSummary& b) {
                  return b.budgets_file.empty()
                             ? std::string("none evaluated")
                             : "`" + MarkdownCell(b.budgets_file) + "`";
                })
     << " |\n| generated | " << c.generated << " by `mdbprof report` |\n\n";
}

std::string ActualOf(const VerdictSummary& v) {
  const ReportMetric* info = FindReportMetric(v.metric);
  return FormatSeries(MakeSeries(v.actual), info ? info->unit : "");
}

void Budgets(const Comparison& c, std::ostringstream& md) {
  md << "## Budgets\n\n| backend | budget | limit | actual | result |\n"
        "|---|---|---|--:|---|\n";
  for (const BackendSummary& b : c.backends) {
    if (b.verdicts.empty()) {
      md << "| " << b.name << " | — | — | — | no budget evaluated |\n";
      continue;
    }
    for (const VerdictSummary& v : b.verdicts) {
      md << "| " << b.name << " | `" << MarkdownCell(v.metric) << "` | "
         << MarkdownCell(v.limit) << " | " << ActualOf(v) << " | ";
      if (v.passed()) {
        md << "✅ pass";
      } else {
        md << "❌ fail";
        if (v.actual.size() > 1) {
          md << " (" << v.failed << " of " << v.actual.size() << ")";
        }
      }
      md << " |\n";
    }
  }
  md << "\n";
  for (const BackendSummary& b : c.backends) {
    for (const VerdictSummary& v : b.verdicts) {
      for (const std::string& m : v.messages) {
        md << "<details><summary>" << b.name << ": " << v.metric
           << " failed</summary>\n\n```\n"
           << m << "\n```\n</details>\n\n";
      }
    }
  }
}

// pprof::Percentage without its column padding: "0.5%", "100%".
std::string Share(int64_t value, int64_t total) {
  std::string s = pprof::Percentage(value, total);
  s.erase(0, s.find_first_not_of(' '));
  return s;
}

void TopSection(const TopTable& t, const std::string& title,
                std::ostringstream& md) {
  md << "#### " << title << "\n\n";
  if (!t.error.empty()) {
    md << "_Not available: " << MarkdownCell(t.error) << "_\n\n";
    return;
  }
  md << "Total " << pprof::ScaledLabel(t.total, t.unit, "auto") << " ("
     << t.sample_type << "). " << Share(t.unnamed, t.total)
     << " of samples in frames without a name (flat; shown as "
        "`[library]`).\n\n";
  if (t.rows.empty()) {
    md << "_No samples._\n\n";
    return;
  }
  // One unit for the table: the one that shows its smallest value (pprof).
  int64_t smallest = 0;
  for (const pprof::FunctionRow& row : t.rows) {
    for (int64_t v : {row.flat, row.cum}) {
      v = v < 0 ? -v : v;
      if (v > 0 && (smallest == 0 || v < smallest)) smallest = v;
    }
  }
  std::string unit = pprof::Scale(smallest, t.unit, "minimum").second;
  if (unit.empty()) unit = t.unit;
  // Per operation too, when the run says how many the profile covers.
  const bool per_op = t.ops > 0;
  md << "| flat |" << (per_op ? " flat/op |" : "")
     << " flat% | cum | cum% | function |\n|--:|" << (per_op ? "--:|" : "")
     << "--:|--:|--:|---|\n";
  for (const pprof::FunctionRow& row : t.rows) {
    md << "| " << pprof::ScaledLabel(row.flat, t.unit, unit) << " | ";
    if (per_op) {
      md << pprof::ScaledLabel(
                static_cast<int64_t>(std::llround(row.flat / t.ops)), t.unit,
                "auto")
         << " | ";
    }
    md << pprof::Percentage(row.flat, t.total) << " | "
       << pprof::ScaledLabel(row.cum, t.unit, unit) << " | "
       << pprof::Percentage(row.cum, t.total) << " | `"
       << MarkdownCell(row.name) << "`"
       << (row.inline_label.empty() ? "" : " " + row.inline_label) << " |\n";
  }
  md << "\n";
}

void DigDeeper(const BackendSummary& b, std::ostringstream& md) {
  const fs::path dir = b.repetition_dirs.back();
  auto has = [&](const char* f) {
    std::error_code ec;
    return fs::exists(dir / f, ec);
  };
  auto p = [&](const char* f) { return ShellQuote((dir / f).string()); };
  md << "**" << b.name << "**";
  if (b.repetitions() > 1) md << " (repetition " << b.repetitions() << ")";
  md << "\n\n```sh\n";
  if (has(results::kAllocsBeforeFile) && has(results::kAllocsAfterFile)) {
    md << "# allocations during the load, per function\n"
       << "mdbprof diff --sample_index=alloc_space "
       << p(results::kAllocsBeforeFile) << " " << p(results::kAllocsAfterFile)
       << "\n"
       << "go tool pprof -top -sample_index=alloc_space -ignore="
       << ShellQuote(results::kProfilerFrames) << " -base "
       << p(results::kAllocsBeforeFile) << " " << p(results::kAllocsAfterFile)
       << "\n";
  }
  if (has(results::kCpuFile)) {
    md << "# CPU during the load\nmdbprof top " << p(results::kCpuFile) << "\n"
       << "go tool pprof -http=localhost:8080 " << p(results::kCpuFile) << "\n";
  }
  if (has(results::kHeapAfterFile)) {
    md << "# heap in use after the load\n"
       << "mdbprof top --sample_index=inuse_space "
       << p(results::kHeapAfterFile) << "\n";
  }
  if (has(results::kGoroutineFile)) {
    md << "# goroutines/threads after the load\nmdbprof top "
       << p(results::kGoroutineFile) << "\n";
  }
  if (has(results::kServerLogFile)) {  // none in attach mode
    md << "# the server's log\nless " << p(results::kServerLogFile) << "\n";
  }
  md << "```\n\n";
}

// "Flame graphs: [cpu](sqlite/flame-cpu.svg) · [alloc_space](...)" for the
// flame graphs the report step wrote into the backend directory
// (report/flame_files.h); nothing when there are none.
void FlameLinks(const Comparison& c, const BackendSummary& b,
                std::ostringstream& md) {
  std::string links;
  for (const auto& [kind, file] :
       {std::pair{"cpu", results::kFlameCpuFile},
        std::pair{"alloc_space", results::kFlameAllocSpaceFile}}) {
    std::error_code ec;
    if (!fs::exists(fs::path(b.dir) / file, ec)) continue;
    std::string rel = fs::path(b.dir).lexically_relative(c.run_dir).string();
    if (rel.empty() || rel.rfind("..", 0) == 0) rel = b.dir;
    links += std::string(links.empty() ? "" : " · ") + "[" + kind + "](" + rel +
             "/" + file + ")";
  }
  if (!links.empty()) {
    md << "Flame graphs (last repetition; click to zoom, search box): " << links
       << "\n\n";
  }
}

}  // namespace

std::string RenderComparisonMarkdown(const Comparison& c,
                                     const std::vector<TopFunctions>& tops,
                                     std::string_view chart_file) {
  std::ostringstream md;
  Header(c, md);
  if (!chart_file.empty()) {
    md << "<img src=\"" << chart_file
       << "\" alt=\"throughput, p99 latency and total CPU per backend\">\n\n";
  }
  Footnotes footnotes;
  md << "## Metrics\n\nMedian over the repetitions, with [min–max] when "
        "they differ. Disk usage and namespaces come from the files of "
        "the backends that write them.\n\n"
     << RenderMetricTable(c, &footnotes) << "\n";
  Budgets(c, md);
  md << "## Top functions\n\nDecoded from each backend's last repetition "
        "(`go tool pprof -top` order: by flat).\n\n";
  for (size_t i = 0; i < c.backends.size() && i < tops.size(); ++i) {
    const BackendSummary& b = c.backends[i];
    md << "### " << b.name << "\n\n";
    FlameLinks(c, b, md);
    TopSection(tops[i].alloc_space,
               std::string("Allocations: alloc_space, ") +
                   results::kAllocsAfterFile + " minus " +
                   results::kAllocsBeforeFile,
               md);
    TopSection(tops[i].cpu, std::string("CPU: ") + results::kCpuFile, md);
  }
  md << "## Dig deeper\n\n";
  for (const BackendSummary& b : c.backends) DigDeeper(b, md);
  md << "Gate a change against this run: `mdbprof compare "
     << ShellQuote(c.run_dir) << " HEAD_RUN_DIR --markdown`.\n\n";
  if (!c.skipped.empty()) {
    md << "## Not measured\n\n";
    for (const SkippedDir& s : c.skipped) {
      md << "- `" << MarkdownCell(s.dir) << "`: " << MarkdownCell(s.reason)
         << "\n";
    }
    md << "\n";
  }
  std::string notes = footnotes.Render();
  if (!notes.empty()) md << notes;
  return md.str();
}

}  // namespace mdbprof::report
