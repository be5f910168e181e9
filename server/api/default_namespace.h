// Start-up bootstrap of the namespace "default", whose token is the admin
// token (ns.* methods).
//
//   Result<std::optional<std::string>> generated =
//       EnsureDefaultNamespace(store, config.token);
//   if (generated.ok() && generated->has_value()) print(**generated);
//
// With a token: it must name "default" (InvalidArgument otherwise); the
// namespace is created with it, or its stored hash is replaced by it.
// Without: an existing namespace keeps its token; a missing one is created
// with a fresh token, which is returned (the only time it is known).
#ifndef REFSERVER_API_DEFAULT_NAMESPACE_H_
#define REFSERVER_API_DEFAULT_NAMESPACE_H_

#include <optional>
#include <string>

#include "server/store/store.h"

namespace refserver {

Result<std::optional<std::string>> EnsureDefaultNamespace(
    Store& store, const std::string& token);

}  // namespace refserver

#endif  // REFSERVER_API_DEFAULT_NAMESPACE_H_
