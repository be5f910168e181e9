#include "server/store/namespace_name.h"

#include <string>

namespace refserver {
namespace {

bool IsAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9');
}

}  // namespace

mdbprof::Status ValidateNamespaceName(std::string_view name) {
  if (name.empty()) {
    return mdbprof::InvalidArgument("namespace name must not be empty");
  }
  if (name.size() > kMaxNamespaceNameLength) {
    return mdbprof::InvalidArgument("namespace name is " +
                                    std::to_string(name.size()) +
                                    " characters long; the limit is " +
                                    std::to_string(kMaxNamespaceNameLength));
  }
  if (!IsAlnum(name[0])) {
    return mdbprof::InvalidArgument("namespace name '" + std::string(name) +
                                    "' must start with a letter or digit");
  }
  for (char c : name) {
    if (!IsAlnum(c) && c != '-' && c != '_') {
      return mdbprof::InvalidArgument(
          "namespace name '" + std::string(name) +
          "' may contain only letters, digits, '-' and '_'");
    }
  }
  return mdbprof::Status::Ok();
}

}  // namespace refserver
