// CpuCapture: the mid-load CPU profile, fetched on its own thread while the
// load runs.
//
// The thread waits `delay_s` (a third of the load), then GETs
// /debug/pprof/profile?seconds=N, which blocks N seconds, and writes the
// bytes to `file`. Finish() wakes a thread still waiting (the load ended
// early: no capture then), joins it and returns the decoded profile.
//
//   CpuCapture cpu(fetcher, duration / 3, seconds, dir + "/cpu.prof", say);
//   RunLoad(...);
//   Result<pprof::Profile> profile = cpu.Finish();
#ifndef MDBPROF_BENCH_CPU_CAPTURE_H_
#define MDBPROF_BENCH_CPU_CAPTURE_H_

#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "base/status.h"
#include "bench/http_fetch.h"
#include "pprof/profile.h"

namespace mdbprof::bench {

// Whole seconds of the mid-load CPU profile: min(10, duration/3), >= 1.
int CpuProfileSeconds(double duration_s);

class CpuCapture {
 public:
  // `fetcher` must outlive this object and not be used by others meanwhile;
  // `say` prints a progress line (called on the capture thread).
  CpuCapture(HttpFetcher& fetcher, double delay_s, int seconds,
             std::string file, std::function<void(const std::string&)> say);
  ~CpuCapture();  // Finish()
  CpuCapture(const CpuCapture&) = delete;
  CpuCapture& operator=(const CpuCapture&) = delete;

  // Joins the capture thread; the profile, or why there is none. Call once.
  Result<pprof::Profile> Finish();

 private:
  void Run();

  HttpFetcher& fetcher_;
  const double delay_s_;
  const int seconds_;
  const std::string file_;
  const std::function<void(const std::string&)> say_;

  std::mutex mu_;
  std::condition_variable cv_;
  bool load_over_ = false;  // GUARDED_BY(mu_)
  Result<pprof::Profile> result_ =
      Unavailable("not captured: the load ended first");  // GUARDED_BY(mu_)
  std::thread thread_;
};

}  // namespace mdbprof::bench

#endif  // MDBPROF_BENCH_CPU_CAPTURE_H_
