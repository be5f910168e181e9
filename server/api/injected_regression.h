// Injected regressions — TEST-ONLY. The calibration of the A/B gate
// (bench/calibration/) needs a server that is measurably worse in a known
// way; these knobs make the reference server so. Read once from the
// environment at start-up:
//
//   MDBPROF_INJECT_ALLOC_BYTES=N   each POST /rpc request mallocs N extra
//                                  bytes (touched, then freed)
//   MDBPROF_INJECT_CPU_US=N        each POST /rpc request spins for N µs of
//                                  thread CPU time
//
// Unset, empty, 0 or malformed values inject nothing; the server logs a
// warning at start-up when anything is injected. Never set them outside
// calibration and the gate's own tests.
//
//   InjectedRegression::FromEnvironment().Apply();   // per request
#ifndef REFSERVER_API_INJECTED_REGRESSION_H_
#define REFSERVER_API_INJECTED_REGRESSION_H_

#include <cstdint>

namespace refserver {

class InjectedRegression {
 public:
  InjectedRegression(int64_t alloc_bytes, int64_t cpu_us)
      : alloc_bytes_(alloc_bytes), cpu_us_(cpu_us) {}

  // The process-wide settings from MDBPROF_INJECT_ALLOC_BYTES and
  // MDBPROF_INJECT_CPU_US, read on the first call. Thread-safe.
  static const InjectedRegression& FromEnvironment();

  bool active() const { return alloc_bytes_ > 0 || cpu_us_ > 0; }
  int64_t alloc_bytes() const { return alloc_bytes_; }
  int64_t cpu_us() const { return cpu_us_; }

  // Does the injected work on the calling thread; a no-op when inactive.
  void Apply() const;

 private:
  int64_t alloc_bytes_;
  int64_t cpu_us_;
};

}  // namespace refserver

#endif  // REFSERVER_API_INJECTED_REGRESSION_H_
