#include "server/profiler/thread_stacks.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <fstream>
#include <mutex>

#include "server/profiler/alloc_sampler.h"
#include "server/profiler/proc_tasks.h"
#include "server/profiler/profile_builder.h"
#include "server/profiler/signal_handlers.h"
#include "server/profiler/signal_unwind.h"

namespace refserver::profiler {
namespace {

// One request at a time, packed in one word so that a late answer from a
// thread that timed out can never be taken for the current thread's:
// bits 0-31 target tid, 32-39 phase, 40-63 request sequence.
enum Phase : uint64_t { kIdle = 0, kPosted = 1, kWriting = 2, kDone = 3 };

constexpr uint64_t Pack(uint64_t seq, Phase phase, pid_t tid) {
  return (seq << 40) | (static_cast<uint64_t>(phase) << 32) |
         static_cast<uint32_t>(tid);
}
constexpr Phase PhaseOf(uint64_t v) {
  return static_cast<Phase>((v >> 32) & 0xff);
}
constexpr pid_t TidOf(uint64_t v) { return static_cast<pid_t>(v & 0xffffffff); }
constexpr uint64_t SeqOf(uint64_t v) { return v >> 40; }

struct StackSlot {
  std::atomic<uint64_t> request{0};
  int depth = 0;
  uint64_t raw[kMaxStackDepth] = {};
};
constinit StackSlot g_slot;

pid_t Gettid() { return static_cast<pid_t>(syscall(SYS_gettid)); }

void StackHandler(int, siginfo_t* info, void* ucontext) {
  int saved_errno = errno;
  uint64_t v = g_slot.request.load(std::memory_order_acquire);
  if (info->si_code == SI_TKILL && info->si_pid == getpid() &&
      PhaseOf(v) == kPosted && TidOf(v) == Gettid() &&
      g_slot.request.compare_exchange_strong(
          v, Pack(SeqOf(v), kWriting, TidOf(v)), std::memory_order_acq_rel)) {
    internal::SignalHandlerScope scope;
    g_slot.depth = UnwindSignalContext(ucontext, g_slot.raw, kMaxStackDepth);
    g_slot.request.store(Pack(SeqOf(v), kDone, TidOf(v)),
                         std::memory_order_release);
  }
  errno = saved_errno;
}

int64_t MonotonicNs() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

void SleepNs(int64_t ns) {
  timespec ts{0, static_cast<long>(ns)};
  nanosleep(&ts, nullptr);
}

std::string ThreadName(pid_t tid) {
  std::ifstream in("/proc/self/task/" + std::to_string(tid) + "/comm");
  std::string name;
  std::getline(in, name);
  return name;
}

bool ThreadAlive(pid_t tid) {
  return access(("/proc/self/task/" + std::to_string(tid)).c_str(), F_OK) == 0;
}

mdbprof::Result<std::vector<pid_t>> ListThreads() {
  std::vector<pid_t> tids;
  if (!ForEachThread([&](pid_t tid) { tids.push_back(tid); })) {
    return mdbprof::Internal("cannot read /proc/self/task");
  }
  std::sort(tids.begin(), tids.end());
  return tids;
}

// Asks thread `tid` for its stack. Returns false when it did not answer
// within `timeout_ns` or could not be signalled.
bool AskThread(pid_t tid, int64_t timeout_ns, uint64_t seq, ThreadStack* out) {
  uint64_t posted = Pack(seq, kPosted, tid);
  g_slot.request.store(posted, std::memory_order_release);
  if (syscall(SYS_tgkill, getpid(), tid, internal::ThreadStackSignal()) != 0) {
    g_slot.request.store(Pack(seq, kIdle, 0), std::memory_order_release);
    return false;
  }
  int64_t deadline = MonotonicNs() + timeout_ns;
  for (;;) {
    uint64_t v = g_slot.request.load(std::memory_order_acquire);
    if (PhaseOf(v) == kDone) break;
    if (PhaseOf(v) == kPosted && MonotonicNs() >= deadline) {
      // Withdraw the request unless the handler has just taken it.
      if (g_slot.request.compare_exchange_strong(v, Pack(seq, kIdle, 0),
                                                 std::memory_order_acq_rel)) {
        return false;
      }
      continue;
    }
    SleepNs(PhaseOf(v) == kWriting ? 10'000 : 100'000);
  }
  uint64_t raw[kMaxStackDepth];
  int depth = g_slot.depth;
  std::copy(g_slot.raw, g_slot.raw + depth, raw);
  g_slot.request.store(Pack(seq, kIdle, 0), std::memory_order_release);
  ToCallSites(raw, depth, &out->call_sites);
  return true;
}

}  // namespace

mdbprof::Result<std::vector<ThreadStack>> CaptureThreadStacks(
    std::chrono::milliseconds answer_timeout) {
  static std::mutex mu;  // One capture at a time: g_slot is shared.
  static bool installed = false;
  static uint64_t seq = 0;
  std::lock_guard<std::mutex> lock(mu);
  if (!installed) {
    MDBPROF_RETURN_IF_ERROR(
        internal::InstallHandler(internal::ThreadStackSignal(), StackHandler));
    installed = true;
  }
  mdbprof::Result<std::vector<pid_t>> tids = ListThreads();
  if (!tids.ok()) return tids.status();
  int64_t timeout_ns =
      std::chrono::duration_cast<std::chrono::nanoseconds>(answer_timeout)
          .count();
  pid_t self = Gettid();
  std::vector<ThreadStack> out;
  for (pid_t tid : *tids) {
    ThreadStack t;
    t.tid = tid;
    t.name = ThreadName(tid);
    if (tid == self) {
      uint64_t raw[kMaxStackDepth];
      int n = UnwindCurrentThread(raw, kMaxStackDepth);
      ToCallSites(raw, n, &t.call_sites);
      t.answered = true;
    } else {
      seq = (seq + 1) & ((uint64_t{1} << 24) - 1);
      t.answered = AskThread(tid, timeout_ns, seq, &t);
      if (!t.answered && !ThreadAlive(tid)) continue;  // It exited.
    }
    out.push_back(std::move(t));
  }
  return out;
}

mdbprof::Result<perftools::profiles::Profile> CollectThreadsProfile(
    std::chrono::milliseconds answer_timeout) {
  AllocationSamplingPause pause;  // The profiler's memory is not profiled.
  int64_t now_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  mdbprof::Result<std::vector<ThreadStack>> stacks =
      CaptureThreadStacks(answer_timeout);
  if (!stacks.ok()) return stacks.status();
  ProfileBuilder builder({{"goroutine", "count"}}, {"goroutine", "count"}, 1);
  builder.SetTime(now_ns, 0);
  for (const ThreadStack& t : *stacks) {
    std::vector<SampleLabel> labels = {{"thread", t.name, 0, ""},
                                       {"tid", "", t.tid, ""}};
    if (t.answered && !t.call_sites.empty()) {
      builder.AddSample(t.call_sites, {1}, labels);
    } else {
      builder.AddNamedSample("(thread " + t.name + ": stack not captured)", {1},
                             labels);
    }
  }
  return builder.Build();
}

void SetCurrentThreadName(std::string_view name) {
  std::string truncated(name.substr(0, 15));
  pthread_setname_np(pthread_self(), truncated.c_str());
}

}  // namespace refserver::profiler
