#include "server/profiler/pprof_routes.h"

#include <charconv>
#include <chrono>
#include <string>

#include "server/profiler/cpu_profiler.h"
#include "server/profiler/gzip.h"
#include "server/profiler/heap_profile.h"
#include "server/profiler/symbolizer.h"
#include "server/profiler/thread_stacks.h"

namespace refserver::profiler {
namespace {

constexpr char kIndex[] =
    "refserver profiles (gzipped profile.proto, read with go tool pprof):\n"
    "/debug/pprof/profile?seconds=N  CPU, sampled at 100 Hz for N seconds\n"
    "/debug/pprof/heap               sampled allocations, in use\n"
    "/debug/pprof/allocs             sampled allocations since start\n"
    "/debug/pprof/goroutine          stacks of all threads\n";

void ServeError(httplib::Response& res, int status, const std::string& msg) {
  res.status = status;
  res.set_content(msg + "\n", "text/plain; charset=utf-8");
}

void ServeProfile(httplib::Response& res, const char* name,
                  const mdbprof::Result<perftools::profiles::Profile>& p) {
  if (!p.ok()) {
    ServeError(res, 500, p.status().message());
    return;
  }
  mdbprof::Result<std::string> body = EncodeProfile(*p);
  if (!body.ok()) {
    ServeError(res, 500, body.status().message());
    return;
  }
  res.set_header("Content-Disposition",
                 std::string("attachment; filename=\"") + name + "\"");
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_content(std::move(*body), "application/octet-stream");
}

// Rejects `debug=N>0`: Go answers it with text formats we do not produce.
bool RejectTextDebug(const httplib::Request& req, httplib::Response& res) {
  std::string debug = req.get_param_value("debug");
  if (debug.empty() || debug == "0") return false;
  ServeError(res, 400,
             "debug=" + debug +
                 " is not supported: only the binary profile (debug=0) is "
                 "served");
  return true;
}

void HandleCpu(const httplib::Request& req, httplib::Response& res) {
  if (RejectTextDebug(req, res)) return;
  std::string text = req.get_param_value("seconds");
  mdbprof::Result<int64_t> seconds =
      req.has_param("seconds") && text.empty()
          ? mdbprof::Result<int64_t>(
                mdbprof::InvalidArgument("seconds must not be empty"))
          : ParseProfileSeconds(text);
  if (!seconds.ok()) {
    ServeError(res, 400, seconds.status().message());
    return;
  }
  mdbprof::Result<perftools::profiles::Profile> p =
      CollectCpuProfile(std::chrono::seconds(*seconds));
  if (!p.ok() &&
      p.status().code() == mdbprof::StatusCode::kFailedPrecondition) {
    ServeError(res, 500,
               "Could not enable CPU profiling: " + p.status().message());
    return;
  }
  ServeProfile(res, "profile", p);
}

void HandleHeap(const httplib::Request& req, httplib::Response& res,
                HeapProfileKind kind, const char* name) {
  if (RejectTextDebug(req, res)) return;
  std::string gc = req.get_param_value("gc");
  if (!gc.empty() && gc != "0" && gc != "1") {
    ServeError(res, 400, "gc must be 0 or 1, got \"" + gc + "\"");
    return;
  }
  mdbprof::Result<perftools::profiles::Profile> p = CollectHeapProfile(kind);
  if (!p.ok() &&
      p.status().code() == mdbprof::StatusCode::kFailedPrecondition) {
    ServeError(res, 501, p.status().message());
    return;
  }
  ServeProfile(res, name, p);
}

}  // namespace

mdbprof::Result<int64_t> ParseProfileSeconds(std::string_view text) {
  if (text.empty()) return kDefaultCpuProfileSeconds;
  int64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || v < 1 ||
      v > kMaxCpuProfileSeconds) {
    return mdbprof::InvalidArgument("seconds must be an integer from 1 to " +
                                    std::to_string(kMaxCpuProfileSeconds) +
                                    ", got \"" + std::string(text) + "\"");
  }
  return v;
}

void PrimeProfiles() {
  // Any address in this binary makes the symbolizer load its DWARF.
  (void)Symbolizer::Global().Symbolize(
      reinterpret_cast<uintptr_t>(&PrimeProfiles));
  (void)CollectHeapProfile(HeapProfileKind::kAllocs);
}

void RegisterPprofRoutes(httplib::Server& server) {
  server.Get("/debug/pprof/",
             [](const httplib::Request&, httplib::Response& res) {
               res.set_content(kIndex, "text/plain; charset=utf-8");
             });
  server.Get("/debug/pprof/profile", HandleCpu);
  server.Get("/debug/pprof/heap",
             [](const httplib::Request& req, httplib::Response& res) {
               HandleHeap(req, res, HeapProfileKind::kHeap, "heap");
             });
  server.Get("/debug/pprof/allocs",
             [](const httplib::Request& req, httplib::Response& res) {
               HandleHeap(req, res, HeapProfileKind::kAllocs, "allocs");
             });
  server.Get("/debug/pprof/goroutine",
             [](const httplib::Request&, httplib::Response& res) {
               ServeProfile(res, "goroutine", CollectThreadsProfile());
             });
}

}  // namespace refserver::profiler
