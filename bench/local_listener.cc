#include "bench/local_listener.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <netdb.h>
#include <netinet/in.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "fixtures/proc_stat.h"

namespace mdbprof::bench {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kListenState = "0A";  // TCP_LISTEN

// inet_ntop of 16 (IPv6) or 4 (IPv4) bytes; an IPv4-mapped IPv6 address
// comes out as IPv4.
std::string AddressText(const unsigned char* bytes, bool ipv6) {
  char buf[INET6_ADDRSTRLEN] = {0};
  if (ipv6) {
    in6_addr a;
    memcpy(&a, bytes, sizeof a);
    if (IN6_IS_ADDR_V4MAPPED(&a)) return AddressText(bytes + 12, false);
    inet_ntop(AF_INET6, &a, buf, sizeof buf);
  } else {
    in_addr a;
    memcpy(&a, bytes, sizeof a);
    inet_ntop(AF_INET, &a, buf, sizeof buf);
  }
  return buf;
}

bool ParseHex(std::string_view text, uint64_t* out) {
  if (text.empty()) return false;
  auto [ptr, err] = std::from_chars(text.data(), text.data() + text.size(),
                                    *out, /*base=*/16);
  return err == std::errc() && ptr == text.data() + text.size();
}

// "0100007F:1F90" → address and port. The kernel prints each 32-bit word of
// the address as a host-order integer.
bool ParseLocalAddress(std::string_view field, bool ipv6,
                       ListeningSocket* out) {
  const size_t colon = field.find(':');
  if (colon == std::string_view::npos) return false;
  std::string_view hex = field.substr(0, colon);
  const size_t words = ipv6 ? 4 : 1;
  if (hex.size() != 8 * words) return false;
  unsigned char bytes[16];
  for (size_t i = 0; i < words; ++i) {
    uint64_t word = 0;
    if (!ParseHex(hex.substr(8 * i, 8), &word)) return false;
    const uint32_t w = static_cast<uint32_t>(word);
    memcpy(bytes + 4 * i, &w, 4);
  }
  uint64_t port = 0;
  if (!ParseHex(field.substr(colon + 1), &port) || port > 65535) return false;
  out->address = AddressText(bytes, ipv6);
  out->port = static_cast<int>(port);
  return true;
}

std::string ReadText(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

bool IsWildcard(const std::string& address) {
  return address == "0.0.0.0" || address == "::";
}

bool IsLoopback(const std::string& address) {
  return address.rfind("127.", 0) == 0 || address == "::1";
}

std::optional<pid_t> PidOf(const std::string& name) {
  pid_t pid = 0;
  auto [ptr, err] =
      std::from_chars(name.data(), name.data() + name.size(), pid);
  if (err != std::errc() || ptr != name.data() + name.size() || pid <= 0) {
    return std::nullopt;
  }
  return pid;
}

std::optional<pid_t> ParentOf(pid_t pid) {
  Result<fixtures::ProcStat> stat = fixtures::ReadProcStat(pid);
  if (!stat.ok()) return std::nullopt;
  return stat->ppid;
}

// The processes holding one of `links` ("socket:[N]") open; `*unreadable`
// counts the processes whose fd directory could not be read.
std::set<pid_t> Holders(const std::set<std::string>& links, int* unreadable) {
  std::set<pid_t> out;
  std::error_code ec;
  for (const fs::directory_entry& proc : fs::directory_iterator("/proc", ec)) {
    std::optional<pid_t> pid = PidOf(proc.path().filename().string());
    if (!pid) continue;
    std::error_code fd_ec;
    fs::directory_iterator fds(proc.path() / "fd", fd_ec), end;
    if (fd_ec) {
      if (fd_ec == std::errc::permission_denied) ++*unreadable;
      continue;
    }
    for (; !fd_ec && fds != end; fds.increment(fd_ec)) {
      std::error_code link_ec;
      fs::path target = fs::read_symlink(fds->path(), link_ec);
      if (!link_ec && links.count(target.string()) > 0) {
        out.insert(*pid);
        break;
      }
    }
  }
  return out;
}

}  // namespace

Result<std::vector<ListeningSocket>> ParseListeningSockets(
    std::string_view text, bool ipv6) {
  std::vector<ListeningSocket> out;
  std::istringstream in{std::string(text)};
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (number == 1) continue;  // the header
    std::istringstream fields(line);
    std::vector<std::string> f;
    for (std::string word; fields >> word;) f.push_back(word);
    if (f.empty()) continue;
    const std::string where =
        std::string(ipv6 ? "/proc/net/tcp6" : "/proc/net/tcp") + " line " +
        std::to_string(number);
    if (f.size() < 10) {
      return InvalidArgument(where + ": expected at least 10 fields, got " +
                             std::to_string(f.size()));
    }
    if (f[3] != kListenState) continue;
    ListeningSocket socket;
    if (!ParseLocalAddress(f[1], ipv6, &socket)) {
      return InvalidArgument(where + ": malformed local address '" + f[1] +
                             "'");
    }
    auto [ptr, err] =
        std::from_chars(f[9].data(), f[9].data() + f[9].size(), socket.inode);
    if (err != std::errc() || ptr != f[9].data() + f[9].size()) {
      return InvalidArgument(where + ": malformed inode '" + f[9] + "'");
    }
    out.push_back(std::move(socket));
  }
  return out;
}

