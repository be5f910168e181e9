#include "bench/run_outcomes.h"

#include "gtest/gtest.h"

namespace mdbprof::bench {
namespace {

TEST(RunOutcomes, NothingRanIsASkip) {
  RunOutcomes o;
  EXPECT_EQ(o.ExitCode(), kExitSkipped);
}

TEST(RunOutcomes, AllSkippedIsASkip) {
  RunOutcomes o;
  o.Record({"postgres", 1, RunState::kSkipped, "no initdb"});
  o.Record({"pebble", 1, RunState::kSkipped, "no rocksdb"});
  EXPECT_EQ(o.ExitCode(), 77);
}

TEST(RunOutcomes, APassWithSkipsPasses) {
  RunOutcomes o;
  o.Record({"postgres", 1, RunState::kSkipped, "no initdb"});
  o.Record({"sqlite", 1, RunState::kPassed, ""});
  EXPECT_EQ(o.ExitCode(), 0);
}

TEST(RunOutcomes, AnyFailureFails) {
  RunOutcomes o;
  o.Record({"sqlite", 1, RunState::kPassed, ""});
  o.Record({"sqlite", 2, RunState::kFailed, "budget"});
  o.Record({"postgres", 1, RunState::kSkipped, "no initdb"});
  EXPECT_EQ(o.ExitCode(), kExitFailed);
  EXPECT_EQ(o.entries().size(), 3u);
}

}  // namespace
}  // namespace mdbprof::bench
