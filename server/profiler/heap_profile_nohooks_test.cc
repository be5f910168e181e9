// Built without refserver_malloc_hooks: allocation profiles must say why
// they are unavailable instead of serving an empty profile.
#include <gtest/gtest.h>

#include "server/profiler/alloc_sampler.h"
#include "server/profiler/heap_profile.h"

namespace refserver::profiler {
namespace {

TEST(HeapProfileWithoutHooks, ReportsThatHooksAreMissing) {
  EXPECT_FALSE(MallocHooksLinked());
  mdbprof::Result<perftools::profiles::Profile> p =
      CollectHeapProfile(HeapProfileKind::kHeap);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().code(), mdbprof::StatusCode::kFailedPrecondition);
  EXPECT_NE(p.status().message().find("refserver_malloc_hooks"),
            std::string::npos)
      << p.status().message();
}

}  // namespace
}  // namespace refserver::profiler