Result<std::vector<std::string>> ResolveHost(const std::string& host) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  const int rc = getaddrinfo(host.c_str(), nullptr, &hints, &found);
  if (rc != 0) {
    return InvalidArgument("cannot resolve host '" + host +
                           "': " + gai_strerror(rc));
  }
  std::vector<std::string> out;
  for (addrinfo* a = found; a != nullptr; a = a->ai_next) {
    std::string text;
    if (a->ai_family == AF_INET) {
      auto* sin = reinterpret_cast<sockaddr_in*>(a->ai_addr);
      text =
          AddressText(reinterpret_cast<unsigned char*>(&sin->sin_addr), false);
    } else if (a->ai_family == AF_INET6) {
      auto* sin6 = reinterpret_cast<sockaddr_in6*>(a->ai_addr);
      text =
          AddressText(reinterpret_cast<unsigned char*>(&sin6->sin6_addr), true);
    }
    if (!text.empty() && std::find(out.begin(), out.end(), text) == out.end()) {
      out.push_back(text);
    }
  }
  freeaddrinfo(found);
  if (out.empty()) {
    return InvalidArgument("host '" + host + "' has no IP address");
  }
  return out;
}

bool IsLocalAddress(const std::string& address) {
  if (IsLoopback(address)) return true;
  ifaddrs* list = nullptr;
  if (getifaddrs(&list) != 0) return false;
  bool local = false;
  for (ifaddrs* i = list; i != nullptr && !local; i = i->ifa_next) {
    if (i->ifa_addr == nullptr) continue;
    std::string text;
    if (i->ifa_addr->sa_family == AF_INET) {
      auto* sin = reinterpret_cast<sockaddr_in*>(i->ifa_addr);
      text =
          AddressText(reinterpret_cast<unsigned char*>(&sin->sin_addr), false);
    } else if (i->ifa_addr->sa_family == AF_INET6) {
      auto* sin6 = reinterpret_cast<sockaddr_in6*>(i->ifa_addr);
      text =
          AddressText(reinterpret_cast<unsigned char*>(&sin6->sin6_addr), true);
    }
    local = !text.empty() && text == address;
  }
  freeifaddrs(list);
  return local;
}

LocalListener FindLocalListener(const std::string& host, int port) {
  LocalListener result;
  Result<std::vector<std::string>> addresses = ResolveHost(host);
  if (!addresses.ok()) {
    result.reason = addresses.status().message();
    return result;
  }
  std::vector<std::string> local;
  for (const std::string& a : *addresses) {
    if (IsLocalAddress(a)) local.push_back(a);
  }
  if (local.empty()) {
    result.reason = host + " (" + addresses->front() +
                    ") is not an address of this machine";
    return result;
  }
  std::set<std::string> links;
  for (bool ipv6 : {false, true}) {
    Result<std::vector<ListeningSocket>> sockets = ParseListeningSockets(
        ReadText(ipv6 ? "/proc/net/tcp6" : "/proc/net/tcp"), ipv6);
    if (!sockets.ok()) {
      result.reason = sockets.status().message();
      return result;
    }
    for (const ListeningSocket& s : *sockets) {
      const bool address_matches =
          IsWildcard(s.address) ||
          std::find(local.begin(), local.end(), s.address) != local.end();
      if (s.port == port && address_matches && s.inode != 0) {
        links.insert("socket:[" + std::to_string(s.inode) + "]");
      }
    }
  }
  if (links.empty()) {
    result.reason = "no socket of this network namespace listens on " +
                    local.front() + " port " + std::to_string(port) +
                    " (a server in a container?)";
    return result;
  }
  int unreadable = 0;
  std::set<pid_t> holders = Holders(links, &unreadable);
  if (holders.empty()) {
    result.reason =
        "the socket listening on port " + std::to_string(port) +
        " belongs to no process whose /proc/<pid>/fd this user can read (" +
        std::to_string(unreadable) +
        " could not be read: another user's process needs root)";
    return result;
  }
  for (pid_t pid : holders) {  // ascending: the lowest root wins
    std::optional<pid_t> parent = ParentOf(pid);
    if (!parent || holders.count(*parent) == 0) {
      result.pid = pid;
      return result;
    }
  }
  result.pid = *holders.begin();
  return result;
}

}  // namespace mdbprof::bench
