#include "server/profiler/cpu_profiler.h"

#include <gtest/gtest.h>
#include <time.h>

#include <atomic>
#include <cmath>
#include <cstdlib>
#include <future>
#include <thread>
#include <vector>

#include "server/profiler/alloc_sampler.h"
#include "server/profiler/cpu_timers.h"
#include "server/profiler/profile_test_util.h"

namespace refserver::profiler {
namespace {

using testing::FlatWhereLeafContains;
using testing::IsWellFormed;

// Two CPU burners with distinct bodies (so the linker cannot fold them).
__attribute__((noipa)) uint64_t SpinTwoThirds(int64_t iters, uint64_t x) {
  for (int64_t i = 0; i < iters; ++i) {
    x = x * 6364136223846793005ull + 1442695040888963407ull;
    asm volatile("" : "+r"(x));
  }
  return x;
}

__attribute__((noipa)) uint64_t SpinOneThird(int64_t iters, uint64_t x) {
  for (int64_t i = 0; i < iters; ++i) {
    x = x * 2862933555777941757ull + 3037000493ull;
    asm volatile("" : "+r"(x));
  }
  return x;
}

int64_t ProcessCpuNs() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

// Burns CPU on `threads` threads between Start() and Stop(), 2 units in
// SpinTwoThirds for every unit in SpinOneThird. The threads exist (blocked)
// from construction, so a profile started before Start() samples them
// from their first instruction of burning.
class SplitBurner {
 public:
  explicit SplitBurner(int threads) {
    std::shared_future<void> go = go_.get_future().share();
    for (int t = 0; t < threads; ++t) {
      threads_.emplace_back([this, go] {
        go.wait();
        uint64_t x = 1;
        constexpr int64_t kUnit = 20000;  // tens of microseconds
        while (!stop_.load(std::memory_order_relaxed)) {
          x = SpinTwoThirds(2 * kUnit, x);
          x = SpinOneThird(kUnit, x);
        }
        sink_.fetch_add(x, std::memory_order_relaxed);
      });
    }
  }
  ~SplitBurner() { Stop(); }
  void Start() { go_.set_value(); }
  void Stop() {
    stop_ = true;
    for (auto& t : threads_) {
      if (t.joinable()) t.join();
    }
  }

