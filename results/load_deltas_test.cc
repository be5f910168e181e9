#include "results/load_deltas.h"

#include <cstdint>
#include <string>

#include "gtest/gtest.h"
#include "pprof/testing/profile_builder.h"

namespace mdbprof::results {
namespace {

using pprof::testing::ProfileBuilder;

// A Go-style allocation profile: alloc_objects, alloc_space, inuse_objects,
// inuse_space.
ProfileBuilder Allocs() {
  return ProfileBuilder({{"alloc_objects", "count"},
                         {"alloc_space", "bytes"},
                         {"inuse_objects", "count"},
                         {"inuse_space", "bytes"}});
}

TEST(ComputeAllocDelta, SubtractsBeforeFromAfter) {
  ProfileBuilder before = Allocs();
  before.Add({"main", "Parse"}, {10, 1000, 1, 100})
      .Add({"main", "Idle"}, {7, 700, 0, 0});
  ProfileBuilder after = Allocs();
  // Same stacks in the same order: ProfileBuilder gives each location the
  // address of its position, and merging matches addresses (as pprof).
  after.Add({"main", "Parse"}, {30, 3000, 2, 200})
      .Add({"main", "Idle"}, {7, 700, 0, 0})  // unchanged: not in the delta
      .Add({"main", "Write"}, {5, 500, 5, 500});
  Result<AllocDelta> delta = ComputeAllocDelta(before.Build(), after.Build());
  ASSERT_TRUE(delta.ok()) << delta.status().message();
  EXPECT_EQ(delta->bytes, 2500);
  EXPECT_EQ(delta->objects, 25);
  EXPECT_EQ(delta->samples, 25) << "no period: every allocation recorded";
  EXPECT_EQ(delta->profile.proto().sample_size(), 2);
}

// Counters near INT64_MAX (a long-running server, or hostile input) wrap as
// pprof's sums do instead of being undefined behaviour.
TEST(ComputeAllocDelta, OverflowingCountersWrapLikePprof) {
  ProfileBuilder before = Allocs();
  before.Add({"main", "Old"}, {1, 1, 0, 0});
  ProfileBuilder after = Allocs();
  after.Add({"main", "Old"}, {1, 1, 0, 0})
      .Add({"main", "A"}, {INT64_MAX, INT64_MAX, 0, 0})
      .Add({"main", "B"}, {2, 2, 0, 0});
  Result<AllocDelta> delta = ComputeAllocDelta(before.Build(), after.Build());
  ASSERT_TRUE(delta.ok()) << delta.status().message();
  EXPECT_EQ(delta->bytes, INT64_MIN + 1);
  EXPECT_EQ(delta->objects, INT64_MIN + 1);
  EXPECT_EQ(delta->samples, INT64_MAX) << "saturates";
}

// What a Go server allocates writing its own profiles during the window is
// left out of the load's allocations, and counted.
TEST(ComputeAllocDelta, LeavesOutTheProfileEndpointsOwnAllocations) {
  ProfileBuilder before = Allocs();
  before.Add({"main", "Parse"}, {10, 1000, 0, 0});
  ProfileBuilder after = Allocs();
  after.Add({"main", "Parse"}, {30, 3000, 0, 0})
      .Add(
          {"fasthttp.serve", "github.com/valyala/fasthttp/pprofhandler.Handler",
           "runtime/pprof.writeHeapInternal", "compress/flate.NewWriter"},
          {4, 800000, 0, 0})
      .Add({"main", "runtime/pprof.StartCPUProfile"}, {1, 9000, 0, 0});
  Result<AllocDelta> delta = ComputeAllocDelta(before.Build(), after.Build());
  ASSERT_TRUE(delta.ok()) << delta.status().message();
  EXPECT_EQ(delta->bytes, 2000);
  EXPECT_EQ(delta->objects, 20);
  EXPECT_EQ(delta->profiler_bytes, 809000);
  EXPECT_EQ(delta->profile.proto().sample_size(), 1);
}

// At rate R each allocation of size s is recorded with probability
// 1 - exp(-s/R) and the profile scales its count up by the inverse: the
// recorded events are the counts with that scale taken out.
TEST(ComputeAllocDelta, SamplesAreTheRecordedEventsAtTheProfilesRate) {
  ProfileBuilder before = Allocs();
  before.SetPeriod("space", "bytes", 524288);
  ProfileBuilder after = Allocs();
  after.SetPeriod("space", "bytes", 524288);
  // 10 recorded 1 KiB allocations scale to 10 / (1 - exp(-1/512)) = 5125.
  after.Add({"main", "Write"}, {5125, 5125 * 1024, 0, 0});
  Result<AllocDelta> delta = ComputeAllocDelta(before.Build(), after.Build());
  ASSERT_TRUE(delta.ok()) << delta.status().message();
  EXPECT_EQ(delta->objects, 5125);
  EXPECT_EQ(delta->samples, 10);
}

TEST(ComputeAllocDelta, MissingSampleTypeIsNotFoundNamingTheTypesPresent) {
  ProfileBuilder cpu({{"samples", "count"}, {"cpu", "nanoseconds"}});
  cpu.Add({"main"}, {1, 10});
  const pprof::Profile p = cpu.Build();
  Result<AllocDelta> delta = ComputeAllocDelta(p, p);
  ASSERT_FALSE(delta.ok());
  EXPECT_EQ(delta.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(delta.status().message(),
            "allocs-after minus allocs-before: profile has no sample type "
            "'alloc_space' (has: samples, cpu)");
}

TEST(ComputeAllocDelta, ProfilesThatDoNotSubtractAreAnError) {
  ProfileBuilder cpu({{"samples", "count"}, {"cpu", "nanoseconds"}});
  ProfileBuilder allocs = Allocs();
  Result<AllocDelta> delta = ComputeAllocDelta(cpu.Build(), allocs.Build());
  ASSERT_FALSE(delta.ok());
  EXPECT_EQ(
      delta.status().message().rfind("allocs-after minus allocs-before: ", 0),
      0u)
      << delta.status().message();
}

TEST(ComputeHeapChange, InUseAfterAndGrowth) {
  ProfileBuilder before = Allocs();
  before.Add({"main", "A"}, {0, 0, 1, 4096});
  ProfileBuilder after = Allocs();
  after.Add({"main", "A"}, {0, 0, 1, 1024}).Add({"main", "B"}, {0, 0, 1, 64});
  Result<HeapChange> heap = ComputeHeapChange(before.Build(), after.Build());
  ASSERT_TRUE(heap.ok()) << heap.status().message();
  EXPECT_EQ(heap->inuse_after_bytes, 1088);
  EXPECT_EQ(heap->growth_bytes, 1088 - 4096);
}

TEST(ComputeHeapChange, MissingInUseSpaceNamesTheProfile) {
  ProfileBuilder heap = Allocs();
  ProfileBuilder cpu({{"samples", "count"}});
  Result<HeapChange> change = ComputeHeapChange(heap.Build(), cpu.Build());
  ASSERT_FALSE(change.ok());
  EXPECT_EQ(change.status().message(),
            "heap-after: profile has no sample type 'inuse_space' (has: "
            "samples)");
}

}  // namespace
}  // namespace mdbprof::results
