#include "server/profiler/signal_unwind.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <stdexcept>

#include "server/profiler/symbolizer.h"

namespace refserver::profiler {
namespace {

struct SignalCapture {
  uint64_t raw[kMaxStackDepth];
  int n = 0;
};
SignalCapture* g_capture = nullptr;

void CaptureHandler(int, siginfo_t*, void* ucontext) {
  g_capture->n = UnwindSignalContext(ucontext, g_capture->raw, kMaxStackDepth);
}

__attribute__((noipa)) void RaiseInKnownFunction() {
  syscall(SYS_tgkill, getpid(), syscall(SYS_gettid), SIGUSR2);
  asm volatile("" ::: "memory");
}

bool StackHasFunction(const std::vector<uint64_t>& sites,
                      const std::string& needle) {
  for (uint64_t a : sites) {
    for (const SourceFrame& f : Symbolizer::Global().Symbolize(a).frames) {
      if (f.function.find(needle) != std::string::npos) return true;
    }
  }
  return false;
}

TEST(SignalUnwind, UnwindsTheInterruptedContextNotTheHandler) {
  SignalCapture capture;
  g_capture = &capture;
  struct sigaction sa = {}, old = {};
  sa.sa_sigaction = CaptureHandler;
  sa.sa_flags = SA_SIGINFO;
  ASSERT_EQ(sigaction(SIGUSR2, &sa, &old), 0);
  RaiseInKnownFunction();
  sigaction(SIGUSR2, &old, nullptr);
  ASSERT_GT(capture.n, 2);
  EXPECT_NE(capture.raw[0] & kExactPcBit, 0u) << "first frame is exact";
  for (int i = 1; i < capture.n; ++i) {
    EXPECT_EQ(capture.raw[i] & kExactPcBit, 0u) << "frame " << i;
  }
  std::vector<uint64_t> sites;
  ToCallSites(capture.raw, capture.n, &sites);
  EXPECT_EQ(sites[0], capture.raw[0] & ~kExactPcBit);
  EXPECT_EQ(sites[1], capture.raw[1] - 1);
  EXPECT_TRUE(StackHasFunction(sites, "RaiseInKnownFunction"));
  EXPECT_FALSE(StackHasFunction(sites, "CaptureHandler"))
      << "the handler's own frames are not part of the stack";
}

TEST(SignalUnwind, RejectsNullContext) {
  uint64_t raw[4];
  EXPECT_EQ(UnwindSignalContext(nullptr, raw, 4), 0);
}

__attribute__((noipa)) void ThrowThroughFrames(int depth) {
  if (depth == 0) throw std::runtime_error("expected");
  ThrowThroughFrames(depth - 1);
  asm volatile("" ::: "memory");
}

// libunwind also exports _Unwind_* symbols; C++ exceptions must still
// propagate and be caught in a binary that links it (CMakeLists.txt puts
// libgcc_s first so that its unwinder stays the one exceptions use).
TEST(SignalUnwind, ExceptionsStillPropagateWithLibunwindLinked) {
  try {
    ThrowThroughFrames(10);
    FAIL() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "expected");
  }
}

}  // namespace
}  // namespace refserver::profiler
