// mdbprof_perf_load_client: drives the load generator (bench/load/) against
// a running server and prints this process's CPU per request and peak RSS,
// for comparison with wrk (bench/perf/load_client_vs_wrk.sh, issue #7).
//
//   mdbprof_perf_load_client --port=8080 [--host=127.0.0.1] [--token=T]
//       [--workers=10] [--duration=5] [--read_every=0]
//
// Prints one line of key=value pairs:
//   ops=.. ops_per_s=.. errors=.. process_cpu_s=.. process_cpu_us_per_op=..
//   worker_cpu_us_per_op=.. peak_rss_kb=..
// process_cpu is getrusage(RUSAGE_SELF) user+system over the whole process
// (start-up included); worker_cpu counts the worker threads' load loop only.
// Exit status: 0 ok, 1 some requests failed, 2 bad usage or no server.
#include <sys/resource.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

#include "bench/load/load_runner.h"

namespace {

double Seconds(const timeval& tv) { return tv.tv_sec + tv.tv_usec * 1e-6; }

bool ParseFlag(std::string_view arg, std::string_view name, std::string* out) {
  if (arg.size() < name.size() + 3 || arg.substr(0, 2) != "--" ||
      arg.substr(2, name.size()) != name || arg[2 + name.size()] != '=') {
    return false;
  }
  *out = std::string(arg.substr(3 + name.size()));
  return true;
}

int Usage(const char* why) {
  std::fprintf(stderr,
               "mdbprof_perf_load_client: %s\n"
               "usage: mdbprof_perf_load_client --port=N [--host=H] "
               "[--token=T] [--workers=10] [--duration=5] [--read_every=0]\n",
               why);
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  mdbprof::bench::LoadConfig config;
  config.workers = 10;
  config.duration_s = 5;
  config.read_every = 0;  // stream.write only, like the wrk script
  config.progress_interval_s = 0;
  for (int i = 1; i < argc; ++i) {
    std::string v;
    const std::string_view arg = argv[i];
    if (ParseFlag(arg, "port", &v)) {
      config.port = std::atoi(v.c_str());
    } else if (ParseFlag(arg, "host", &v)) {
      config.host = v;
    } else if (ParseFlag(arg, "token", &v)) {
      config.token = v;
    } else if (ParseFlag(arg, "workers", &v)) {
      config.workers = std::atoi(v.c_str());
    } else if (ParseFlag(arg, "duration", &v)) {
      config.duration_s = std::atof(v.c_str());
    } else if (ParseFlag(arg, "read_every", &v)) {
      config.read_every = std::atoi(v.c_str());
    } else {
      return Usage(("unknown argument '" + std::string(arg) + "'").c_str());
    }
  }
  const auto r = mdbprof::bench::RunLoad(config);
  if (!r.ok()) return Usage(r.status().message().c_str());
  rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  const double cpu_s = Seconds(usage.ru_utime) + Seconds(usage.ru_stime);
  const double ops = static_cast<double>(r->total_ops());
  std::printf(
      "ops=%.0f ops_per_s=%.0f errors=%lld connections=%lld "
      "process_cpu_s=%.3f process_cpu_us_per_op=%.2f "
      "worker_cpu_us_per_op=%.2f peak_rss_kb=%ld\n",
      ops, ops / r->elapsed_s, static_cast<long long>(r->errors()),
      static_cast<long long>(r->connections), cpu_s,
      ops > 0 ? cpu_s / ops * 1e6 : 0.0,
      ops > 0 ? r->client_cpu_s / ops * 1e6 : 0.0, usage.ru_maxrss);
  if (r->errors() > 0) {
    for (const auto& [reason, count] : r->errors_by_reason) {
      std::fprintf(stderr, "  %lld x %s\n", static_cast<long long>(count),
                   reason.c_str());
    }
    return 1;
  }
  return 0;
}
