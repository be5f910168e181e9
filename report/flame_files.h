// The flame graphs of a run directory (names in results/run_layout.h),
// written by the report step from the saved profiles of each backend's last
// repetition:
//
//   RUN/<backend>/flame-cpu.svg           cpu.prof
//   RUN/<backend>/flame-alloc_space.svg   allocs-after − allocs-before
//                                         (results::AllocDelta: without the
//                                         profile endpoints' allocations)
//   RUN/head/<backend>/flame-diff-*.svg   an A/B run: HEAD vs BASE of the
//                                         last repetitions, per operation
//
//   for (const BackendSummary& b : comparison.backends)
//     WriteBackendFlameGraphs(b);
//   std::vector<FlameGraphFile> diffs = WriteAbFlameGraphs(run, base, head);
//   markdown += FlameGraphLinksMarkdown(diffs);
#ifndef MDBPROF_REPORT_FLAME_FILES_H_
#define MDBPROF_REPORT_FLAME_FILES_H_

#include <string>
#include <vector>

#include "report/comparison_json.h"

namespace mdbprof::report {

// One flame graph written, or why it was not.
struct FlameGraphFile {
  std::string backend;
  std::string kind;      // "cpu" or "alloc_space"
  std::string path;      // where it is (or would be) written
  std::string relative;  // path relative to the directory that links it
  std::string error;     // "" when written; else what was missing or wrong
};

// Writes `backend`'s flame-cpu.svg and flame-alloc_space.svg into
// backend.dir from its last repetition's profiles. A profile that is absent
// or does not decode gives an entry with `error` (naming the file) and no
// SVG; a stale SVG of that kind is removed. `relative` is
// "<backend dir name>/<file>" (for the run's COMPARISON.md).
// `full_names`: FlameGraphOptions::full_names.
std::vector<FlameGraphFile> WriteBackendFlameGraphs(
    const BackendSummary& backend, bool full_names = false);

// For each backend both sides have: flame-diff-cpu.svg and
// flame-diff-alloc_space.svg in HEAD's backend directory, HEAD vs BASE of
// the last repetitions, per operation when both sides' total_ops are known.
// `relative` is "head/<backend>/<file>" (for RUN/compare.md and
// RUN/COMPARISON.md). Errors as WriteBackendFlameGraphs.
std::vector<FlameGraphFile> WriteAbFlameGraphs(const Comparison& base,
                                               const Comparison& head,
                                               bool full_names = false);

// A Markdown section "## Flame graphs" linking the written files, one line
// per backend; "" when none was written.
std::string FlameGraphLinksMarkdown(const std::vector<FlameGraphFile>& files,
                                    const std::string& title);

}  // namespace mdbprof::report

#endif  // MDBPROF_REPORT_FLAME_FILES_H_
