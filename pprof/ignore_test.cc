#include "pprof/ignore.h"

#include <gtest/gtest.h>

#include "pprof/testing/profile_builder.h"
#include "pprof/totals.h"

namespace mdbprof::pprof {
namespace {

using testing::ProfileBuilder;

Profile Allocations() {
  ProfileBuilder b({{"alloc_objects", "count"}, {"alloc_space", "bytes"}});
  b.Add({"main.main", "api.streamWrite", "json.Unmarshal"}, {3, 300});
  b.Add({"net/http.serve", "runtime/pprof.writeHeap"}, {5, 5000});
  b.Add({"runtime/pprof.StartCPUProfile"}, {1, 1000});
  return b.Build();
}

TEST(IgnoreSamples, DropsTheStacksWithAMatchingFrameOnly) {
  Result<Profile> kept = IgnoreSamples(Allocations(), R"(^runtime/pprof\.)");
  ASSERT_TRUE(kept.ok()) << kept.status().message();
  ASSERT_EQ(kept->proto().sample_size(), 1);
  Result<SampleTypeTotal> bytes = TotalOf(*kept, "alloc_space");
  ASSERT_TRUE(bytes.ok());
  EXPECT_EQ(bytes->sum, 300);
  // Everything else of the profile stays, so names still resolve.
  EXPECT_EQ(kept->proto().function_size(),
            Allocations().proto().function_size());
}

TEST(IgnoreSamples, AnEmptyRegexKeepsTheProfile) {
  Result<Profile> kept = IgnoreSamples(Allocations(), "");
  ASSERT_TRUE(kept.ok());
  EXPECT_EQ(kept->proto().sample_size(), 3);
}

TEST(IgnoreSamples, AnInvalidRegexIsAnErrorNamingIt) {
  Result<Profile> kept = IgnoreSamples(Allocations(), "(unclosed");
  ASSERT_FALSE(kept.ok());
  EXPECT_NE(kept.status().message().find("(unclosed"), std::string::npos)
      << kept.status().message();
}

}  // namespace
}  // namespace mdbprof::pprof
