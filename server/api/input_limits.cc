#include "server/api/input_limits.h"

#include <arpa/inet.h>

#include <string>

namespace refserver {

size_t JsonNestingDepth(std::string_view text) {
  size_t depth = 0, deepest = 0;
  bool in_string = false, escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    switch (c) {
      case '"':
        in_string = true;
        break;
      case '[':
      case '{':
        if (++depth > deepest) deepest = depth;
        break;
      case ']':
      case '}':
        if (depth > 0) --depth;
        break;
      default:
        break;
    }
  }
  return deepest;
}

mdbprof::Status ValidateStreamName(std::string_view name,
                                   std::string_view what) {
  if (name.empty()) {
    return mdbprof::InvalidArgument(std::string(what) + " must not be empty");
  }
  if (name.size() > kMaxStreamNameBytes) {
    return mdbprof::InvalidArgument(
        std::string(what) + " is " + std::to_string(name.size()) +
        " bytes long; at most " + std::to_string(kMaxStreamNameBytes) +
        " allowed");
  }
  for (size_t i = 0; i < name.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(name[i]);
    if (c < 0x20 || c == 0x7f) {
      return mdbprof::InvalidArgument(
          std::string(what) + " contains a control character (byte " +
          std::to_string(c) + " at offset " + std::to_string(i) + ")");
    }
  }
  return mdbprof::Status::Ok();
}

bool IsLoopbackAddress(std::string_view address) {
  std::string text(address);
  in_addr v4;
  if (inet_pton(AF_INET, text.c_str(), &v4) == 1) {
    return (ntohl(v4.s_addr) >> 24) == 127;
  }
  in6_addr v6;
  if (inet_pton(AF_INET6, text.c_str(), &v6) == 1) {
    if (IN6_IS_ADDR_LOOPBACK(&v6)) return true;
    if (IN6_IS_ADDR_V4MAPPED(&v6)) return v6.s6_addr[12] == 127;
  }
  return false;
}

bool PprofRequestAllowed(std::string_view path, std::string_view remote_addr,
                         bool allow_remote) {
  constexpr std::string_view kPprof = "/debug/pprof";
  bool is_pprof = path.substr(0, kPprof.size()) == kPprof &&
                  (path.size() == kPprof.size() || path[kPprof.size()] == '/');
  return !is_pprof || allow_remote || IsLoopbackAddress(remote_addr);
}

}  // namespace refserver
