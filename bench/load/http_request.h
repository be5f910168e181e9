// HttpPostFormatter: formats HTTP/1.1 POST requests whose headers are fixed
// (host, path, bearer token) into a caller-owned, reused buffer.
//
//   HttpPostFormatter post(endpoint.host_port, "/rpc", token);
//   std::string request;                 // reused across calls
//   post.Format(R"(["sys.version"])", &request);
//   conn.RoundTrip(request);
//
// Format() allocates only when `out` has to grow. Thread-compatible: const
// methods may be called from several threads.
#ifndef MDBPROF_BENCH_LOAD_HTTP_REQUEST_H_
#define MDBPROF_BENCH_LOAD_HTTP_REQUEST_H_

#include <string>
#include <string_view>

namespace mdbprof::bench {

class HttpPostFormatter {
 public:
  // An empty `bearer_token` sends no Authorization header. The request asks
  // for keep-alive and declares `Content-Type: application/json`.
  HttpPostFormatter(std::string_view host_port, std::string_view path,
                    std::string_view bearer_token);

  // Replaces *out with the complete request carrying `body`.
  void Format(std::string_view body, std::string* out) const;

 private:
  std::string prefix_;  // everything up to the Content-Length value
};

}  // namespace mdbprof::bench

#endif  // MDBPROF_BENCH_LOAD_HTTP_REQUEST_H_
