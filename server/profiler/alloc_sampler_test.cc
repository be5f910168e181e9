#include "server/profiler/alloc_sampler.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <malloc.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "server/profiler/heap_profile.h"
#include "server/profiler/profile_test_util.h"

extern "C" void* __libc_malloc(size_t);
extern "C" void __libc_free(void*);
extern char** environ;

namespace refserver::profiler {
namespace {

using testing::FlatWhereLeafContains;
using testing::IsWellFormed;
using testing::SampleTypeIndex;

// Keeps the compiler from eliding an allocation whose result looks unused.
inline void Escape(void* p) { asm volatile("" : : "r"(p) : "memory"); }

// Restores the sampling rate when a test ends.
class RateScope {
 public:
  explicit RateScope(int64_t rate) : saved_(MemProfileRate()) {
    SetMemProfileRate(rate);
  }
  ~RateScope() { SetMemProfileRate(saved_); }

 private:
  int64_t saved_;
};

__attribute__((noipa)) void MallocExactlyThousandBlocks(void** out) {
  for (int i = 0; i < 1000; ++i) out[i] = std::malloc(4096);
  asm volatile("" ::: "memory");
}

__attribute__((noipa)) void NewExactlyThousandBlocks(char** out) {
  for (int i = 0; i < 1000; ++i) out[i] = new char[4096];
  asm volatile("" ::: "memory");
}

struct Values {
  int64_t alloc_objects, alloc_space, inuse_objects, inuse_space;
};

Values FlatValues(const perftools::profiles::Profile& p,
                  std::string_view function) {
  return Values{
      FlatWhereLeafContains(p, SampleTypeIndex(p, "alloc_objects"), function),
      FlatWhereLeafContains(p, SampleTypeIndex(p, "alloc_space"), function),
      FlatWhereLeafContains(p, SampleTypeIndex(p, "inuse_objects"), function),
      FlatWhereLeafContains(p, SampleTypeIndex(p, "inuse_space"), function)};
}

TEST(AllocSampler, HooksAreLinkedIntoThisTest) {
  EXPECT_TRUE(MallocHooksLinked());
}

TEST(AllocSampler, RateOneCountsMallocExactlyAndTracksFrees) {
  RateScope rate(1);
  std::vector<void*> blocks(1000);
  MallocExactlyThousandBlocks(blocks.data());
  mdbprof::Result<perftools::profiles::Profile> p =
      CollectHeapProfile(HeapProfileKind::kAllocs);
  ASSERT_TRUE(p.ok()) << p.status().message();
  ASSERT_TRUE(IsWellFormed(*p));
  Values v = FlatValues(*p, "MallocExactlyThousandBlocks");
  EXPECT_EQ(v.alloc_objects, 1000);
  EXPECT_EQ(v.alloc_space, 4096000);
  EXPECT_EQ(v.inuse_objects, 1000);
  EXPECT_EQ(v.inuse_space, 4096000);

  for (void* b : blocks) std::free(b);
  p = CollectHeapProfile(HeapProfileKind::kHeap);
  ASSERT_TRUE(p.ok()) << p.status().message();
  v = FlatValues(*p, "MallocExactlyThousandBlocks");
  EXPECT_EQ(v.alloc_objects, 1000) << "alloc totals are cumulative";
  EXPECT_EQ(v.alloc_space, 4096000);
  EXPECT_EQ(v.inuse_objects, 0) << "freed blocks leave the in-use totals";
  EXPECT_EQ(v.inuse_space, 0);
}

TEST(AllocSampler, RateOneAttributesOperatorNewToItsCaller) {
  RateScope rate(1);
  std::vector<char*> blocks(1000);
  NewExactlyThousandBlocks(blocks.data());
  mdbprof::Result<perftools::profiles::Profile> p =
      CollectHeapProfile(HeapProfileKind::kHeap);
  ASSERT_TRUE(p.ok()) << p.status().message();
  Values v = FlatValues(*p, "NewExactlyThousandBlocks");
  EXPECT_EQ(v.alloc_objects, 1000);
  EXPECT_EQ(v.alloc_space, 4096000);
  EXPECT_EQ(FlatWhereLeafContains(*p, 1, "operator new"), 0)
      << "operator new frames are dropped from allocation stacks";
  for (char* b : blocks) delete[] b;
  p = CollectHeapProfile(HeapProfileKind::kHeap);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(FlatValues(*p, "NewExactlyThousandBlocks").inuse_space, 0);
}

// One block from each allocation function: 8 allocations, 7 left in use.
__attribute__((noipa)) void AllocateWithEachFunction(void** out) {
  out[0] = std::calloc(10, 100);                 // 1000 bytes
  out[1] = std::realloc(std::malloc(10), 2000);  // 10, then 2000
  out[2] = memalign(64, 3000);
  if (posix_memalign(&out[3], 64, 4000) != 0) out[3] = nullptr;
  out[4] = aligned_alloc(64, 5056);
  out[5] = valloc(6000);
  out[6] = pvalloc(7000);
  asm volatile("" ::: "memory");
}

TEST(AllocSampler, EveryAllocationFunctionIsSampled) {
  RateScope rate(1);
  void* blocks[7] = {};
  AllocateWithEachFunction(blocks);
  for (void* b : blocks) ASSERT_NE(b, nullptr);
  mdbprof::Result<perftools::profiles::Profile> p =
      CollectHeapProfile(HeapProfileKind::kHeap);
  ASSERT_TRUE(p.ok()) << p.status().message();
  Values v = FlatValues(*p, "AllocateWithEachFunction");
  EXPECT_EQ(v.alloc_objects, 8);
  EXPECT_EQ(v.alloc_space, 1000 + 10 + 2000 + 3000 + 4000 + 5056 + 6000 + 7000);
  EXPECT_EQ(v.inuse_objects, 7) << "realloc released its first block";
  EXPECT_EQ(v.inuse_space, 1000 + 2000 + 3000 + 4000 + 5056 + 6000 + 7000);
  for (void* b : blocks) std::free(b);
  p = CollectHeapProfile(HeapProfileKind::kHeap);
  ASSERT_TRUE(p.ok());
  v = FlatValues(*p, "AllocateWithEachFunction");
  EXPECT_EQ(v.inuse_objects, 0);
  EXPECT_EQ(v.inuse_space, 0);
}

__attribute__((noipa)) void AllocateAndFreeKiBBlocks(int64_t count) {
  for (int64_t i = 0; i < count; ++i) {
    void* p = std::malloc(1024);
    Escape(p);
    std::free(p);
  }
}

TEST(AllocSampler, DefaultRateEstimatesVolumeWithinStatisticalError) {
  RateScope rate(kDefaultMemProfileRate);
  constexpr int64_t kBlocks = 200 * 1024;  // 200 MiB in 1 KiB blocks
  constexpr int64_t kBytes = kBlocks * 1024;
  AllocateAndFreeKiBBlocks(kBlocks);
  mdbprof::Result<perftools::profiles::Profile> p =
      CollectHeapProfile(HeapProfileKind::kAllocs);
  ASSERT_TRUE(p.ok()) << p.status().message();
  Values v = FlatValues(*p, "AllocateAndFreeKiBBlocks");
  // Each block is sampled with probability q = 1 - exp(-1024 / rate), so
  // the sample count is binomial with mean kBlocks * q (~400) and relative
  // standard error 1 / sqrt(400) = 5%. Allow 4 standard errors.
  double q = 1 - std::exp(-1024.0 / kDefaultMemProfileRate);
  double rel_se = 1 / std::sqrt(kBlocks * q);
  EXPECT_NEAR(static_cast<double>(v.alloc_space) / kBytes, 1.0, 4 * rel_se)
      << "estimated " << v.alloc_space << " of " << kBytes << " bytes";
  EXPECT_NEAR(static_cast<double>(v.alloc_objects) / kBlocks, 1.0, 4 * rel_se);
  EXPECT_EQ(v.inuse_space, 0);
  std::printf(
      "[measure] default rate: estimated/true bytes = %.4f "
      "(relative se %.4f)\n",
      static_cast<double>(v.alloc_space) / kBytes, rel_se);
  EXPECT_EQ(p->period(), kDefaultMemProfileRate);
  EXPECT_EQ(p->string_table(p->default_sample_type()), "alloc_space");
}

__attribute__((noipa)) void AllocateHundredWhilePaused(void** out) {
  AllocationSamplingPause pause;
  for (int i = 0; i < 100; ++i) out[i] = std::malloc(100);
  asm volatile("" ::: "memory");
}

TEST(AllocSampler, PausedThreadIsNotSampledButItsFreesCount) {
  RateScope rate(1);
  std::vector<void*> paused(100);
  AllocateHundredWhilePaused(paused.data());
  std::vector<void*> sampled(1000);
  MallocExactlyThousandBlocks(sampled.data());
  {
    AllocationSamplingPause pause;
    for (void* b : sampled) std::free(b);
  }
  mdbprof::Result<perftools::profiles::Profile> p =
      CollectHeapProfile(HeapProfileKind::kHeap);
  ASSERT_TRUE(p.ok()) << p.status().message();
  EXPECT_EQ(FlatValues(*p, "AllocateHundredWhilePaused").alloc_objects, 0);
  EXPECT_EQ(FlatValues(*p, "MallocExactlyThousandBlocks").inuse_objects, 0)
      << "frees during a pause still leave the in-use totals";
  for (void* b : paused) std::free(b);
}

TEST(AllocSampler, RateZeroRecordsNothing) {
  RateScope rate(0);
  std::vector<void*> blocks(1000);
  MallocExactlyThousandBlocks(blocks.data());  // The stack is known already.
  for (void* b : blocks) std::free(b);
  std::vector<AllocationBucket> buckets = SnapshotAllocationBuckets();
  int64_t total = 0;
  for (const AllocationBucket& b : buckets) total += b.alloc_count;
  MallocExactlyThousandBlocks(blocks.data());
  for (void* b : blocks) std::free(b);
  int64_t after = 0;
  for (const AllocationBucket& b : SnapshotAllocationBuckets()) {
    after += b.alloc_count;
  }
  EXPECT_EQ(after, total);
}

TEST(AllocSampler, UnsamplesLikeGo) {
  EXPECT_EQ(UnsampleHeap(10, 1000, 1), (std::pair<int64_t, int64_t>{10, 1000}));
  EXPECT_EQ(UnsampleHeap(0, 0, 524288), (std::pair<int64_t, int64_t>{0, 0}));
  // avg 1024 at rate 524288: scale = 1 / (1 - exp(-1/512)) = 512.50016...
  auto [count, bytes] = UnsampleHeap(400, 400 * 1024, 524288);
  EXPECT_EQ(count, 205000);
  EXPECT_EQ(bytes, 209920066);
  // Blocks much larger than the rate are always sampled: scale ~ 1.
  EXPECT_EQ(UnsampleHeap(3, int64_t{3} << 30, 524288).first, 3);
}

TEST(ParseMemProfileRate, AcceptsBytesAndDefaultsWhenUnset) {
  EXPECT_EQ(*ParseMemProfileRate(nullptr), kDefaultMemProfileRate);
  EXPECT_EQ(*ParseMemProfileRate(""), kDefaultMemProfileRate);
  EXPECT_EQ(*ParseMemProfileRate("0"), 0);
  EXPECT_EQ(*ParseMemProfileRate("1"), 1);
  EXPECT_EQ(*ParseMemProfileRate("4096"), 4096);
}

TEST(ParseMemProfileRate, RefusesABadValueNamingTheVariableAndTheValue) {
  for (const char* bad :
       {"junk", "-1", "512k", " 1", "1.5", "99999999999999999999999"}) {
    mdbprof::Result<int64_t> rate = ParseMemProfileRate(bad);
    ASSERT_FALSE(rate.ok()) << bad;
    EXPECT_EQ(rate.status().code(), mdbprof::StatusCode::kInvalidArgument);
    EXPECT_EQ(rate.status().message().rfind(
                  std::string("MDBPROF_MEMPROFILE_RATE='") + bad + "': ", 0),
              0u)
        << rate.status().message();
  }
}

// Runs this test binary again with MDBPROF_MEMPROFILE_RATE set, asking it to
// check the rate it read before main.
TEST(AllocSampler, ReadsRateFromEnvironment) {
  if (const char* expect = std::getenv("REFSERVER_EXPECT_MEMPROFILE_RATE")) {
    EXPECT_EQ(MemProfileRate(), std::atoll(expect));
    return;
  }
  for (auto [value, expect] : std::vector<std::pair<const char*, const char*>>{
           {"1", "1"}, {"0", "0"}, {"4096", "4096"}, {"junk", "524288"}}) {
    std::string rate_env = std::string("MDBPROF_MEMPROFILE_RATE=") + value;
    std::string expect_env =
        std::string("REFSERVER_EXPECT_MEMPROFILE_RATE=") + expect;
    std::string filter = "--gtest_filter=AllocSampler.ReadsRateFromEnvironment";
    char* argv[] = {const_cast<char*>("/proc/self/exe"), filter.data(),
                    nullptr};
    char* envp[] = {rate_env.data(), expect_env.data(), nullptr};
    posix_spawn_file_actions_t quiet;
    posix_spawn_file_actions_init(&quiet);
    posix_spawn_file_actions_addopen(&quiet, 1, "/dev/null", O_WRONLY, 0);
    pid_t pid = 0;
    int rc = posix_spawn(&pid, "/proc/self/exe", &quiet, nullptr, argv, envp);
    posix_spawn_file_actions_destroy(&quiet);
    ASSERT_EQ(rc, 0);
    int status = 0;
    ASSERT_EQ(waitpid(pid, &status, 0), pid);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
        << "child with " << rate_env << " failed (status " << status << ")";
  }
}

__attribute__((noipa)) double TimeMallocLoop(bool use_libc) {
  constexpr int kOps = 500'000;
  void* held[16] = {};
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < kOps; ++i) {
    size_t size = 16 + (i * 37) % 512;
    void*& slot = held[i & 15];
    if (use_libc) {
      __libc_free(slot);
      slot = __libc_malloc(size);
    } else {
      std::free(slot);
      slot = std::malloc(size);
    }
    Escape(slot);
  }
  for (void*& p : held) use_libc ? __libc_free(p) : std::free(p);
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
             .count() /
         kOps * 1e9;
}

// Cost of the hooks on a malloc-heavy loop: glibc alone, hooks with
// sampling off, hooks at the default rate. Timing on shared machines is
// noisy, so this takes the best of 15 interleaved rounds, prints the ratios
// for the record and only guards against gross regressions (such as a lock
// or an unwind on the unsampled path, which cost 10x and more).
TEST(AllocSampler, OverheadOnMallocHeavyLoopIsSmall) {
  RateScope restore(MemProfileRate());
  double libc = 1e9, off = 1e9, on = 1e9;
  for (int i = 0; i < 15; ++i) {
    libc = std::min(libc, TimeMallocLoop(true));
    SetMemProfileRate(0);
    off = std::min(off, TimeMallocLoop(false));
    SetMemProfileRate(kDefaultMemProfileRate);
    on = std::min(on, TimeMallocLoop(false));
  }
  std::printf(
      "[measure] malloc+free loop: libc %.1f ns/op, hooks rate 0 %.1f ns/op, "
      "hooks default rate %.1f ns/op; on/off = %.3f, on/libc = %.3f\n",
      libc, off, on, on / off, on / libc);
  EXPECT_LT(on / off, 3.0);
  EXPECT_LT(on / libc, 3.0);
}

TEST(AllocSampler, ThreadsAllocateConcurrentlyAtRateOne) {
  RateScope rate(1);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([] {
      std::vector<void*> v;
      for (int i = 0; i < 20000; ++i) {
        v.push_back(std::malloc(32 + i % 100));
        if (v.size() > 100) {
          std::free(v.front());
          v.erase(v.begin());
        }
      }
      for (void* p : v) std::free(p);
    });
  }
  for (auto& t : threads) t.join();
  SUCCEED();
}

}  // namespace
}  // namespace refserver::profiler
