// mdbprof_perf_decode: times the stages of `mdbprof top` on one profile and
// prints the decode rate (issue #7, bench/perf/top_vs_pprof.sh).
//
//   mdbprof_perf_decode FILE [--runs=5]
//
// Stages, each timed per run (medians printed): read the file, gunzip,
// decode + validate + index (pprof::ParseProfile on the protobuf bytes, as
// `mdbprof top` does), top (pprof::Top, -nodefraction 0.005 like the CLI)
// and format (FormatTop). The decode rate is uncompressed protobuf bytes /
// decode seconds, and the load rate the same bytes / (gunzip + decode). Also
// prints the resident set and the bytes malloc'd after each stage of the first
// run (the previous stage's input freed), and the peak RSS.
#include <malloc.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "pprof/gunzip.h"
#include "pprof/profile.h"
#include "pprof/top.h"

namespace {

using Clock = std::chrono::steady_clock;

long CurrentRssKb() {
  std::ifstream statm("/proc/self/statm");
  long pages = 0, resident = 0;
  statm >> pages >> resident;
  return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

long HeapInUseKb() {
  const struct mallinfo2 m = mallinfo2();
  return static_cast<long>((m.uordblks + m.hblkhd) / 1024);
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

int Fail(const std::string& what) {
  std::fprintf(stderr, "mdbprof_perf_decode: %s\n", what.c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  std::string path;
  int runs = 5;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg.rfind("--runs=", 0) == 0) {
      runs = std::atoi(arg.c_str() + 7);
    } else if (path.empty() && !arg.empty() && arg[0] != '-') {
      path = arg;
    } else {
      return Fail("usage: mdbprof_perf_decode FILE [--runs=N]");
    }
  }
  if (path.empty() || runs < 1) {
    return Fail("usage: mdbprof_perf_decode FILE [--runs=N]");
  }
  const char* kStages[] = {"read", "gunzip", "decode+validate", "top",
                           "format"};
  constexpr int kStageCount = 5;
  std::vector<double> seconds[kStageCount];
  long rss_kb[kStageCount] = {}, heap_kb[kStageCount] = {};
  size_t raw_bytes = 0, file_bytes = 0, rows = 0;
  for (int run = 0; run < runs; ++run) {
    Clock::time_point t = Clock::now();
    int stage = 0;
    auto lap = [&] {
      const Clock::time_point now = Clock::now();
      seconds[stage].push_back(std::chrono::duration<double>(now - t).count());
      if (run == 0) {
        rss_kb[stage] = CurrentRssKb();
        heap_kb[stage] = HeapInUseKb();
      }
      ++stage;
      t = Clock::now();
    };
    std::string contents;
    {
      std::ifstream in(path, std::ios::binary);
      if (!in) return Fail("cannot open " + path);
      contents.assign(std::istreambuf_iterator<char>(in),
                      std::istreambuf_iterator<char>());
    }
    file_bytes = contents.size();
    lap();
    std::string raw;
    if (mdbprof::pprof::IsGzip(contents)) {
      auto r = mdbprof::pprof::Gunzip(contents, size_t{1} << 31);
      if (!r.ok()) return Fail(r.status().message());
      raw = std::move(*r);
    } else {
      raw = contents;
    }
    std::string().swap(contents);
    raw_bytes = raw.size();
    lap();
    auto profile = mdbprof::pprof::ParseProfile(raw);
    if (!profile.ok()) return Fail(profile.status().message());
    std::string().swap(raw);
    lap();
    mdbprof::pprof::TopOptions options;
    options.node_fraction = 0.005;  // as mdbprof top and go tool pprof
    auto report = mdbprof::pprof::Top(*profile, options);
    if (!report.ok()) return Fail(report.status().message());
    lap();
    const std::string text = mdbprof::pprof::FormatTop(*report);
    rows = report->rows.size();
    lap();
  }
  std::printf("%s: %zu bytes file, %zu bytes protobuf, %zu rows; %d runs\n",
              path.c_str(), file_bytes, raw_bytes, rows, runs);
  double total = 0;
  for (int i = 0; i < kStageCount; ++i) {
    const double m = Median(seconds[i]);
    total += m;
    std::printf(
        "  %-15s %9.1f ms   after it (run 1): RSS %7ld kB, malloc'd %7ld "
        "kB\n",
        kStages[i], m * 1e3, rss_kb[i], heap_kb[i]);
  }
  const double mb = raw_bytes / 1e6;
  const double decode = Median(seconds[2]);
  const double load = decode + Median(seconds[1]);
  rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  std::printf(
      "  total %.1f ms; decode rate %.1f MB/s (decode+validate), load rate "
      "%.1f MB/s (gunzip+decode+validate) of uncompressed protobuf; peak RSS "
      "%ld kB\n",
      total * 1e3, mb / decode, mb / load, usage.ru_maxrss);
  return 0;
}
