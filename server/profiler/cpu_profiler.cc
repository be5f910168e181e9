#include "server/profiler/cpu_profiler.h"

#include <errno.h>
#include <signal.h>
#include <time.h>

#include <atomic>
#include <cstring>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "server/profiler/alloc_sampler.h"
#include "server/profiler/cpu_timers.h"
#include "server/profiler/profile_builder.h"
#include "server/profiler/sample_ring.h"
#include "server/profiler/signal_handlers.h"
#include "server/profiler/signal_unwind.h"

namespace refserver::profiler {
namespace {

// At 100 Hz per busy core and a drain every 20 ms, 1024 slots absorb ~500
// busy cores.
constinit SampleRing<1024> g_ring;

std::atomic<uint32_t> g_session{0};  // tag of the running profile; 0 = none
std::atomic<uint64_t> g_lost{0};
std::atomic<bool> g_busy{false};

__thread volatile sig_atomic_t tls_in_prof_handler
    __attribute__((tls_model("initial-exec")));

void ProfHandler(int, siginfo_t* info, void* ucontext) {
  int saved_errno = errno;
  uint32_t session = g_session.load(std::memory_order_acquire);
  // Only our timers' signals count; each stands for 1 + si_overrun periods.
  if (session != 0 && !tls_in_prof_handler && info->si_code == SI_TIMER) {
    uint32_t weight =
        1 + static_cast<uint32_t>(info->si_overrun > 0 ? info->si_overrun : 0);
    tls_in_prof_handler = 1;
    {
      internal::SignalHandlerScope scope;
      uint64_t raw[kMaxStackDepth];
      int n = UnwindSignalContext(ucontext, raw, kMaxStackDepth);
      if (!g_ring.Push(session, weight, raw, n)) {
        g_lost.fetch_add(weight, std::memory_order_relaxed);
      }
    }
    tls_in_prof_handler = 0;
  }
  errno = saved_errno;
}

mdbprof::Status EnsureHandlerInstalled() {
  static std::mutex mu;
  static bool installed = false;
  std::lock_guard<std::mutex> lock(mu);
  if (installed) return mdbprof::Status::Ok();
  g_ring.Reset();
  MDBPROF_RETURN_IF_ERROR(internal::InstallHandler(SIGPROF, ProfHandler));
  installed = true;
  return mdbprof::Status::Ok();
}

int64_t ClockNs(clockid_t clock) {
  timespec ts{};
  clock_gettime(clock, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

// Sleeps until CLOCK_MONOTONIC reaches `deadline_ns` or `step_ns` passed,
// whichever is first (SIGPROF interruptions are retried).
void SleepUntil(int64_t deadline_ns, int64_t step_ns) {
  int64_t until = ClockNs(CLOCK_MONOTONIC) + step_ns;
  if (until > deadline_ns) until = deadline_ns;
  timespec ts{static_cast<time_t>(until / 1'000'000'000),
              static_cast<long>(until % 1'000'000'000)};
  while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, nullptr) ==
         EINTR) {
  }
}

// Releases the one-profile-at-a-time flag on scope exit.
class BusyScope {
 public:
  ~BusyScope() { g_busy.store(false, std::memory_order_release); }
};

using StackCounts = std::map<std::vector<uint64_t>, int64_t>;

void Drain(uint32_t session, StackCounts* counts) {
  while (g_ring.Pop(
      [&](uint32_t tag, uint32_t weight, const uint64_t* raw, int n) {
        if (tag == session) {
          (*counts)[std::vector<uint64_t>(raw, raw + n)] += weight;
        }
      })) {
  }
}

perftools::profiles::Profile BuildCpuProfile(const StackCounts& counts,
                                             uint64_t lost, int64_t start_ns,
                                             int64_t duration_ns) {
  ProfileBuilder builder({{"samples", "count"}, {"cpu", "nanoseconds"}},
                         {"cpu", "nanoseconds"}, kCpuProfilePeriodNs);
  builder.SetTime(start_ns, duration_ns);
  std::vector<uint64_t> sites;
  for (const auto& [raw, count] : counts) {
    std::vector<int64_t> values = {count, count * kCpuProfilePeriodNs};
    if (raw.empty()) {
      builder.AddNamedSample("(stack not unwound)", values);
      continue;
    }
    sites.clear();
    ToCallSites(raw.data(), static_cast<int>(raw.size()), &sites);
    builder.AddSample(sites, values);
  }
  if (lost > 0) {
    int64_t n = static_cast<int64_t>(lost);
    builder.AddNamedSample("(samples lost: profiler buffer full)",
                           {n, n * kCpuProfilePeriodNs});
  }
  return builder.Build();
}

}  // namespace

mdbprof::Result<perftools::profiles::Profile> CollectCpuProfile(
    std::chrono::nanoseconds duration, CpuTimerMode mode) {
  if (duration.count() <= 0) {
    return mdbprof::InvalidArgument("cpu profile duration must be positive");
  }
  AllocationSamplingPause pause;  // The profiler's memory is not profiled.
  bool expected = false;
  if (!g_busy.compare_exchange_strong(expected, true)) {
    return mdbprof::FailedPrecondition("cpu profiling already in use");
  }
  BusyScope busy;
  MDBPROF_RETURN_IF_ERROR(EnsureHandlerInstalled());

  static uint32_t last_session = 0;  // guarded by g_busy
  uint32_t session = ++last_session;
  if (session == 0) session = ++last_session;
  StackCounts counts;
  Drain(session, &counts);  // Discards late samples of an earlier profile.
  uint64_t lost_before = g_lost.load(std::memory_order_relaxed);

  int64_t start_wall = ClockNs(CLOCK_REALTIME);
  int64_t start = ClockNs(CLOCK_MONOTONIC);
  int64_t deadline = start + duration.count();
  if (mode == CpuTimerMode::kAuto) {
    mode = ProcessTimerSignalsReachRunningThread() ? CpuTimerMode::kProcess
                                                   : CpuTimerMode::kPerThread;
  }
  g_session.store(session, std::memory_order_release);
  {
    ProcessCpuTimer process_timer;
    std::optional<ThreadCpuTimers> thread_timers;
    mdbprof::Status armed;
    if (mode == CpuTimerMode::kProcess) {
      armed = process_timer.Start(kCpuProfilePeriodNs);
    } else {
      armed = thread_timers.emplace(kCpuProfilePeriodNs).Sync();
    }
    if (!armed.ok()) {
      g_session.store(0, std::memory_order_release);
      return armed;
    }
    while (ClockNs(CLOCK_MONOTONIC) < deadline) {
      SleepUntil(deadline, 20'000'000);
      Drain(session, &counts);
      // Threads started since; best effort.
      if (thread_timers) (void)thread_timers->Sync();
    }
  }  // Deletes the timers.
  g_session.store(0, std::memory_order_release);
  int64_t elapsed = ClockNs(CLOCK_MONOTONIC) - start;
  Drain(session, &counts);
  uint64_t lost = g_lost.load(std::memory_order_relaxed) - lost_before;
  return BuildCpuProfile(counts, lost, start_wall, elapsed);
}

uint64_t CpuSamplesLost() { return g_lost.load(std::memory_order_relaxed); }

}  // namespace refserver::profiler
