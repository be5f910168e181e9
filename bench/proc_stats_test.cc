#include "bench/proc_stats.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <ctime>

#include "gtest/gtest.h"

namespace mdbprof::bench {
namespace {

// Burns `seconds` of this thread's CPU time.
void BurnCpu(double seconds) {
  timespec start, now;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &start);
  volatile uint64_t x = 0;
  do {
    for (int i = 0; i < 100000; ++i) x = x + i;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  } while ((now.tv_sec - start.tv_sec) + (now.tv_nsec - start.tv_nsec) / 1e9 <
           seconds);
}

// ParseProcStat's tests: fixtures/proc_stat_test.cc.

TEST(ProcessCpuMicros, GrowsWithTheCpuWeBurn) {
  Result<int64_t> before = ProcessCpuMicros(getpid());
  ASSERT_TRUE(before.ok()) << before.status().message();
  BurnCpu(0.3);
  Result<int64_t> after = ProcessCpuMicros(getpid());
  ASSERT_TRUE(after.ok());
  // Clock ticks are 10 ms: allow one tick of slack per counter.
  EXPECT_GE(*after - *before, 250'000);
}

TEST(ProcessTreeCpuMicros, CountsLiveDescendants) {
  int pipe_fds[2];
  ASSERT_EQ(pipe(pipe_fds), 0);
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    BurnCpu(0.4);
    char done = 1;
    ssize_t n = write(pipe_fds[1], &done, 1);
    (void)n;
    pause();
    _exit(0);
  }
  char done = 0;
  ASSERT_EQ(read(pipe_fds[0], &done, 1), 1);
  close(pipe_fds[0]);
  close(pipe_fds[1]);
  Result<int64_t> self = ProcessCpuMicros(getpid());
  Result<int64_t> tree = ProcessTreeCpuMicros(getpid());
  Result<int64_t> child_only = ProcessTreesCpuMicros({child});
  Result<int64_t> both = ProcessTreesCpuMicros({getpid(), child});
  kill(child, SIGKILL);
  waitpid(child, nullptr, 0);
  ASSERT_TRUE(self.ok() && tree.ok() && child_only.ok() && both.ok());
  // Listing the child next to its parent does not count it twice (allow
  // for the CPU the test itself uses between the reads).
  EXPECT_LT(*both - *tree, 100'000);
  EXPECT_GE(*child_only, 350'000);
  EXPECT_GE(*tree - *self, 350'000) << "the child's CPU is not in the tree";
}

TEST(ProcessCpuMicros, AGoneProcessIsNotFound) {
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) _exit(0);
  waitpid(child, nullptr, 0);
  Result<int64_t> cpu = ProcessCpuMicros(child);
  ASSERT_FALSE(cpu.ok());
  EXPECT_EQ(cpu.status().code(), StatusCode::kNotFound);
  EXPECT_FALSE(ProcessTreeCpuMicros(child).ok());
  EXPECT_EQ(*ProcessTreesCpuMicros({}), 0);
}

TEST(PeakRss, ParsesVmHwm) {
  Result<int64_t> bytes =
      ParseVmHwmBytes("Name:\tx\nVmPeak:\t  9000 kB\nVmHWM:\t    1234 kB\n");
  ASSERT_TRUE(bytes.ok()) << bytes.status().message();
  EXPECT_EQ(*bytes, 1234 * 1024);
  EXPECT_FALSE(ParseVmHwmBytes("Name:\tx\n").ok());
  EXPECT_FALSE(ParseVmHwmBytes("VmHWM: lots\n").ok());
}

TEST(PeakRss, OfThisProcessIsPlausible) {
  Result<int64_t> bytes = PeakRssBytes(getpid());
  ASSERT_TRUE(bytes.ok()) << bytes.status().message();
  EXPECT_GT(*bytes, 1 << 20);
  EXPECT_LT(*bytes, int64_t{64} << 30);
}

}  // namespace
}  // namespace mdbprof::bench
