#include "results/run_profiles.h"

#include <cstdint>
#include <filesystem>

#include "results/run_layout.h"

namespace mdbprof::results {
namespace {

namespace fs = std::filesystem;

RunProfile ReadRunProfile(const std::string& dir, const char* file) {
  RunProfile p;
  p.file = file;
  const std::string path = (fs::path(dir) / file).string();
  std::error_code ec;
  p.present = fs::exists(path, ec);
  if (!p.present) {
    p.profile = NotFound(p.file + ": not found");
  } else {
    p.profile = pprof::ReadProfileFile(path);
  }
  return p;
}

}  // namespace

RunProfiles LoadRunProfiles(const std::string& dir) {
  RunProfiles p;
  p.allocs_before = ReadRunProfile(dir, kAllocsBeforeFile);
  p.allocs_after = ReadRunProfile(dir, kAllocsAfterFile);
  p.cpu = ReadRunProfile(dir, kCpuFile);
  if (!p.allocs_after.profile.ok()) {
    p.alloc_delta = p.allocs_after.profile.status();
  } else if (!p.allocs_before.profile.ok()) {
    p.alloc_delta = p.allocs_before.profile.status();
  } else {
    p.alloc_delta =
        ComputeAllocDelta(*p.allocs_before.profile, *p.allocs_after.profile);
  }
  return p;
}

double OpsInCpuProfile(const RunMetrics& metrics, const pprof::Profile& cpu) {
  const int64_t duration = cpu.proto().duration_nanos();
  if (duration <= 0 || !IsMeasured(metrics.ops_per_sec) ||
      metrics.ops_per_sec <= 0) {
    return 0;
  }
  return metrics.ops_per_sec * (static_cast<double>(duration) / 1e9);
}

}  // namespace mdbprof::results
