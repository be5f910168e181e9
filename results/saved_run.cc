#include "results/saved_run.h"

#include <filesystem>
#include <optional>

#include "pprof/base.h"
#include "pprof/profile.h"

namespace mdbprof::results {
namespace {

namespace fs = std::filesystem;

// The profile at `path`; nullopt plus a note when the file does not exist.
Result<std::optional<pprof::Profile>> OptionalProfile(
    const std::string& path, std::vector<std::string>* notes) {
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    notes->push_back(fs::path(path).filename().string() + ": not found");
    return std::optional<pprof::Profile>();
  }
  Result<pprof::Profile> p = pprof::ReadProfileFile(path);
  if (!p.ok()) return p.status();
  return std::optional<pprof::Profile>(std::move(*p));
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

  auto profile = [&](const char* name) {
    return OptionalProfile((fs::path(dir) / name).string(), &check.notes);
  };
  Result<std::optional<pprof::Profile>> before = profile("allocs-before.prof");
  if (!before.ok()) return before.status();
  Result<std::optional<pprof::Profile>> after = profile("allocs-after.prof");
  if (!after.ok()) return after.status();
  Result<std::optional<pprof::Profile>> cpu = profile("cpu.prof");
  if (!cpu.ok()) return cpu.status();

  std::optional<pprof::Profile> delta;
  if (*before && *after) {
    Result<pprof::Profile> d = pprof::SubtractBase(**after, **before);
    if (!d.ok()) {
      return d.status().WithContext(dir +
                                    ": allocs-after.prof minus "
                                    "allocs-before.prof");
    }
    delta = std::move(*d);
  }
  ProfileInputs inputs;
  if (delta) inputs.alloc_delta = &*delta;
  if (*cpu) inputs.cpu = &**cpu;
  check.verdicts = EvaluateBudgets(budget, check.metrics, inputs);
  return check;
}

}  // namespace mdbprof::results
