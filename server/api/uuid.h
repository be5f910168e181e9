// Message ids: random (version 4) UUIDs and the canonical UUID text form.
//
//   std::string id = NewUuidV4();  // "1b4e28ba-2fa1-41d2-883f-0016d3cca427"
//   Result<std::string> ok =
//   NormalizeUuid("1B4E28BA-2FA1-11D2-883F-0016D3CCA427");
#ifndef REFSERVER_API_UUID_H_
#define REFSERVER_API_UUID_H_

#include <string>
#include <string_view>

#include "base/status.h"

namespace refserver {

// A version-4, variant-1 UUID in lowercase 8-4-4-4-12 form. Thread-safe
// (a per-thread generator seeded from std::random_device).
std::string NewUuidV4();

// `text` lowercased when it is 8-4-4-4-12 hexadecimal digits; InvalidArgument
// otherwise.
mdbprof::Result<std::string> NormalizeUuid(std::string_view text);

}  // namespace refserver

#endif  // REFSERVER_API_UUID_H_
