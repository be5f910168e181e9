// HTTP endpoints serving this process's profiles the way Go's
// net/http/pprof does (gzipped profile.proto, Content-Type
// application/octet-stream), so `go tool pprof` and the mdbprof suite read
// them unchanged:
//
//   GET /debug/pprof/profile?seconds=N  CPU for N s (default 30, 1..600);
//                                       one at a time (else 500, as Go)
//   GET /debug/pprof/heap[?gc=1]        sampled allocations (gc is a no-op)
//   GET /debug/pprof/allocs[?gc=1]      the same, default type alloc_space
//   GET /debug/pprof/goroutine          one sample per thread
//   GET /debug/pprof/                   a plain-text index
//
// Bad parameters get 400 with a text/plain message naming the problem.
// Allocation profiles need refserver_malloc_hooks linked (else 501).
//
//   httplib::Server server;
//   refserver::profiler::RegisterPprofRoutes(server);
#ifndef REFSERVER_PROFILER_PPROF_ROUTES_H_
#define REFSERVER_PROFILER_PPROF_ROUTES_H_

#include <httplib.h>

#include <cstdint>
#include <string_view>

#include "base/status.h"

namespace refserver::profiler {

inline constexpr int64_t kDefaultCpuProfileSeconds = 30;
inline constexpr int64_t kMaxCpuProfileSeconds = 600;

// Registers the routes above on `server`. Handlers are thread-safe; a CPU
// profile request occupies its worker thread for the profile's duration.
void RegisterPprofRoutes(httplib::Server& server);

// Parses the `seconds` parameter: "" (absent) means the default; otherwise
// a decimal integer in [1, kMaxCpuProfileSeconds], else InvalidArgument.
mdbprof::Result<int64_t> ParseProfileSeconds(std::string_view text);

// Does now what the first profile request would otherwise pay for (0.2 s on
// an idle server, more under load): loads this binary's debug information
// and symbolizes the allocation sites sampled so far. Thread-safe; meant
// for a background thread at start-up.
void PrimeProfiles();

}  // namespace refserver::profiler

#endif  // REFSERVER_PROFILER_PPROF_ROUTES_H_
