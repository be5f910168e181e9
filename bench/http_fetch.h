// HttpFetcher: GETs of a server's pprof and version endpoints.
//
// One fetch at a time per fetcher; Cancel() may be called from another
// thread to abort the fetch in progress (it then fails with "cancelled").
//
//   HttpFetcher fetcher("127.0.0.1", port);
//   Result<std::string> heap = fetcher.Get("/debug/pprof/heap?gc=1", 30);
//   MDBPROF_RETURN_IF_ERROR(fetcher.GetToFile("/debug/pprof/allocs?gc=1",
//                                             30, dir + "/allocs-after.prof"));
#ifndef MDBPROF_BENCH_HTTP_FETCH_H_
#define MDBPROF_BENCH_HTTP_FETCH_H_

#include <atomic>
#include <memory>
#include <string>

#include "base/status.h"

namespace httplib {
class Client;
}  // namespace httplib

namespace mdbprof::bench {

class HttpFetcher {
 public:
  HttpFetcher(std::string host, int port);
  ~HttpFetcher();

  // The body of a 200 answer to GET `path` within `timeout_s`; errors name
  // the URL and the HTTP status or transport error.
  Result<std::string> Get(const std::string& path, double timeout_s);

  // Get() and write the body to `file`; also fails on an empty body.
  Status GetToFile(const std::string& path, double timeout_s,
                   const std::string& file);

  // Aborts the fetch in progress and any later one.
  void Cancel();

 private:
  std::string Url(const std::string& path) const;

  const std::string host_;
  const int port_;
  std::unique_ptr<httplib::Client> client_;
  std::atomic<bool> cancelled_{false};
};

// The server's version from GET /version ({"version": "..."}), or "unknown".
std::string FetchServerVersion(const std::string& host, int port);

}  // namespace mdbprof::bench

#endif  // MDBPROF_BENCH_HTTP_FETCH_H_
