// Namespace names: what every backend accepts as a namespace (it becomes a
// file name, a schema name, a key prefix).
//
//   ValidateNamespaceName("tenant-a");  // OK
//   ValidateNamespaceName("../etc");    // InvalidArgument naming the rule
#ifndef REFSERVER_STORE_NAMESPACE_NAME_H_
#define REFSERVER_STORE_NAMESPACE_NAME_H_

#include <string_view>

#include "base/status.h"

namespace refserver {

inline constexpr size_t kMaxNamespaceNameLength = 64;

// OK when `name` is 1..64 characters of [A-Za-z0-9_-] starting with a letter
// or digit; otherwise InvalidArgument saying which rule failed.
mdbprof::Status ValidateNamespaceName(std::string_view name);

}  // namespace refserver

#endif  // REFSERVER_STORE_NAMESPACE_NAME_H_
