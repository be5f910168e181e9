// GatherRun: the gather step of `ctest -L profile` (profile.gather runs
// `profile_bench --gather_latest_run`), after every backend's test has
// written into the shared run directory.
//
//   * A single run: `mdbprof report` — COMPARISON.md, comparison.json and
//     chart.svg. Exit 0, or 2 when the run cannot be read.
//   * A/B mode (config.base_server set, so the backend tests wrote
//     <run>/base and <run>/head): the gate over every backend of the run
//     (JudgeAbRun: compare.txt, compare.md, compare.json), then the report
//     of both sides (report/ab_report.h: <run>/COMPARISON.md with the
//     verdict, and one per side). Exit: the gate's (0 pass, 1 regression,
//     budget or incomplete run, 2 incomparable), or 2 when the report cannot
//     be written.
//
//   GatherResult r = GatherRun(run_dir, config);
//   fputs(r.text.c_str(), stdout);
//   return r.exit_code;
#ifndef MDBPROF_BENCH_RUN_GATHER_H_
#define MDBPROF_BENCH_RUN_GATHER_H_

#include <string>

#include "bench/bench_config.h"

namespace mdbprof::bench {

struct GatherResult {
  int exit_code = 2;
  std::string text;  // for the terminal: the verdict and where the files are
};

// `config` as the backend tests had it (the same environment): base_server,
// backends, repetitions and budgets_path matter.
GatherResult GatherRun(const std::string& run_dir, const BenchConfig& config);

}  // namespace mdbprof::bench

#endif  // MDBPROF_BENCH_RUN_GATHER_H_
