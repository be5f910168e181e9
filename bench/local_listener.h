// Which process of this machine serves a TCP address: attach mode's way to
// tell a local server (whose CPU time and RSS /proc shows) from a remote one.
//
//   1. HOST must resolve to an address of this machine: a loopback address
//      or one assigned to an interface (getifaddrs). Otherwise the server is
//      remote, and nothing else is looked at.
//   2. /proc/net/tcp and /proc/net/tcp6 list the sockets in state LISTEN; the
//      one on PORT bound to that address (or to the wildcard 0.0.0.0 / ::)
//      gives an inode.
//   3. The process whose /proc/<pid>/fd holds a link to `socket:[inode]` is
//      the server; when several do (workers forked after listen()), the one
//      whose parent is not among them.
//
// Step 3 needs read access to the other process's /proc/<pid>/fd: another
// user's server is found only by root. A server in another network
// namespace (a container with a published port) is not found, or the port's
// proxy is; attach mode's MDBPROF_ATTACH_PID names the process then.
//
//   LocalListener found = FindLocalListener("127.0.0.1", 8080);
//   if (found.pid) ...ProcessTreeCpuMicros(*found.pid)...
//   else Say("CPU not measured: " + found.reason);
#ifndef MDBPROF_BENCH_LOCAL_LISTENER_H_
#define MDBPROF_BENCH_LOCAL_LISTENER_H_

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace mdbprof::bench {

// One socket in state LISTEN of /proc/net/tcp or /proc/net/tcp6.
struct ListeningSocket {
  // inet_ntop form; an IPv4-mapped IPv6 address as IPv4 ("127.0.0.1"); the
  // wildcard as "0.0.0.0" or "::".
  std::string address;
  int port = 0;
  uint64_t inode = 0;
};

// The LISTEN sockets of the text of /proc/net/tcp (`ipv6` false) or
// /proc/net/tcp6 (`ipv6` true). InvalidArgument naming the line when a line
// is malformed.
Result<std::vector<ListeningSocket>> ParseListeningSockets(
    std::string_view text, bool ipv6);

// The addresses (inet_ntop form) `host` resolves to; InvalidArgument naming
// the host when it does not resolve. May ask DNS for a name that is not an
// IP literal or in /etc/hosts.
Result<std::vector<std::string>> ResolveHost(const std::string& host);

// True when `address` (inet_ntop form) is a loopback address or an address
// of one of this machine's interfaces.
bool IsLocalAddress(const std::string& address);

struct LocalListener {
  std::optional<pid_t> pid;  // the serving process, when found
  std::string reason;        // when !pid: why, as a phrase for a log line
};

// Steps 1-3 above for `host`:`port`.
LocalListener FindLocalListener(const std::string& host, int port);

}  // namespace mdbprof::bench

#endif  // MDBPROF_BENCH_LOCAL_LISTENER_H_
