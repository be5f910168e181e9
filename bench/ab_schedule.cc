#include "bench/ab_schedule.h"

#include <filesystem>

#include "results/run_layout.h"

namespace mdbprof::bench {

std::string_view AbSideName(AbSide side) {
  return side == AbSide::kBase ? results::kAbBaseDir : results::kAbHeadDir;
}

std::vector<AbSlot> AbSchedule(int repetitions_per_side) {
  std::vector<AbSlot> slots;
  for (int k = 1; k <= repetitions_per_side; ++k) {
    slots.push_back({AbSide::kBase, k});
    slots.push_back({AbSide::kHead, k});
  }
  return slots;
}

std::string AbSideDir(const std::string& run_dir, AbSide side) {
  return (std::filesystem::path(run_dir) / AbSideName(side)).string();
}

}  // namespace mdbprof::bench
