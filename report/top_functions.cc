#include "report/top_functions.h"

#include <cstdlib>

#include "pprof/profile.h"
#include "report/readable_name.h"
#include "results/run_layout.h"
#include "results/run_metrics.h"
#include "results/run_profiles.h"

namespace mdbprof::report {
namespace {

TopTable NoTable(std::string why) {
  TopTable table;
  table.error = std::move(why);
  return table;
}

// True when location `id` names no function (no lines, or none named).
bool Unnamed(const pprof::Profile& profile, uint64_t id) {
  const perftools::profiles::Location* loc = profile.FindLocation(id);
  if (loc == nullptr) return true;
  for (const perftools::profiles::Line& line : loc->line()) {
    const perftools::profiles::Function* fn =
        profile.FindFunction(line.function_id());
    if (fn != nullptr && !profile.String(fn->name()).empty()) return false;
  }
  return true;
}

// Sets table->unnamed for sample type `type`.
void CountUnnamed(const pprof::Profile& profile, const std::string& type,
                  TopTable* table) {
  const int index = profile.SampleTypeIndex(type);
  if (index < 0) return;
  for (const perftools::profiles::Sample& s : profile.proto().sample()) {
    if (index >= s.value_size()) continue;
    if (s.location_id_size() == 0 || Unnamed(profile, s.location_id(0))) {
      table->unnamed += std::llabs(s.value(index));
    }
  }
}

TopTable MakeTable(const pprof::Profile& profile, const std::string& sample,
                   int n, bool full_names) {
  TopTable table;
  pprof::TopOptions options;
  options.sample_index = sample;
  options.nodecount = n;
  Result<pprof::TopReport> top = pprof::Top(profile, options);
  if (!top.ok()) return NoTable(top.status().message());
  table.sample_type = top->sample_type;
  table.unit = top->unit;
  table.total = top->total;
  table.rows = std::move(top->rows);
  if (!full_names) {
    for (pprof::FunctionRow& row : table.rows)
      row.name = ReadableName(row.name);
  }
  CountUnnamed(profile, table.sample_type, &table);
  return table;
}

// Why `p` gives no profile, in the report's words.
std::string Unavailable(const results::RunProfile& p) {
  if (!p.present) return p.file + " was not captured (no such file)";
  return p.profile.status().message();
}

TopTable AllocTable(const results::RunProfiles& p, int n, bool full_names) {
  if (!p.allocs_after.profile.ok()) return NoTable(Unavailable(p.allocs_after));
  if (!p.allocs_before.profile.ok()) {
    return NoTable(Unavailable(p.allocs_before));
  }
  if (!p.alloc_delta.ok()) return NoTable(p.alloc_delta.status().message());
  return MakeTable(p.alloc_delta->profile, "alloc_space", n, full_names);
}

TopTable CpuTable(const results::RunProfiles& p, int n, bool full_names) {
  if (!p.cpu.profile.ok()) return NoTable(Unavailable(p.cpu));
  return MakeTable(*p.cpu.profile, "", n, full_names);
}

}  // namespace

TopFunctions LoadTopFunctions(const std::string& dir, int n, bool full_names) {
  const results::RunProfiles profiles = results::LoadRunProfiles(dir);
  TopFunctions tops{AllocTable(profiles, n, full_names),
                    CpuTable(profiles, n, full_names)};
  Result<results::RunMetrics> m =
      results::ReadRunMetricsFile(dir + "/" + results::kRunMetricsFile);
  if (m.ok() && results::IsMeasured(m->total_ops) && m->total_ops > 0) {
    tops.alloc_space.ops = static_cast<double>(m->total_ops);
  }
  if (m.ok() && profiles.cpu.profile.ok()) {
    tops.cpu.ops = results::OpsInCpuProfile(*m, *profiles.cpu.profile);
  }
  return tops;
}

}  // namespace mdbprof::report
