#include "bench/run_outcomes.h"

namespace mdbprof::bench {

void RunOutcomes::Record(Entry entry) {
  std::lock_guard<std::mutex> lock(mu_);
  entries_.push_back(std::move(entry));
}

std::vector<RunOutcomes::Entry> RunOutcomes::entries() const {
  std::lock_guard<std::mutex> lock(mu_);
  return entries_;
}

int RunOutcomes::ExitCode() const {
  std::lock_guard<std::mutex> lock(mu_);
  bool passed = false;
  for (const Entry& e : entries_) {
    if (e.state == RunState::kFailed) return kExitFailed;
    if (e.state == RunState::kPassed) passed = true;
  }
  return passed ? 0 : kExitSkipped;
}

}  // namespace mdbprof::bench