 private:
  std::promise<void> go_;
  std::atomic<bool> stop_{false};
  std::atomic<uint64_t> sink_{0};
  std::vector<std::thread> threads_;
};

void CheckTwoToOneSplit(CpuTimerMode mode) {
  // Rounds of: a 2 s profile; inside it, two burner threads run for 1.6 s.
  // Repeat until the burners have 400 samples: two rounds on an idle
  // two-core machine, more when other processes take the CPU.
  int64_t two = 0, one = 0, samples = 0, sampled_ns = 0, cpu_ns = 0;
  for (int round = 0; two + one < 400 && round < 15; ++round) {
    SplitBurner burner(2);
    mdbprof::Result<perftools::profiles::Profile> p =
        mdbprof::FailedPrecondition("not run");
    std::thread profile(
        [&p, mode] { p = CollectCpuProfile(std::chrono::seconds(2), mode); });
    std::this_thread::sleep_for(std::chrono::milliseconds(150));
    int64_t cpu_before = ProcessCpuNs();
    burner.Start();
    std::this_thread::sleep_for(std::chrono::milliseconds(1600));
    burner.Stop();
    cpu_ns += ProcessCpuNs() - cpu_before;
    profile.join();
    ASSERT_TRUE(p.ok()) << p.status().message();
    ASSERT_TRUE(IsWellFormed(*p));
    two += FlatWhereLeafContains(*p, 0, "SpinTwoThirds");
    one += FlatWhereLeafContains(*p, 0, "SpinOneThird");
    samples += testing::Total(*p, 0);
    sampled_ns += testing::Total(*p, 1);
  }
  int64_t n = two + one;
  ASSERT_GE(n, 200) << "too few samples in the burners (machine overloaded?)";
  EXPECT_GE(static_cast<double>(n) / static_cast<double>(samples), 0.9)
      << "the burners use nearly all of the process's CPU";
  double share = static_cast<double>(two) / static_cast<double>(n);
  // Samples land at effectively random phases of the burn loop, so the share
  // is binomial: allow 4 standard errors (0.094 at 400 samples, 0.13 at the
  // 200 accepted on an overloaded machine).
  double se = std::sqrt((2.0 / 3) * (1.0 / 3) / static_cast<double>(n));
  EXPECT_NEAR(share, 2.0 / 3, 4 * se)
      << "SpinTwoThirds " << two << " vs SpinOneThird " << one << " samples";
  std::printf("[measure] cpu split: %.4f (expected 0.6667, n=%lld, se=%.4f)\n",
              share, static_cast<long long>(n), se);

  // All CPU of the burning period falls inside the sampling windows.
  EXPECT_EQ(sampled_ns, samples * kCpuProfilePeriodNs);
  double ratio = static_cast<double>(sampled_ns) / static_cast<double>(cpu_ns);
  EXPECT_NEAR(ratio, 1.0, 0.10) << "samples x period " << sampled_ns
                                << " ns vs process CPU " << cpu_ns << " ns";
  std::printf("[measure] samples*period / process cpu = %.4f (%lld samples)\n",
              ratio, static_cast<long long>(samples));
}

TEST(CpuProfiler, AttributesAKnownTwoToOneSplitWithProcessTimer) {
  if (!ProcessTimerSignalsReachRunningThread()) {
    GTEST_SKIP() << "kernel older than 6.3: process timer signals do not "
                    "reach the running thread";
  }
  CheckTwoToOneSplit(CpuTimerMode::kProcess);
}

TEST(CpuProfiler, AttributesAKnownTwoToOneSplitWithPerThreadTimers) {
  CheckTwoToOneSplit(CpuTimerMode::kPerThread);
}

__attribute__((noipa)) uint64_t SpinInLateThread(std::atomic<bool>* stop) {
  uint64_t x = 7;
  while (!stop->load(std::memory_order_relaxed)) {
    x = x * 3202034522624059733ull + 1;
    asm volatile("" : "+r"(x));
  }
  return x;
}

TEST(CpuProfiler, PerThreadTimersSampleThreadsStartedDuringTheProfile) {
  mdbprof::Result<perftools::profiles::Profile> p =
      mdbprof::FailedPrecondition("not run");
  std::thread profile([&p] {
    p = CollectCpuProfile(std::chrono::milliseconds(1500),
                          CpuTimerMode::kPerThread);
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  std::atomic<bool> stop{false};
  int64_t late_cpu_ns = 0;
  std::thread late([&stop, &late_cpu_ns] {
    SpinInLateThread(&stop);
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    late_cpu_ns = static_cast<int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(800));
  stop = true;
  late.join();
  profile.join();
  ASSERT_TRUE(p.ok()) << p.status().message();
  int64_t samples = testing::CumWhereStackContains(*p, 0, "SpinInLateThread");
  // The thread is armed within 20 ms of its start (one drain interval):
  // at most a few periods of its CPU time go unsampled.
  int64_t expected = (late_cpu_ns - 50'000'000) / kCpuProfilePeriodNs;
  EXPECT_GT(samples, 0);
  EXPECT_GE(samples, expected * 8 / 10)
      << "thread CPU " << late_cpu_ns << " ns, " << samples << " samples; "
      << ::testing::PrintToString(testing::FlatByFunction(*p, 0));
}

// Burns `cpu_ns` of this thread's CPU time.
__attribute__((noipa)) void BurnThreadCpu(int64_t cpu_ns) {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  int64_t end =
      static_cast<int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec + cpu_ns;
  uint64_t x = 5;
  for (;;) {
    for (int i = 0; i < 1000; ++i) {
      x = x * 6364136223846793005ull + 7;
      asm volatile("" : "+r"(x));
    }
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    if (static_cast<int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec >= end) {
      break;
    }
  }
}

// Regression: a server spreading light load over 64 workers showed 0
// samples with per-thread timers (no worker reached 10 ms of CPU, and the
// kernel notices a thread's expiry only at a tick while it runs). The
// process timer counts all threads' CPU together, and its signal must land
// on the burning threads, not on the waiting main thread.
TEST(CpuProfiler, CpuSpreadThinlyOverManyThreadsIsSampled) {
  if (!ProcessTimerSignalsReachRunningThread()) {
    GTEST_SKIP() << "needs Linux >= 6.3 (process timer); per-thread timers "
                    "undersample this case by design";
  }
  // 40 threads, each 50 bursts of 100 us with 20 ms pauses: 5 ms of CPU
  // per thread (half a period), 200 ms in all, over about a second.
  constexpr int kThreads = 40;
  std::promise<void> go;
  std::shared_future<void> started = go.get_future().share();
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([started] {
      started.wait();
      for (int burst = 0; burst < 50; ++burst) {
        BurnThreadCpu(100'000);
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
    });
  }
  mdbprof::Result<perftools::profiles::Profile> p =
      mdbprof::FailedPrecondition("not run");
  std::thread profile([&p] {
    p = CollectCpuProfile(std::chrono::milliseconds(2500),
                          CpuTimerMode::kProcess);
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  int64_t cpu_before = ProcessCpuNs();
  go.set_value();
  for (auto& t : threads) t.join();
  int64_t cpu_ns = ProcessCpuNs() - cpu_before;
  profile.join();
  ASSERT_TRUE(p.ok()) << p.status().message();
  int64_t samples = testing::Total(*p, 0);
  int64_t burning = testing::CumWhereStackContains(*p, 0, "BurnThreadCpu");
  // About 20 periods: allow the partial periods at both ends.
  double ratio = static_cast<double>(samples * kCpuProfilePeriodNs) /
                 static_cast<double>(cpu_ns);
  EXPECT_NEAR(ratio, 1.0, 0.3)
      << samples << " samples for " << cpu_ns << " ns of process CPU";
  EXPECT_GE(static_cast<double>(burning), 0.7 * static_cast<double>(samples))
      << "samples must land on the threads that burn CPU";
}

TEST(CpuProfiler, ProfileDescribesItsUnits) {
  mdbprof::Result<perftools::profiles::Profile> p =
      CollectCpuProfile(std::chrono::milliseconds(50));
  ASSERT_TRUE(p.ok()) << p.status().message();
  const auto& s = p->string_table();
  ASSERT_EQ(p->sample_type_size(), 2);
  EXPECT_EQ(s[p->sample_type(0).type()], "samples");
  EXPECT_EQ(s[p->sample_type(0).unit()], "count");
  EXPECT_EQ(s[p->sample_type(1).type()], "cpu");
  EXPECT_EQ(s[p->sample_type(1).unit()], "nanoseconds");
  EXPECT_EQ(s[p->period_type().type()], "cpu");
  EXPECT_EQ(s[p->period_type().unit()], "nanoseconds");
  EXPECT_EQ(p->period(), 10'000'000);
  EXPECT_GE(p->duration_nanos(), 50'000'000);
  EXPECT_GT(p->time_nanos(), 1'600'000'000'000'000'000);  // after 2020
}

TEST(CpuProfiler, SecondConcurrentProfileIsRefused) {
  std::thread first([] {
    EXPECT_TRUE(CollectCpuProfile(std::chrono::milliseconds(800)).ok());
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  mdbprof::Result<perftools::profiles::Profile> second =
      CollectCpuProfile(std::chrono::milliseconds(100));
  first.join();
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), mdbprof::StatusCode::kFailedPrecondition);
  EXPECT_EQ(second.status().message(), "cpu profiling already in use");
  // Once the first is done, profiling works again.
  EXPECT_TRUE(CollectCpuProfile(std::chrono::milliseconds(20)).ok());
}

TEST(CpuProfiler, RejectsNonPositiveDuration) {
  mdbprof::Result<perftools::profiles::Profile> p =
      CollectCpuProfile(std::chrono::nanoseconds(0));
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().code(), mdbprof::StatusCode::kInvalidArgument);
}

__attribute__((noipa)) void HammerMalloc(std::atomic<bool>* stop,
                                         std::atomic<uint64_t>* ops) {
  std::vector<void*> held(64, nullptr);
  uint64_t x = 88172645463325252ull;
  uint64_t n = 0;
  while (!stop->load(std::memory_order_relaxed)) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    size_t slot = x % held.size();
    std::free(held[slot]);
    held[slot] = std::malloc(1 + x % 4096);
    ++n;
  }
  for (void* p : held) std::free(p);
  ops->fetch_add(n);
}

// The SIGPROF handler must not allocate: if it did, interrupting a thread
// inside malloc would deadlock or corrupt the heap, and the hooks would
// count the call. Runs with frequent allocation sampling so the sampler's
// own unwinding and locking are interrupted too.
TEST(CpuProfiler, SurvivesThreadsHammeringMalloc) {
  int64_t saved_rate = MemProfileRate();
  SetMemProfileRate(4096);
  uint64_t before = AllocationsInProfilerSignalHandlers();
  std::atomic<bool> stop{false};
  std::atomic<uint64_t> ops{0};
  std::vector<std::thread> hammers;
  for (int i = 0; i < 3; ++i) hammers.emplace_back(HammerMalloc, &stop, &ops);
  mdbprof::Result<perftools::profiles::Profile> p =
      CollectCpuProfile(std::chrono::seconds(3));
  stop = true;
  for (auto& t : hammers) t.join();
  SetMemProfileRate(saved_rate);
  ASSERT_TRUE(p.ok()) << p.status().message();
  EXPECT_TRUE(IsWellFormed(*p));
  EXPECT_GT(ops.load(), 10000u);
  EXPECT_GT(testing::Total(*p, 0), 20);
  EXPECT_EQ(AllocationsInProfilerSignalHandlers(), before)
      << "a profiler signal handler called malloc or free";
  EXPECT_GT(testing::CumWhereStackContains(*p, 0, "HammerMalloc"), 0)
      << "no sample shows the hammering threads";
}

}  // namespace
}  // namespace refserver::profiler
