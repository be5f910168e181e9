#include "bench/profile_metrics.h"

#include <algorithm>

#include "pprof/totals.h"

namespace mdbprof::bench {
namespace {

results::LatencySummary Summarize(const LatencyHistogram& h) {
  results::LatencySummary s;
  if (h.Count() == 0) return s;  // NaN: not measured
  constexpr double kNsPerMs = 1e6;
  s.p50_ms = h.ValueAtPercentile(50) / kNsPerMs;
  s.p90_ms = h.ValueAtPercentile(90) / kNsPerMs;
  s.p99_ms = h.ValueAtPercentile(99) / kNsPerMs;
  s.p999_ms = h.ValueAtPercentile(99.9) / kNsPerMs;
  s.max_ms = static_cast<double>(h.Max()) / kNsPerMs;
  s.avg_ms = h.Mean() / kNsPerMs;
  return s;
}

double PerOp(double value, int64_t ops) {
  return ops > 0 ? value / static_cast<double>(ops) : results::kNaN;
}

}  // namespace

int64_t ShownAllocSampleRate(const pprof::Profile& profile) {
  return std::max<int64_t>(0, profile.proto().period());
}

int64_t GoroutineCount(const pprof::Profile& profile) {
  const std::vector<pprof::SampleTypeTotal> totals = pprof::Totals(profile);
  return totals.empty() ? 0 : totals.front().sum;
}

void FillLoadMetrics(const LoadResult& load, results::RunMetrics* m) {
  m->duration_s = load.elapsed_s;
  m->writes = load.writes.ok;
  m->reads = load.reads.ok;
  m->total_ops = load.writes.ok + load.reads.ok;
  m->errors = load.errors();
  m->errors_by_reason = load.errors_by_reason;
  m->ops_per_sec =
      load.elapsed_s > 0 ? m->total_ops / load.elapsed_s : results::kNaN;
  const int64_t attempted = load.total_ops();
  m->error_rate = attempted > 0 ? static_cast<double>(m->errors) / attempted
                                : results::kNaN;
  m->all = Summarize(load.all);
  m->write = Summarize(load.writes.latency);
  m->read = Summarize(load.reads.latency);
}

void FillAllocMetrics(const results::AllocDelta& delta,
                      results::RunMetrics* m) {
  m->alloc_bytes_per_op = PerOp(static_cast<double>(delta.bytes), m->total_ops);
  m->allocs_per_op = PerOp(static_cast<double>(delta.objects), m->total_ops);
  m->alloc_samples = delta.samples;
}

void FillCpuMetrics(int64_t server_cpu_us, int64_t db_cpu_us,
                    results::RunMetrics* m) {
  m->cpu_us_per_op = PerOp(static_cast<double>(server_cpu_us), m->total_ops);
  m->db_cpu_us_per_op = PerOp(static_cast<double>(db_cpu_us), m->total_ops);
  m->total_cpu_us_per_op =
      PerOp(static_cast<double>(server_cpu_us + db_cpu_us), m->total_ops);
}

}  // namespace mdbprof::bench
