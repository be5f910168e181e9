// The end of an A/B run (see ab_schedule.h): `mdbprof compare` of
// <run>/base against <run>/head, with the rule of report/compare.h at its
// defaults (alpha 0.05, min effect 5%, per-metric min effects from the
// budgets files) — except that the server version is not part of the
// fingerprint, since base and head are different builds by design.
//
// Only the backends of config.backends are judged (profile_bench passes
// those that ran in this invocation, so each `ctest -L profile` backend test
// judges its own backend and the gather step all of them).
//
// Writes <run>/compare.txt, <run>/compare.md (for a PR comment) and
// <run>/compare.json (with "gate": {"exit_code", "incomplete"}: the gate's
// verdict, which an incomplete run turns into 1), and returns the gate's
// exit code:
//   0  pass
//   1  a regression or a budget exceeded in HEAD, or the run is incomplete:
//      some backend lacks measured repetitions on a side (a repetition
//      failed to start, crashed, was interrupted)
//   2  the sides are incomparable or cannot be loaded
// Absolute budgets judge the change, not the machine: a limit fails the gate
// only when HEAD exceeds it in every repetition and BASE in none; otherwise
// (exceeded on both sides, or only sometimes) it is a note.
//
//   AbVerdict v = JudgeAbRun(run_dir, config);
//   fputs(v.text.c_str(), stdout);
//   return v.exit_code;
#ifndef MDBPROF_BENCH_AB_VERDICT_H_
#define MDBPROF_BENCH_AB_VERDICT_H_

#include <string>

#include "bench/bench_config.h"

namespace mdbprof::bench {

struct AbVerdict {
  int exit_code = 2;
  std::string text;  // the compare output (or the error), for the terminal
};

// `config`: repetitions (per side), backends (those that ran or were
// skipped) and budgets_path (the min effects' source when set).
AbVerdict JudgeAbRun(const std::string& run_dir, const BenchConfig& config);

}  // namespace mdbprof::bench

#endif  // MDBPROF_BENCH_AB_VERDICT_H_
