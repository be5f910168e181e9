// Limits on what a client may send the reference server, checked before any
// work is done on a request (hostile input, issue #6).
//
//   if (JsonNestingDepth(body) > kMaxJsonDepth) -> 400
//   Status s = ValidateStreamName(name);         -> 400 with s.message()
//   if (!PprofRequestAllowed(req.path, req.remote_addr, allow_remote)) -> 403
//
// Request bodies are capped at 1 MiB by the HTTP layer (413, see
// http_routes.h).
#ifndef REFSERVER_API_INPUT_LIMITS_H_
#define REFSERVER_API_INPUT_LIMITS_H_

#include <cstddef>
#include <string_view>

#include "base/status.h"

namespace refserver {

// Deepest array/object nesting a request body may have. Parsing is
// iterative, but serialising a stored message (its data) recurses once per
// level, so an unbounded depth would let one request overflow a stack.
inline constexpr size_t kMaxJsonDepth = 64;

// Longest stream or category name, in bytes.
inline constexpr size_t kMaxStreamNameBytes = 1024;

// The deepest nesting of '[' and '{' in `text` outside JSON strings (a
// quick scan; `text` need not be valid JSON). "1" -> 0, "[[]]" -> 2.
size_t JsonNestingDepth(std::string_view text);

// OK when `name` is a usable stream (or category) name: non-empty, at most
// kMaxStreamNameBytes, no control characters (0x00-0x1F, 0x7F). Otherwise
// InvalidArgument saying which rule it breaks (`what` names the argument).
mdbprof::Status ValidateStreamName(std::string_view name,
                                   std::string_view what = "stream name");

// True for a loopback peer address as cpp-httplib reports it: 127.0.0.0/8,
// ::1, and their IPv4-mapped form ::ffff:127.x.x.x.
bool IsLoopbackAddress(std::string_view address);

// True when a request for `path` from `remote_addr` may be answered:
// /debug/pprof/* only for loopback peers unless `allow_remote`
// (--pprof-allow-remote); every other path always.
bool PprofRequestAllowed(std::string_view path, std::string_view remote_addr,
                         bool allow_remote);

}  // namespace refserver

#endif  // REFSERVER_API_INPUT_LIMITS_H_
