// ServerUrl: the address of a server that is already running, as attach mode
// takes it (MDBPROF_URL / --url; see attached_server.h).
//
// The form is strictly `http://HOST:PORT`, optionally with a trailing "/":
// HOST is a DNS name, an IPv4 address or an IPv6 address in brackets; PORT
// is 1..65535 and must be written out. Anything else — another scheme, user
// info, a path, a query, a fragment — is refused with the reason, because
// the suite talks plain HTTP to /rpc, /health and /debug/pprof/ at the
// server's root.
//
//   Result<ServerUrl> url = ParseServerUrl("http://127.0.0.1:8080");
//   if (!url.ok()) ...url.status().message()...  // "https is not supported..."
//   Use(url->host, url->port);                   // "127.0.0.1", 8080
#ifndef MDBPROF_BENCH_SERVER_URL_H_
#define MDBPROF_BENCH_SERVER_URL_H_

#include <string>
#include <string_view>

#include "base/status.h"

namespace mdbprof::bench {

struct ServerUrl {
  std::string host;  // without brackets for IPv6 ("::1")
  int port = 0;

  // "http://HOST:PORT" (IPv6 in brackets).
  std::string ToString() const;
};

// InvalidArgument with a message that says what is wrong and what is
// expected (no prefix: the caller names the variable or flag).
Result<ServerUrl> ParseServerUrl(std::string_view text);

}  // namespace mdbprof::bench

#endif  // MDBPROF_BENCH_SERVER_URL_H_
