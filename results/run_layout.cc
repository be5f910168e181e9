#include "results/run_layout.h"

#include <filesystem>

namespace mdbprof::results {
namespace {

constexpr const char* kRepetitionFiles[] = {
    kServerLogFile, kHeapBeforeFile, kAllocsBeforeFile,
    kCpuFile,       kHeapAfterFile,  kAllocsAfterFile,
    kGoroutineFile, kRunMetricsFile, kRunReadmeFile,
};

}  // namespace

std::span<const char* const> RepetitionFiles() { return kRepetitionFiles; }

std::string RepetitionDir(const std::string& backend_dir, int repetition) {
  return (std::filesystem::path(backend_dir) / kRepetitionsDir /
          std::to_string(repetition))
      .string();
}

}  // namespace mdbprof::results
