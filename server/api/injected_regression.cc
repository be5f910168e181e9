#include "server/api/injected_regression.h"

#include <time.h>

#include <cstdlib>
#include <cstring>
#include <string>

#include "server/api/log.h"

namespace refserver {
namespace {

// Non-negative integer from the environment; 0 when unset or malformed.
int64_t EnvBytes(const char* name) {
  const char* v = std::getenv(name);
  if (v == nullptr || *v == '\0') return 0;
  char* end = nullptr;
  long long n = std::strtoll(v, &end, 10);
  return (end != v && *end == '\0' && n > 0) ? n : 0;
}

int64_t ThreadCpuNanos() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

// Called through volatile pointers so the compiler cannot drop the
// malloc/free pair as dead code.
void* (*volatile g_malloc)(size_t) = std::malloc;
void (*volatile g_free)(void*) = std::free;

}  // namespace

const InjectedRegression& InjectedRegression::FromEnvironment() {
  static const InjectedRegression* injected = [] {
    auto* r = new InjectedRegression(EnvBytes("MDBPROF_INJECT_ALLOC_BYTES"),
                                     EnvBytes("MDBPROF_INJECT_CPU_US"));
    if (r->active()) {
      Log(LogLevel::kWarn, "TEST-ONLY injected regression per /rpc request: " +
                               std::to_string(r->alloc_bytes()) +
                               " extra bytes allocated, " +
                               std::to_string(r->cpu_us()) + " us extra CPU");
    }
    return r;
  }();
  return *injected;
}

void InjectedRegression::Apply() const {
  if (alloc_bytes_ > 0) {
    void* p = g_malloc(static_cast<size_t>(alloc_bytes_));
    if (p != nullptr) std::memset(p, 0xA5, static_cast<size_t>(alloc_bytes_));
    g_free(p);
  }
  if (cpu_us_ > 0) {
    const int64_t until = ThreadCpuNanos() + cpu_us_ * 1000;
    while (ThreadCpuNanos() < until) {
    }
  }
}

}  // namespace refserver
