#include "bench/profile_metrics.h"

#include <algorithm>

#include "pprof/base.h"

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

Result<int64_t> SampleTypeSum(const pprof::Profile& profile,
                              std::string_view type) {
  int index = profile.SampleTypeIndex(type);
  if (index < 0) {
    std::string present;
    for (const auto& st : profile.proto().sample_type()) {
      if (!present.empty()) present += ", ";
      present += std::string(profile.String(st.type()));
    }
    return NotFound("profile has no sample type '" + std::string(type) +
                    "' (has: " + present + ")");
  }
  int64_t sum = 0;
  for (const auto& sample : profile.proto().sample())
    sum += sample.value(index);
  return sum;
}

int64_t ShownAllocSampleRate(const pprof::Profile& profile) {
  return std::max<int64_t>(0, profile.proto().period());
}

int64_t GoroutineCount(const pprof::Profile& profile) {
  int64_t sum = 0;
  if (profile.proto().sample_type_size() == 0) return 0;
  for (const auto& sample : profile.proto().sample()) sum += sample.value(0);
  return sum;
}

Result<AllocDelta> ComputeAllocDelta(const pprof::Profile& before,
                                     const pprof::Profile& after) {
  Result<pprof::Profile> diff = pprof::SubtractBase(after, before);
  if (!diff.ok()) {
    return diff.status().WithContext("allocs-after minus allocs-before");
  }
  Result<int64_t> bytes = SampleTypeSum(*diff, "alloc_space");
  if (!bytes.ok()) return bytes.status();
  Result<int64_t> objects = SampleTypeSum(*diff, "alloc_objects");
  if (!objects.ok()) return objects.status();
  const int space = diff->SampleTypeIndex("alloc_space");
  const int count = diff->SampleTypeIndex("alloc_objects");
  int64_t samples = 0;
  for (const auto& sample : diff->proto().sample()) {
    if (sample.value(space) != 0 || sample.value(count) != 0) ++samples;
  }
  return AllocDelta{std::move(*diff), *bytes, *objects, samples};
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

void FillAllocMetrics(const AllocDelta& delta, results::RunMetrics* m) {
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
