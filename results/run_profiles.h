// RunProfiles: the profiles a backend's run directory holds, read by the one
// loader every reader of a saved run uses — `mdbprof check` (saved_run.h)
// and the report's top functions (report/top_functions.h) — with the load's
// allocations computed from them (load_deltas.h).
//
//   RunProfiles p = LoadRunProfiles("profiles/latest/sqlite");
//   if (!p.cpu.present) ...                   // the run left no cpu.prof
//   if (p.alloc_delta.ok()) Use(p.alloc_delta->profile);
//   else Explain(p.alloc_delta.status());     // names the file or the types
#ifndef MDBPROF_RESULTS_RUN_PROFILES_H_
#define MDBPROF_RESULTS_RUN_PROFILES_H_

#include <string>

#include "base/status.h"
#include "pprof/profile.h"
#include "results/load_deltas.h"
#include "results/run_metrics.h"

namespace mdbprof::results {

// One profile file of a run directory.
struct RunProfile {
  std::string file;      // its name in the directory, e.g. kCpuFile
  bool present = false;  // the file exists
  // The decoded profile; NotFound when !present; otherwise the decode error,
  // which names the file's path.
  Result<pprof::Profile> profile = NotFound("not read");
};

struct RunProfiles {
  RunProfile allocs_before, allocs_after, cpu;
  // ComputeAllocDelta(allocs_before, allocs_after) when both decoded;
  // otherwise the status of the first of them that did not (allocs_after
  // first).
  Result<AllocDelta> alloc_delta = NotFound("not computed");
};

// Reads allocs-before.prof, allocs-after.prof and cpu.prof from `dir`.
// Never fails as a whole: each file's outcome is in its RunProfile.
RunProfiles LoadRunProfiles(const std::string& dir);

// The operations a CPU profile covers: the window's ops/s × the profile's
// duration (it spans only part of the window). 0 when either is unknown.
double OpsInCpuProfile(const RunMetrics& metrics, const pprof::Profile& cpu);

}  // namespace mdbprof::results

#endif  // MDBPROF_RESULTS_RUN_PROFILES_H_
