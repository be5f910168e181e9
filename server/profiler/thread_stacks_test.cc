#include "server/profiler/thread_stacks.h"

#include <dirent.h>
#include <gtest/gtest.h>
#include <pthread.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <future>
#include <thread>

#include "server/profiler/profile_test_util.h"

namespace refserver::profiler {
namespace {

using testing::IsWellFormed;
using testing::NumberLabel;
using testing::StackNames;
using testing::StringLabel;

// Blocks in read() until a byte arrives on `fd`.
__attribute__((noipa)) void WaitForByteInKnownFunction(int fd) {
  char c;
  while (read(fd, &c, 1) < 0 && errno == EINTR) {
  }
  asm volatile("" ::: "memory");
}

// A named thread blocked in WaitForByteInKnownFunction until destroyed.
class BlockedThread {
 public:
  explicit BlockedThread(const char* name, bool block_signals = false) {
    EXPECT_EQ(pipe(fds_), 0);
    std::promise<pid_t> started;
    std::future<pid_t> tid = started.get_future();
    thread_ = std::thread([&, name, block_signals] {
      if (block_signals) {
        sigset_t all;
        sigfillset(&all);
        pthread_sigmask(SIG_BLOCK, &all, nullptr);
      }
      SetCurrentThreadName(name);
      started.set_value(static_cast<pid_t>(syscall(SYS_gettid)));
      WaitForByteInKnownFunction(fds_[0]);
    });
    tid_ = tid.get();
    std::this_thread::sleep_for(std::chrono::milliseconds(50));  // in read()
  }
  ~BlockedThread() {
    EXPECT_EQ(write(fds_[1], "x", 1), 1);
    thread_.join();
    close(fds_[0]);
    close(fds_[1]);
  }
  pid_t tid() const { return tid_; }

 private:
  int fds_[2] = {-1, -1};
  pid_t tid_ = 0;
  std::thread thread_;
};

int CountTasks() {
  int n = 0;
  DIR* d = opendir("/proc/self/task");
  while (dirent* e = readdir(d)) n += e->d_name[0] != '.';
  closedir(d);
  return n;
}

TEST(ThreadStacks, NamedBlockedThreadShowsWhereItWaits) {
  BlockedThread blocked("blocked-reader");
  mdbprof::Result<perftools::profiles::Profile> p = CollectThreadsProfile();
  ASSERT_TRUE(p.ok()) << p.status().message();
  ASSERT_TRUE(IsWellFormed(*p));
  ASSERT_EQ(p->sample_type_size(), 1);
  EXPECT_EQ(p->string_table(p->sample_type(0).type()), "goroutine");
  EXPECT_EQ(p->string_table(p->sample_type(0).unit()), "count");
  int found = 0;
  for (const auto& s : p->sample()) {
    EXPECT_EQ(s.value(0), 1);
    if (StringLabel(*p, s, "thread") != "blocked-reader") continue;
    ++found;
    EXPECT_EQ(NumberLabel(*p, s, "tid"), blocked.tid());
    std::vector<std::string> names = StackNames(*p, s);
    bool has_function = false;
    for (const std::string& n : names) {
      has_function |= n.find("WaitForByteInKnownFunction") != std::string::npos;
    }
    EXPECT_TRUE(has_function) << "stack: " << ::testing::PrintToString(names);
  }
  EXPECT_EQ(found, 1);
}

TEST(ThreadStacks, EveryThreadAppearsOnce) {
  BlockedThread a("worker-a");
  BlockedThread b("worker-b");
  mdbprof::Result<std::vector<ThreadStack>> stacks = CaptureThreadStacks();
  ASSERT_TRUE(stacks.ok()) << stacks.status().message();
  EXPECT_EQ(static_cast<int>(stacks->size()), CountTasks());
  std::set<pid_t> tids;
  for (const ThreadStack& t : *stacks) {
    tids.insert(t.tid);
    EXPECT_TRUE(t.answered) << t.name;
    EXPECT_FALSE(t.call_sites.empty()) << t.name;
  }
  EXPECT_EQ(tids.size(), stacks->size());
  EXPECT_TRUE(tids.count(a.tid()) && tids.count(b.tid()));
}

TEST(ThreadStacks, ThreadThatDoesNotAnswerGetsAFrameNamedAfterIt) {
  BlockedThread deaf("deaf-thread", /*block_signals=*/true);
  auto start = std::chrono::steady_clock::now();
  mdbprof::Result<perftools::profiles::Profile> p =
      CollectThreadsProfile(std::chrono::milliseconds(50));
  auto took = std::chrono::steady_clock::now() - start;
  ASSERT_TRUE(p.ok()) << p.status().message();
  EXPECT_LT(took, std::chrono::seconds(2));
  int found = 0;
  for (const auto& s : p->sample()) {
    if (StringLabel(*p, s, "thread") != "deaf-thread") continue;
    ++found;
    EXPECT_EQ(
        StackNames(*p, s),
        std::vector<std::string>{"(thread deaf-thread: stack not captured)"});
  }
  EXPECT_EQ(found, 1);
  // A later capture still works for the other threads.
  BlockedThread ok("answers");
  mdbprof::Result<std::vector<ThreadStack>> stacks =
      CaptureThreadStacks(std::chrono::milliseconds(50));
  ASSERT_TRUE(stacks.ok());
  for (const ThreadStack& t : *stacks) {
    if (t.tid == ok.tid()) {
      EXPECT_TRUE(t.answered);
    }
    if (t.tid == deaf.tid()) {
      EXPECT_FALSE(t.answered);
    }
  }
}

TEST(ThreadStacks, SetCurrentThreadNameTruncatesToKernelLimit) {
  std::thread t([] {
    SetCurrentThreadName("a-very-long-thread-name-indeed");
    char name[32] = {};
    pthread_getname_np(pthread_self(), name, sizeof(name));
    EXPECT_STREQ(name, "a-very-long-thr");
  });
  t.join();
}

}  // namespace
}  // namespace refserver::profiler
