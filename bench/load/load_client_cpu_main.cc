// mdbprof_load_client_cpu [WORKERS] [DURATION_S]: runs the load against the
// in-process fake server and prints the load client's CPU per request (the
// worker threads' CPU time, server threads excluded), for comparison with
// other load generators such as wrk.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "bench/load/fake_rpc_server.h"
#include "bench/load/load_runner.h"

int main(int argc, char** argv) {
  using mdbprof::bench::FakeRpcServer;
  using mdbprof::bench::LoadConfig;
  const int workers = argc > 1 ? std::atoi(argv[1]) : 2;
  const double duration_s = argc > 2 ? std::atof(argv[2]) : 5;
  FakeRpcServer server({.token = "tok", .threads = workers + 2});
  LoadConfig config;
  config.port = server.port();
  config.token = "tok";
  config.workers = workers;
  config.duration_s = duration_s;
  config.progress_label = "client-cpu";
  const auto r = mdbprof::bench::RunLoad(config);
  if (!r.ok()) {
    std::fprintf(stderr, "mdbprof_load_client_cpu: %s\n",
                 r.status().message().c_str());
    return 2;
  }
  const double ops = static_cast<double>(r->total_ops());
  std::printf(
      "workers=%d duration=%.1fs ops=%.0f ops/s=%.0f errors=%lld "
      "p50=%.1fus p99=%.1fus client_cpu=%.3fs client_cpu_per_op=%.2fus "
      "connections=%lld\n",
      workers, r->elapsed_s, ops, ops / r->elapsed_s,
      static_cast<long long>(r->errors()), r->all.ValueAtPercentile(50) / 1e3,
      r->all.ValueAtPercentile(99) / 1e3, r->client_cpu_s,
      ops > 0 ? r->client_cpu_s / ops * 1e6 : 0.0,
      static_cast<long long>(r->connections));
  return r->errors() == 0 ? 0 : 1;
}
