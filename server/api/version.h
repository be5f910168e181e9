// The reference server's version (the CMake project version), reported by
// GET /version and sys.version.
//
//   std::string_view v = kServerVersion;  // "0.1.0"
#ifndef REFSERVER_API_VERSION_H_
#define REFSERVER_API_VERSION_H_

#include <string_view>

#ifndef REFSERVER_VERSION
#define REFSERVER_VERSION "0.0.0-unknown"
#endif

namespace refserver {

inline constexpr std::string_view kServerVersion = REFSERVER_VERSION;

}  // namespace refserver

#endif  // REFSERVER_API_VERSION_H_
