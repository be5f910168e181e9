#include "bench/cpu_capture.h"

#include <algorithm>

#include "base/text_file.h"

namespace mdbprof::bench {

namespace {
constexpr double kExtraTimeoutS = 60;
}  // namespace

int CpuProfileSeconds(double duration_s) {
  return std::max(1, static_cast<int>(std::min(10.0, duration_s / 3)));
}

CpuCapture::CpuCapture(HttpFetcher& fetcher, double delay_s, int seconds,
                       std::string file,
                       std::function<void(const std::string&)> say)
    : fetcher_(fetcher),
      delay_s_(delay_s),
      seconds_(seconds),
      file_(std::move(file)),
      say_(std::move(say)),
      thread_([this] { Run(); }) {}

CpuCapture::~CpuCapture() {
  if (thread_.joinable()) (void)Finish();
}

void CpuCapture::Run() {
  {
    std::unique_lock<std::mutex> lock(mu_);
    if (cv_.wait_for(lock, std::chrono::duration<double>(delay_s_),
                     [this] { return load_over_; })) {
      return;
    }
  }
  if (say_) say_("capturing cpu.prof (" + std::to_string(seconds_) + "s)");
  Result<pprof::Profile> profile = Unavailable("");
  Result<std::string> bytes =
      fetcher_.Get("/debug/pprof/profile?seconds=" + std::to_string(seconds_),
                   seconds_ + kExtraTimeoutS);
  if (!bytes.ok()) {
    profile = bytes.status();
  } else if (Status s = WriteTextFile(file_, *bytes); !s.ok()) {
    profile = s;
  } else {
    profile = pprof::ParseProfile(*bytes);
    if (!profile.ok()) profile = profile.status().WithContext(file_);
  }
  std::lock_guard<std::mutex> lock(mu_);
  result_ = std::move(profile);
}

Result<pprof::Profile> CpuCapture::Finish() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    load_over_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  std::lock_guard<std::mutex> lock(mu_);
  return result_;
}

}  // namespace mdbprof::bench
