#include "bench/load/http_request.h"

#include <charconv>

namespace mdbprof::bench {

HttpPostFormatter::HttpPostFormatter(std::string_view host_port,
                                     std::string_view path,
                                     std::string_view bearer_token) {
  prefix_.append("POST ").append(path).append(" HTTP/1.1\r\nHost: ");
  prefix_.append(host_port).append("\r\n");
  if (!bearer_token.empty()) {
    prefix_.append("Authorization: Bearer ").append(bearer_token);
    prefix_.append("\r\n");
  }
  prefix_.append(
      "Connection: keep-alive\r\nContent-Type: application/json\r\n"
      "Content-Length: ");
}

void HttpPostFormatter::Format(std::string_view body, std::string* out) const {
  char length[24];
  char* end = std::to_chars(length, length + sizeof(length), body.size()).ptr;
  out->assign(prefix_);
  out->append(length, end);
  out->append("\r\n\r\n");
  out->append(body);
}

}  // namespace mdbprof::bench
