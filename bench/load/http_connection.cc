#include "bench/load/http_connection.h"

#include <fcntl.h>
#include <netdb.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <system_error>

namespace mdbprof::bench {
namespace {

constexpr size_t kInitialBufferBytes = 16 * 1024;
constexpr size_t kMaxHeadBytes = 64 * 1024;
constexpr size_t kMaxResponseBytes = size_t{64} << 20;
constexpr size_t kMaxChunkLineBytes = 4096;
// A blocking recv (bounded by SO_RCVTIMEO = the full timeout) is used while
// at most this much of the call's time budget is spent.
constexpr int64_t kBlockingSlackNs = 1'000'000;

int64_t NowNs() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return int64_t{ts.tv_sec} * 1'000'000'000 + ts.tv_nsec;
}

std::string ErrnoText(int err) {
  return std::error_code(err, std::system_category()).message();
}

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c; }

bool IEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (Lower(a[i]) != b[i]) return false;
  }
  return true;
}

// REQUIRES: `needle` is lower case.
bool IContains(std::string_view hay, std::string_view needle) {
  if (needle.size() > hay.size()) return false;
  for (size_t i = 0; i + needle.size() <= hay.size(); ++i) {
    if (IEquals(hay.substr(i, needle.size()), needle)) return true;
  }
  return false;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
    s.remove_suffix(1);
  }
  return s;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string FormatSeconds(double s) {
  char text[32];
  std::snprintf(text, sizeof(text), "%g", s);
  return text;
}

}  // namespace

Result<Endpoint> ResolveEndpoint(const std::string& host, int port) {
  if (port < 1 || port > 65535) {
    return InvalidArgument("port must be in 1..65535, got " +
                           std::to_string(port));
  }
  if (host.empty()) return InvalidArgument("host is empty");
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICSERV;
  addrinfo* found = nullptr;
  const std::string service = std::to_string(port);
  const int rc = getaddrinfo(host.c_str(), service.c_str(), &hints, &found);
  if (rc != 0 || found == nullptr) {
    return InvalidArgument("cannot resolve host \"" + host +
                           "\": " + gai_strerror(rc));
  }
  Endpoint ep;
  std::memcpy(&ep.addr, found->ai_addr, found->ai_addrlen);
  ep.addr_len = found->ai_addrlen;
  const bool v6 = found->ai_family == AF_INET6;
  freeaddrinfo(found);
  ep.host_port = (v6 && host.find(':') != std::string::npos)
                     ? "[" + host + "]:" + service
                     : host + ":" + service;
  return ep;
}

HttpConnection::HttpConnection(Endpoint endpoint, double timeout_s)
    : endpoint_(std::move(endpoint)),
      timeout_ns_(static_cast<int64_t>(timeout_s * 1e9)),
      timeout_message_("timeout after " + FormatSeconds(timeout_s) + "s"),
      buf_(kInitialBufferBytes) {}

HttpConnection::~HttpConnection() { Close(); }

void HttpConnection::Close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

Status HttpConnection::TimeoutError() const {
  return DeadlineExceeded(timeout_message_);
}

Result<HttpResponse> HttpConnection::RoundTrip(std::string_view request) {
  const int64_t deadline = NowNs() + timeout_ns_;
  for (int attempt = 0;; ++attempt) {
    const bool reused = fd_ >= 0;
    bool stale = false;
    Result<HttpResponse> r = Attempt(request, deadline, &stale);
    if (r.ok()) return r;
    Close();
    if (!(reused && stale && attempt == 0)) return r;
  }
}

Result<HttpResponse> HttpConnection::Attempt(std::string_view request,
                                             int64_t deadline_ns, bool* stale) {
  if (fd_ < 0) MDBPROF_RETURN_IF_ERROR(Connect(deadline_ns));
  MDBPROF_RETURN_IF_ERROR(SendAll(request, stale));
  return ReadResponse(deadline_ns, stale);
}

