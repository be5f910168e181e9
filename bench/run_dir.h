// Run directories: where one profiling run puts its files.
//
//   $MDBPROF_OUT/                   (default "profiles")
//     latest -> 20261126_130000     (relative symlink to the newest run)
//     20261126_130000/              (local time the run started)
//       sqlite/                     (one directory per backend, BackendDir)
//         the files of results/run_layout.h (RepetitionFiles()) and the
//         backend's own files
//
// With repetitions R > 1, repetition k (1-based) writes into
// `<backend>/repetitions/<k>/`, and after each repetition its files are also
// linked into `<backend>/`, so `<backend>/` always holds a complete set of
// files: those of the last finished repetition. Readers that want one run per
// backend read `<backend>/`; the comparison reads `repetitions/*/`.
//
//   Result<std::string> run = CreateRunDir("profiles", Clock::now());
//   std::string dir = BackendDir(*run, "sqlite", 1, 1);  // <run>/sqlite
#ifndef MDBPROF_BENCH_RUN_DIR_H_
#define MDBPROF_BENCH_RUN_DIR_H_

#include <chrono>
#include <string>

#include "base/status.h"

namespace mdbprof::bench {

// "YYYYMMDD_HHMMSS" in local time.
std::string RunDirName(std::chrono::system_clock::time_point t);

// Creates `<out_dir>/<RunDirName(now)>` (adding "-2", "-3"... when that name
// is taken) and points `<out_dir>/latest` at it. Returns the new directory's
// path (`out_dir` joined with the name, as relative as `out_dir`).
Result<std::string> CreateRunDir(const std::string& out_dir,
                                 std::chrono::system_clock::time_point now);

// Atomically (re)points `<out_dir>/latest` at `<out_dir>/<name>`.
Status PointLatestAt(const std::string& out_dir, const std::string& name);

// The directory `<out_dir>/latest` points at, as `<out_dir>/<target>`;
// NotFound when there is none, saying how to create one.
Result<std::string> ResolveLatestRun(const std::string& out_dir);

// `<run_dir>/<backend>`, or `<run_dir>/<backend>/repetitions/<k>` when
// `repetitions` > 1.
std::string BackendDir(const std::string& run_dir, const std::string& backend,
                       int repetition, int repetitions);

// Hard-links (or copies, across file systems) every regular file of
// `repetition_dir` into `backend_dir`, replacing files of the same name.
Status PublishRepetition(const std::string& repetition_dir,
                         const std::string& backend_dir);

}  // namespace mdbprof::bench

#endif  // MDBPROF_BENCH_RUN_DIR_H_
