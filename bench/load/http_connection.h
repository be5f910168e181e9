// HttpConnection: a minimal HTTP/1.1 keep-alive client over one blocking TCP
// socket, for the load generator's hot path.
//
// The caller formats complete requests (see http_request.h); the connection
// sends them, reads one response (Content-Length, chunked, or until close),
// and keeps the socket open for the next request unless the server said
// `Connection: close`. A keep-alive socket that the server closed while idle
// is noticed on the next request, which is then resent once on a new
// connection. After warm-up (buffers grown to the largest response seen) a
// round trip performs no heap allocation on success.
//
//   Result<Endpoint> ep = ResolveEndpoint("127.0.0.1", 8080);
//   HttpConnection conn(*ep, /*timeout_s=*/5);
//   Result<HttpResponse> r = conn.RoundTrip(request);
//   if (r.ok() && r->status == 200) Use(r->body);
//
// Errors are Status values whose messages are short and stable so that
// callers can count them by reason: "connect: Connection refused",
// "timeout after 5s", "malformed status line", "connection closed by server
// before response", ... (no addresses or byte counts in them).
//
// Threading: one thread at a time per connection.
#ifndef MDBPROF_BENCH_LOAD_HTTP_CONNECTION_H_
#define MDBPROF_BENCH_LOAD_HTTP_CONNECTION_H_

#include <sys/socket.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace mdbprof::bench {

// A resolved TCP address.
struct Endpoint {
  sockaddr_storage addr{};
  socklen_t addr_len = 0;
  std::string host_port;  // "127.0.0.1:8080", for Host headers and messages
};

// Resolves `host` (an IP literal or a name) and `port` (1..65535).
// InvalidArgument naming the host when that fails.
Result<Endpoint> ResolveEndpoint(const std::string& host, int port);

struct HttpResponse {
  int status = 0;
  // Valid until the next RoundTrip/Close on the same connection.
  std::string_view body;
};

class HttpConnection {
 public:
  // Does not connect yet. REQUIRES: timeout_s > 0.
  HttpConnection(Endpoint endpoint, double timeout_s);
  ~HttpConnection();
  HttpConnection(const HttpConnection&) = delete;
  HttpConnection& operator=(const HttpConnection&) = delete;

  // Sends `request` (a complete HTTP/1.1 request) and reads its response.
  // Connects first when no socket is open. The whole call (connect, send,
  // receive) is bounded by the timeout. On an error the socket is closed.
  Result<HttpResponse> RoundTrip(std::string_view request);

  // Closes the socket (if any); the next RoundTrip reconnects.
  void Close();

  bool connected() const { return fd_ >= 0; }
  // TCP connections opened so far (successful connects).
  int64_t connects() const { return connects_; }

 private:
  // Outcome of one attempt; `stale` means the server closed a reused
  // keep-alive socket before answering, so resending is safe.
  Result<HttpResponse> Attempt(std::string_view request, int64_t deadline_ns,
                               bool* stale);
  Status Connect(int64_t deadline_ns);
  Status SendAll(std::string_view request, bool* stale);
  Result<HttpResponse> ReadResponse(int64_t deadline_ns, bool* stale);
  // Receives more bytes into buf_ (which has room). Returns the byte count
  // (0 = EOF).
  Result<size_t> ReceiveSome(int64_t deadline_ns, bool* stale);
  // Parses the head at buf_[0, head_end); fills the fields below.
  Status ParseHead(size_t head_end);
  // 1 = complete, 0 = need more bytes, -1 = malformed.
  int DecodeChunks();
  Status TimeoutError() const;

  Endpoint endpoint_;
  int64_t timeout_ns_;
  std::string timeout_message_;  // "timeout after 5s"
  int fd_ = -1;
  int64_t connects_ = 0;

  std::vector<char> buf_;  // received bytes of the current response
  size_t buf_len_ = 0;
  std::string chunked_body_;  // de-chunked body of the current response

  // Parsed head of the current response.
  int status_ = 0;
  bool has_length_ = false;
  uint64_t content_length_ = 0;
  bool chunked_ = false;
  bool close_after_ = false;
  size_t body_start_ = 0;
  size_t chunk_pos_ = 0;
};

}  // namespace mdbprof::bench

#endif  // MDBPROF_BENCH_LOAD_HTTP_CONNECTION_H_
