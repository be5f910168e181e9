// The README.md of a backend's run directory: what each file is, the key
// numbers, the budget verdicts and the commands to dig deeper.
//
//   std::string text = RenderRunReadme({.dir = dir, .metrics = &m});
//   MDBPROF_RETURN_IF_ERROR(
//       WriteTextFile(dir + "/" + results::kRunReadmeFile, text));
#ifndef MDBPROF_BENCH_RUN_README_H_
#define MDBPROF_BENCH_RUN_README_H_

#include <string>
#include <vector>

#include "results/run_metrics.h"

namespace mdbprof::bench {

struct ReadmeInputs {
  std::string dir;  // the directory the README describes, as shown to users
  const results::RunMetrics* metrics = nullptr;  // REQUIRED
  int repetition = 1;
  int repetitions = 1;
  double warmup_s = 0;
  double cpu_profile_s = 0;
  std::vector<std::string> notes;  // problems worth a line (failed captures)
  // How the server kind was chosen (fixtures::ResolvedServerKind::how).
  std::string server_kind_reason;
  // What the suite did to the server's environment, one line each, e.g.
  // "set GODEBUG=memprofilerate=1", "cleared EVENTODB_DB_TYPE".
  std::vector<std::string> server_env;
  // Attach mode: the running server's URL ("" when the suite launched it),
  // and why its CPU and RSS were not measured ("" when they were).
  std::string attached_url;
  std::string not_local_reason;
};

std::string RenderRunReadme(const ReadmeInputs& in);

}  // namespace mdbprof::bench

#endif  // MDBPROF_BENCH_RUN_README_H_
