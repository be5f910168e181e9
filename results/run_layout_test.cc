#include "results/run_layout.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace mdbprof::results {
namespace {

TEST(RunLayout, RepetitionFilesAreDistinctAndIncludeTheMetrics) {
  std::set<std::string> seen;
  for (const char* name : RepetitionFiles()) {
    EXPECT_TRUE(seen.insert(name).second) << name << " listed twice";
  }
  EXPECT_EQ(seen.size(), 9u);
  EXPECT_TRUE(seen.count(kRunMetricsFile));
  EXPECT_TRUE(seen.count(kCpuFile));
  EXPECT_TRUE(seen.count(kAllocsBeforeFile));
  EXPECT_TRUE(seen.count(kAllocsAfterFile));
}

TEST(RunLayout, RepetitionDirIsUnderTheRepetitionsDirectory) {
  EXPECT_EQ(RepetitionDir("run/sqlite", 3), "run/sqlite/repetitions/3");
}

// Runs written before this header existed are read with these names: a
// rename here would orphan every saved run.
TEST(RunLayout, NamesMatchSavedRuns) {
  EXPECT_STREQ(kRunMetricsFile, "load-test-results.json");
  EXPECT_STREQ(kCpuFile, "cpu.prof");
  EXPECT_STREQ(kAllocsAfterFile, "allocs-after.prof");
  EXPECT_STREQ(kAbVerdictJson, "compare.json");
}

}  // namespace
}  // namespace mdbprof::results
