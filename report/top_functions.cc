#include "report/top_functions.h"

#include "pprof/profile.h"
#include "results/run_profiles.h"

namespace mdbprof::report {
namespace {

TopTable NoTable(std::string why) {
  TopTable table;
  table.error = std::move(why);
  return table;
}

TopTable MakeTable(const pprof::Profile& profile, const std::string& sample,
                   int n) {
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
  return table;
}

// Why `p` gives no profile, in the report's words.
std::string Unavailable(const results::RunProfile& p) {
  if (!p.present) return p.file + " was not captured (no such file)";
  return p.profile.status().message();
}

TopTable AllocTable(const results::RunProfiles& p, int n) {
  if (!p.allocs_after.profile.ok()) return NoTable(Unavailable(p.allocs_after));
  if (!p.allocs_before.profile.ok()) {
    return NoTable(Unavailable(p.allocs_before));
  }
  if (!p.alloc_delta.ok()) return NoTable(p.alloc_delta.status().message());
  return MakeTable(p.alloc_delta->profile, "alloc_space", n);
}

TopTable CpuTable(const results::RunProfiles& p, int n) {
  if (!p.cpu.profile.ok()) return NoTable(Unavailable(p.cpu));
  return MakeTable(*p.cpu.profile, "", n);
}

}  // namespace

TopFunctions LoadTopFunctions(const std::string& dir, int n) {
  const results::RunProfiles profiles = results::LoadRunProfiles(dir);
  return {AllocTable(profiles, n), CpuTable(profiles, n)};
}

}  // namespace mdbprof::report
