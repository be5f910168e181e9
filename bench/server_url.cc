#include "bench/server_url.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>

namespace mdbprof::bench {
namespace {

constexpr char kExpected[] = "expected http://HOST:PORT";

Status Bad(const std::string& why) {
  return InvalidArgument(why + " (" + kExpected + ")");
}

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return out;
}

// A DNS name or a dotted IPv4 address.
Status CheckHostName(const std::string& host) {
  if (host.empty()) return Bad("the host is empty");
  bool numeric = true;
  for (unsigned char c : host) {
    if (!std::isalnum(c) && c != '-' && c != '.') {
      return Bad("the host '" + host + "' has a character a host name cannot " +
                 "have ('" + std::string(1, static_cast<char>(c)) + "')");
    }
    if (!std::isdigit(c) && c != '.') numeric = false;
  }
  if (host.front() == '.' || host.back() == '.' ||
      host.find("..") != std::string::npos) {
    return Bad("the host '" + host + "' has an empty label");
  }
  in_addr v4;
  if (numeric && inet_pton(AF_INET, host.c_str(), &v4) != 1) {
    return Bad("the host '" + host + "' is not an IPv4 address");
  }
  return Status::Ok();
}

Result<int> ParsePort(std::string_view text) {
  if (text.empty()) return Bad("the port is missing");
  if (text.size() > 5 || !std::all_of(text.begin(), text.end(), [](char c) {
        return std::isdigit(static_cast<unsigned char>(c));
      })) {
    return Bad("the port '" + std::string(text) + "' is not a number");
  }
  const int port = std::stoi(std::string(text));
  if (port < 1 || port > 65535) {
    return Bad("the port " + std::string(text) + " is not in 1..65535");
  }
  return port;
}

}  // namespace

std::string ServerUrl::ToString() const {
  const bool v6 = host.find(':') != std::string::npos;
  return "http://" + (v6 ? "[" + host + "]" : host) + ":" +
         std::to_string(port);
}

Result<ServerUrl> ParseServerUrl(std::string_view text) {
  const size_t sep = text.find("://");
  if (sep == std::string_view::npos) return Bad("no scheme");
  const std::string scheme = Lower(text.substr(0, sep));
  if (scheme == "https") {
    return Bad("https is not supported: the suite speaks plain HTTP");
  }
  if (scheme != "http") {
    return Bad("the scheme '" + std::string(text.substr(0, sep)) +
               "' is not supported");
  }
  std::string_view rest = text.substr(sep + 3);
  const size_t end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, end);
  if (end != std::string_view::npos && rest.substr(end) != "/") {
    return Bad("a path, query or fragment ('" + std::string(rest.substr(end)) +
               "') is not supported: the suite uses /rpc, /health and "
               "/debug/pprof/ at the server's root");
  }
  if (authority.find('@') != std::string_view::npos) {
    return Bad(
        "user info ('...@') is not supported: the token comes from "
        "DEFAULT_TOKEN");
  }
  ServerUrl url;
  std::string_view port_text;
  if (!authority.empty() && authority.front() == '[') {
    const size_t close = authority.find(']');
    if (close == std::string_view::npos) {
      return Bad("the IPv6 address has no closing ']'");
    }
    url.host = std::string(authority.substr(1, close - 1));
    in6_addr v6;
    if (inet_pton(AF_INET6, url.host.c_str(), &v6) != 1) {
      return Bad("'" + url.host + "' is not an IPv6 address");
    }
    std::string_view after = authority.substr(close + 1);
    if (after.empty() || after.front() != ':') {
      return Bad("the port is missing");
    }
    port_text = after.substr(1);
  } else {
    const size_t colon = authority.rfind(':');
    if (colon == std::string_view::npos) return Bad("the port is missing");
    url.host = std::string(authority.substr(0, colon));
    if (url.host.find(':') != std::string::npos) {
      return Bad("an IPv6 address must be in brackets, e.g. http://[::1]:8080");
    }
    MDBPROF_RETURN_IF_ERROR(CheckHostName(url.host));
    port_text = authority.substr(colon + 1);
  }
  Result<int> port = ParsePort(port_text);
  if (!port.ok()) return port.status();
  url.port = *port;
  return url;
}

}  // namespace mdbprof::bench
