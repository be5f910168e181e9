#include "results/saved_run.h"

#include <filesystem>

#include "results/run_profiles.h"

namespace mdbprof::results {
namespace {

namespace fs = std::filesystem;

// The profile of `p` when it decoded, null when the file is absent (and a
// note says so); an error when it exists but does not decode.
Result<const pprof::Profile*> PresentProfile(const RunProfile& p,
                                             std::vector<std::string>* notes) {
  if (!p.present) {
    notes->push_back(p.file + ": not found");
    return static_cast<const pprof::Profile*>(nullptr);
  }
  if (!p.profile.ok()) return p.profile.status();
  return &*p.profile;
}

}  // namespace

Result<SavedRunCheck> CheckSavedRun(const std::string& dir,
                                    const BudgetFile& budget) {
  SavedRunCheck check;
  check.dir = dir;
  const std::string metrics_path = (fs::path(dir) / kRunMetricsFile).string();
  std::error_code ec;
  if (!fs::exists(metrics_path, ec)) {
    return NotFound(metrics_path +
                    ": not found (expected the backend directory of a run, "
                    "e.g. profiles/latest/sqlite)");
  }
  Result<RunMetrics> metrics = ReadRunMetricsFile(metrics_path);
  if (!metrics.ok()) return metrics.status();
  check.metrics = std::move(*metrics);

  const RunProfiles profiles = LoadRunProfiles(dir);
  Result<const pprof::Profile*> before =
      PresentProfile(profiles.allocs_before, &check.notes);
  if (!before.ok()) return before.status();
  Result<const pprof::Profile*> after =
      PresentProfile(profiles.allocs_after, &check.notes);
  if (!after.ok()) return after.status();
  Result<const pprof::Profile*> cpu =
      PresentProfile(profiles.cpu, &check.notes);
  if (!cpu.ok()) return cpu.status();

  ProfileInputs inputs;
  if (*before && *after) {
    if (!profiles.alloc_delta.ok()) {
      return profiles.alloc_delta.status().WithContext(dir);
    }
    inputs.alloc_delta = &profiles.alloc_delta->profile;
  }
  inputs.cpu = *cpu;
  check.verdicts = EvaluateBudgets(budget, check.metrics, inputs);
  return check;
}

}  // namespace mdbprof::results
