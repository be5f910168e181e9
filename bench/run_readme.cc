#include "bench/run_readme.h"

#include <sstream>

#include "results/load_deltas.h"
#include "results/run_layout.h"
#include "results/verdict.h"

namespace mdbprof::bench {
namespace {

using results::FormatNumber;

std::string Num(double v) { return FormatNumber(v); }
std::string Num(int64_t v) {
  return results::IsMeasured(v) ? std::to_string(v) : "not measured";
}
std::string Mib(int64_t bytes) {
  if (!results::IsMeasured(bytes)) return "not measured";
  return FormatNumber(static_cast<double>(bytes) / (1024.0 * 1024.0)) + " MiB";
}

// `name` as Markdown code.
std::string Code(const char* name) { return std::string("`") + name + "`"; }

}  // namespace

std::string RenderRunReadme(const ReadmeInputs& in) {
  const results::RunMetrics& m = *in.metrics;
  const std::string& d = in.dir;
  std::ostringstream out;
  out << "# Profile of the " << m.config.backend << " backend\n\n";
  out << "Run at " << m.timestamp << " against `" << m.config.server_binary
      << "` (version " << m.config.server_version << ", server kind "
      << (m.config.server_kind.empty() ? "?" : m.config.server_kind);
  if (!in.server_kind_reason.empty()) out << ", " << in.server_kind_reason;
  out << "), " << m.config.workers << " workers, " << Num(m.duration_s)
      << " s measured after a " << Num(in.warmup_s) << " s warm-up, "
      << m.config.cores << " cores, allocation sampling rate "
      << m.config.alloc_sample_rate
      << (m.config.alloc_sample_rate == 1 ? " (every allocation: exact counts)"
                                          : " bytes (as the profile shows)");
  if (in.repetitions > 1) {
    out << "; repetition " << in.repetition << " of " << in.repetitions;
  }
  out << ".\n\n";
  if (!in.attached_url.empty()) {
    out << "Attach mode: the server was already running at " << in.attached_url
        << "; the suite did not launch, provision or stop it (so there is "
           "no "
        << Code(results::kServerLogFile)
        << "), and the load's streams stay in its namespace `default`. ";
    if (in.not_local_reason.empty()) {
      out << "CPU per op and peak RSS come from its local process's /proc "
             "(peak RSS since the server started). ";
    } else {
      out << "CPU per op and peak RSS are not measured: " << in.not_local_reason
          << ". ";
    }
    out << "Database CPU is not measured.\n\n";
  }

  out << "## Key numbers\n\n"
      << "| metric | value |\n|---|---|\n"
      << "| operations (ok) | " << m.total_ops << " (" << m.writes
      << " writes, " << m.reads << " reads) |\n"
      << "| errors | " << m.errors << " |\n"
      << "| throughput | " << Num(m.ops_per_sec) << " ops/s |\n"
      << "| latency avg / p50 / p99 / p99.9 / max | " << Num(m.all.avg_ms)
      << " / " << Num(m.all.p50_ms) << " / " << Num(m.all.p99_ms) << " / "
      << Num(m.all.p999_ms) << " / " << Num(m.all.max_ms) << " ms |\n"
      << "| allocated per op | " << Num(m.alloc_bytes_per_op) << " bytes, "
      << Num(m.allocs_per_op) << " allocations (" << Num(m.alloc_samples)
      << " samples) |\n"
      << "| CPU per op (server / db / total) | " << Num(m.cpu_us_per_op)
      << " / " << Num(m.db_cpu_us_per_op) << " / " << Num(m.total_cpu_us_per_op)
      << " us |\n"
      << "| heap in use after / growth | " << Mib(m.heap_inuse_after_bytes)
      << " / " << Mib(m.heap_growth_bytes) << " |\n"
      << "| threads before / after | " << Num(m.goroutines_before) << " / "
      << Num(m.goroutines_after) << " |\n"
      << "| server peak RSS | " << Mib(m.server_rss_max_bytes) << " |\n\n";
  if (!m.errors_by_reason.empty()) {
    out << "Errors by reason:\n\n";
    for (const auto& [reason, count] : m.errors_by_reason) {
      out << "- `" << reason << "`: " << count << "\n";
    }
    out << "\n";
  }

  out << "## Budgets\n\n";
  if (m.budgets.file.empty() && m.budgets.verdicts.empty()) {
    out << "Not evaluated.\n\n";
  } else {
    out << "From `" << m.budgets.file << "`:\n\n"
        << results::FormatVerdicts(m.budgets.verdicts) << "\n";
  }
  if (!in.server_env.empty()) {
    out << "## Server environment\n\n"
        << "What the suite set in, or removed from, the environment the "
           "server inherited:\n\n";
    for (const std::string& line : in.server_env) out << "- " << line << "\n";
    out << "\n";
  }
  if (!in.notes.empty()) {
    out << "## Problems\n\n";
    for (const std::string& note : in.notes) out << "- " << note << "\n";
    out << "\n";
  }

  using results::kAllocsAfterFile;
  using results::kAllocsBeforeFile;
  using results::kCpuFile;
  using results::kHeapAfterFile;
  out << "## Files\n\n"
      << "| file | what |\n|---|---|\n"
      << "| " << Code(results::kRunMetricsFile)
      << " | all metrics, the configuration and budget verdicts |\n"
      << "| " << Code(results::kHeapBeforeFile) << ", " << Code(kHeapAfterFile)
      << " | heap profiles before and after the load (`inuse_space` is the "
         "live heap) |\n"
      << "| " << Code(kAllocsBeforeFile) << ", " << Code(kAllocsAfterFile)
      << " | cumulative allocation profiles; after minus before is the "
         "load's allocations |\n"
      << "| " << Code(kCpuFile) << " | CPU profile, " << Num(in.cpu_profile_s)
      << " s in the middle of the load |\n"
      << "| " << Code(results::kGoroutineFile)
      << " | threads (goroutines) after the load |\n";
  if (in.attached_url.empty()) {
    out << "| " << Code(results::kServerLogFile)
        << " | the server's stdout and stderr |\n";
  }
  for (const results::BackendFileRecord& f : m.config.extra_files) {
    out << "| " << Code(f.name.c_str()) << " | the " << m.config.backend
        << " backend's own file"
        << (f.metric.empty() ? "" : " (`" + f.metric + "`)") << " |\n";
  }
  out << "\n";

  const std::string dir = d + "/";
  out << "## Digging deeper\n\n```sh\n"
      << "mdbprof top " << dir << kCpuFile << "\n"
      << "mdbprof diff " << dir << kAllocsBeforeFile << " " << dir
      << kAllocsAfterFile << "\n"
      << "go tool pprof -top -sample_index=alloc_space -ignore='"
      << results::kProfilerFrames << "' -base " << dir << kAllocsBeforeFile
      << " " << dir << kAllocsAfterFile << "\n"
      << "go tool pprof -top -sample_index=inuse_space " << dir
      << kHeapAfterFile << "\n"
      << "go tool pprof -http=:9090 " << dir << kCpuFile << "\n"
      << "```\n";
  return out.str();
}

}  // namespace mdbprof::bench
