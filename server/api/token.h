// Namespace tokens: `ns_<base64url(namespace), no padding>_<64 hex>`.
// A token names its namespace; the server stores only its SHA-256.
//
//   Result<std::string> ns = TokenNamespace(token);   // "default"
//   std::string hash = HashToken(token);               // 64 lowercase hex
//   if (ConstantTimeEquals(hash, record.token_hash)) { ... }
//   Result<std::string> fresh = GenerateToken("tenant-a");
#ifndef REFSERVER_API_TOKEN_H_
#define REFSERVER_API_TOKEN_H_

#include <string>
#include <string_view>

#include "base/status.h"

namespace refserver {

// The namespace a well-formed token names; InvalidArgument saying what is
// malformed otherwise (prefix, base64url part, secret part, namespace name).
mdbprof::Result<std::string> TokenNamespace(std::string_view token);

// `ns_<base64url(ns)>_<secret_hex>`. REQUIRES: secret_hex is 64 hex digits.
std::string MakeToken(std::string_view ns, std::string_view secret_hex);

// A token for `ns` with 32 random bytes from OpenSSL's CSPRNG.
mdbprof::Result<std::string> GenerateToken(std::string_view ns);

// Lowercase hex SHA-256 of the token text.
std::string HashToken(std::string_view token);

// Equality whose running time does not depend on where the inputs differ
// (only on their lengths).
bool ConstantTimeEquals(std::string_view a, std::string_view b);

// RFC 4648 §5 alphabet, no padding.
std::string Base64UrlEncode(std::string_view bytes);
// Rejects padding, characters outside the alphabet and non-canonical input.
mdbprof::Result<std::string> Base64UrlDecode(std::string_view text);

}  // namespace refserver

#endif  // REFSERVER_API_TOKEN_H_
