#include "server/api/malloc_trimmer.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <thread>
#include <vector>

namespace refserver {
namespace {

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kUnderAsan = true;  // gcc
#elif defined(__has_feature)
constexpr bool kUnderAsan = __has_feature(address_sanitizer);  // clang
#else
constexpr bool kUnderAsan = false;
#endif

using std::chrono::milliseconds;
using std::chrono::steady_clock;

TEST(MallocTrimmer, TrimsEveryInterval) {
  std::atomic<int> trims{0};
  {
    MallocTrimmer trimmer(milliseconds(10), [&] { ++trims; });
    const auto deadline = steady_clock::now() + std::chrono::seconds(10);
    while (trims < 3 && steady_clock::now() < deadline) {
      std::this_thread::sleep_for(milliseconds(5));
    }
  }
  EXPECT_GE(trims.load(), 3);
  const int after_stop = trims.load();
  std::this_thread::sleep_for(milliseconds(50));
  EXPECT_EQ(trims.load(), after_stop) << "trimmed after destruction";
}

TEST(MallocTrimmer, FirstTrimWaitsOneIntervalAndStopDoesNotWaitItOut) {
  std::atomic<int> trims{0};
  const auto start = steady_clock::now();
  {
    MallocTrimmer trimmer(std::chrono::hours(1), [&] { ++trims; });
    std::this_thread::sleep_for(milliseconds(20));
  }
  EXPECT_EQ(trims.load(), 0);
  EXPECT_LT(steady_clock::now() - start, std::chrono::seconds(5))
      << "the destructor waited for the interval";
}

long ResidentBytes() {
  long pages = 0, resident = 0;
  std::ifstream statm("/proc/self/statm");
  statm >> pages >> resident;
  return resident * sysconf(_SC_PAGESIZE);
}

TEST(MallocTrimmer, TheRealTrimReturnsFreePagesInsideTheHeap) {
  if (kUnderAsan) {
    GTEST_SKIP() << "ASan's allocator replaces glibc's; malloc_trim is moot";
  }
  // 64 MiB in 1 KiB blocks, then every block freed but one in 64: the heap
  // cannot shrink from its top, so only malloc_trim gives the pages back.
  constexpr size_t kBlocks = 64 * 1024;
  std::vector<char*> blocks(kBlocks);
  for (char*& b : blocks) {
    b = static_cast<char*>(malloc(1024));
    memset(b, 1, 1024);
  }
  for (size_t i = 0; i < kBlocks; ++i) {
    if (i % 64 != 63) {
      free(blocks[i]);
      blocks[i] = nullptr;
    }
  }
  const long before = ResidentBytes();
  MallocTrimmer::TrimMallocArenas();
  const long after = ResidentBytes();
  for (char* b : blocks) free(b);
  EXPECT_GT(before - after, 16L << 20)
      << "RSS " << before << " -> " << after << " bytes";
}

}  // namespace
}  // namespace refserver