Status HttpConnection::Connect(int64_t deadline_ns) {
  const int fd = ::socket(endpoint_.addr.ss_family,
                          SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd < 0) return Unavailable("socket: " + ErrnoText(errno));
  auto fail = [fd](Status s) {
    ::close(fd);
    return s;
  };
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&endpoint_.addr),
                endpoint_.addr_len) != 0) {
    if (errno != EINPROGRESS) {
      return fail(Unavailable("connect: " + ErrnoText(errno)));
    }
    for (;;) {
      const int64_t remaining = deadline_ns - NowNs();
      if (remaining <= 0)
        return fail(DeadlineExceeded("connect: " + timeout_message_));
      pollfd p{fd, POLLOUT, 0};
      const int pr =
          ::poll(&p, 1, static_cast<int>((remaining + 999'999) / 1'000'000));
      if (pr > 0) break;
      if (pr < 0 && errno != EINTR) {
        return fail(Internal("poll: " + ErrnoText(errno)));
      }
    }
    int err = 0;
    socklen_t len = sizeof(err);
    ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
    if (err != 0) return fail(Unavailable("connect: " + ErrnoText(err)));
  }
  const int flags = ::fcntl(fd, F_GETFL);
  ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
  const int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  timeval tv{};
  tv.tv_sec = timeout_ns_ / 1'000'000'000;
  tv.tv_usec = (timeout_ns_ % 1'000'000'000) / 1000;
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
  fd_ = fd;
  ++connects_;
  return Status::Ok();
}

Status HttpConnection::SendAll(std::string_view request, bool* stale) {
  size_t sent = 0;
  while (sent < request.size()) {
    const ssize_t n =
        ::send(fd_, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n > 0) {
      sent += static_cast<size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      return TimeoutError();
    }
    const int err = n == 0 ? EPIPE : errno;
    *stale = err == EPIPE || err == ECONNRESET;
    return Unavailable("send: " + ErrnoText(err));
  }
  return Status::Ok();
}

Result<size_t> HttpConnection::ReceiveSome(int64_t deadline_ns, bool* stale) {
  char* dst = buf_.data() + buf_len_;
  const size_t room = buf_.size() - buf_len_;
  for (;;) {
    const int64_t remaining = deadline_ns - NowNs();
    if (remaining <= 0) return TimeoutError();
    ssize_t n;
    if (remaining >= timeout_ns_ - kBlockingSlackNs) {
      n = ::recv(fd_, dst, room, 0);
    } else {
      n = ::recv(fd_, dst, room, MSG_DONTWAIT);
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        pollfd p{fd_, POLLIN, 0};
        const int pr =
            ::poll(&p, 1, static_cast<int>((remaining + 999'999) / 1'000'000));
        if (pr == 0) return TimeoutError();
        if (pr < 0 && errno != EINTR) {
          return Internal("poll: " + ErrnoText(errno));
        }
        continue;
      }
    }
    if (n >= 0) return static_cast<size_t>(n);
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) return TimeoutError();
    const int err = errno;
    *stale = buf_len_ == 0 && err == ECONNRESET;
    return Unavailable("recv: " + ErrnoText(err));
  }
}

Result<HttpResponse> HttpConnection::ReadResponse(int64_t deadline_ns,
                                                  bool* stale) {
  buf_len_ = 0;
  chunked_body_.clear();
  size_t head_end = 0;  // 0 until the head has been received
  size_t scan_from = 0;
  for (;;) {
    if (head_end == 0) {
      const std::string_view got(buf_.data(), buf_len_);
      const size_t pos = got.find("\r\n\r\n", scan_from);
      if (pos != std::string_view::npos) {
        head_end = pos + 4;
        MDBPROF_RETURN_IF_ERROR(ParseHead(head_end));
        if (status_ >= 100 && status_ < 200) {  // interim response: skip it
          std::memmove(buf_.data(), buf_.data() + head_end,
                       buf_len_ - head_end);
          buf_len_ -= head_end;
          head_end = scan_from = 0;
          continue;
        }
        body_start_ = chunk_pos_ = head_end;
      } else {
        if (buf_len_ > kMaxHeadBytes) {
          return Internal("response head too large");
        }
        scan_from = buf_len_ >= 3 ? buf_len_ - 3 : 0;
      }
    }
    if (head_end != 0) {
      std::string_view body;
      bool complete = false;
      if (status_ == 204 || status_ == 304) {
        complete = true;
      } else if (chunked_) {
        const int d = DecodeChunks();
        if (d < 0) return Internal("malformed chunked body");
        complete = d > 0;
        body = chunked_body_;
      } else if (has_length_) {
        complete = buf_len_ - body_start_ >= content_length_;
        body = std::string_view(buf_.data() + body_start_, content_length_);
      }
      if (complete) {
        if (close_after_) Close();
        return HttpResponse{status_, body};
      }
    }
    if (buf_len_ == buf_.size()) {
      if (buf_.size() >= kMaxResponseBytes) {
        return Internal("response too large");
      }
      buf_.resize(buf_.size() * 2);
    }
    Result<size_t> n = ReceiveSome(deadline_ns, stale);
    if (!n.ok()) return n.status();
    if (*n == 0) {
      if (buf_len_ == 0) {
        *stale = true;
        return Unavailable("connection closed by server before response");
      }
      if (head_end != 0 && !chunked_ && !has_length_) {  // body ends at EOF
        Close();
        return HttpResponse{status_, std::string_view(buf_.data() + body_start_,
                                                      buf_len_ - body_start_)};
      }
      return Unavailable("connection closed by server mid-response");
    }
    buf_len_ += *n;
  }
}

Status HttpConnection::ParseHead(size_t head_end) {
  std::string_view head(buf_.data(), head_end - 2);  // keeps one CRLF per line
  const size_t eol = head.find("\r\n");
  const std::string_view line = head.substr(0, eol);
  // "HTTP/1.1 200 OK" (the reason phrase may be empty or absent).
  if (line.size() < 12 || line.substr(0, 7) != "HTTP/1." || !IsDigit(line[7]) ||
      line[8] != ' ' || !IsDigit(line[9]) || !IsDigit(line[10]) ||
      !IsDigit(line[11]) || (line.size() > 12 && line[12] != ' ')) {
    return Internal("malformed status line");
  }
  status_ = (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0');
  const bool http10 = line[7] == '0';
  has_length_ = false;
  chunked_ = false;
  close_after_ = http10;
  content_length_ = 0;
  head.remove_prefix(eol + 2);
  while (!head.empty()) {
    const size_t end = head.find("\r\n");
    const std::string_view field = head.substr(0, end);
    head.remove_prefix(end == std::string_view::npos ? head.size() : end + 2);
    const size_t colon = field.find(':');
    if (colon == std::string_view::npos || colon == 0) {
      return Internal("malformed header line");
    }
    const std::string_view name = field.substr(0, colon);
    const std::string_view value = Trim(field.substr(colon + 1));
    if (IEquals(name, "content-length")) {
      uint64_t length = 0;
      const auto [ptr, ec] =
          std::from_chars(value.data(), value.data() + value.size(), length);
      if (ec != std::errc() || ptr != value.data() + value.size() ||
          value.empty() || (has_length_ && length != content_length_)) {
        return Internal("malformed Content-Length");
      }
      if (length > kMaxResponseBytes) return Internal("response too large");
      has_length_ = true;
      content_length_ = length;
    } else if (IEquals(name, "transfer-encoding")) {
      if (IContains(value, "chunked")) chunked_ = true;
    } else if (IEquals(name, "connection")) {
      if (IContains(value, "close")) {
        close_after_ = true;
      } else if (http10 && IContains(value, "keep-alive")) {
        close_after_ = false;
      }
    }
  }
  if (chunked_) has_length_ = false;  // Transfer-Encoding wins (RFC 9112)
  return Status::Ok();
}

int HttpConnection::DecodeChunks() {
  const std::string_view data(buf_.data(), buf_len_);
  for (;;) {
    const size_t eol = data.find("\r\n", chunk_pos_);
    if (eol == std::string_view::npos) {
      return buf_len_ - chunk_pos_ > kMaxChunkLineBytes ? -1 : 0;
    }
    uint64_t size = 0;
    size_t i = chunk_pos_;
    for (; i < eol; ++i) {
      const int v = HexValue(data[i]);
      if (v < 0) break;
      size = size * 16 + v;
      if (size > kMaxResponseBytes) return -1;
    }
    if (i == chunk_pos_) return -1;  // no hex digits
    if (i < eol && data[i] != ';' && data[i] != ' ' && data[i] != '\t') {
      return -1;
    }
    if (size == 0) {  // last chunk, then trailer fields up to an empty line
      size_t p = eol + 2;
      for (;;) {
        const size_t e = data.find("\r\n", p);
        if (e == std::string_view::npos) {
          return buf_len_ - p > kMaxHeadBytes ? -1 : 0;
        }
        if (e == p) return 1;
        p = e + 2;
      }
    }
    const size_t start = eol + 2;
    if (buf_len_ < start + size + 2) return 0;
    if (data[start + size] != '\r' || data[start + size + 1] != '\n') {
      return -1;
    }
    if (chunked_body_.size() + size > kMaxResponseBytes) return -1;
    chunked_body_.append(data.data() + start, size);
    chunk_pos_ = start + size + 2;
  }
}

}  // namespace mdbprof::bench
