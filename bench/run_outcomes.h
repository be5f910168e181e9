// RunOutcomes: what happened to each backend repetition, and the exit code
// of profile_bench that follows from it.
//
// Google Benchmark's SkipWithError does not change the exit code, so the
// fixture records every repetition here and main() returns ExitCode():
//   1   some repetition failed (budget exceeded, errors, start-up, capture)
//   77  nothing failed and nothing passed: every selected backend was
//       skipped, or no benchmark matched (CTest's SKIP_RETURN_CODE)
//   0   otherwise
//
// Threading: Record() may be called from any thread.
#ifndef MDBPROF_BENCH_RUN_OUTCOMES_H_
#define MDBPROF_BENCH_RUN_OUTCOMES_H_

#include <mutex>
#include <string>
#include <vector>

namespace mdbprof::bench {

enum class RunState { kPassed, kFailed, kSkipped };

inline constexpr int kExitFailed = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitSkipped = 77;

class RunOutcomes {
 public:
  struct Entry {
    std::string backend;
    int repetition;
    RunState state;
    std::string message;
  };

  void Record(Entry entry);
  std::vector<Entry> entries() const;
  int ExitCode() const;

 private:
  mutable std::mutex mu_;
  std::vector<Entry> entries_;  // GUARDED_BY(mu_)
};

}  // namespace mdbprof::bench

#endif  // MDBPROF_BENCH_RUN_OUTCOMES_H_
