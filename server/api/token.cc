#include "server/api/token.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "server/store/namespace_name.h"

namespace refserver {
namespace {

constexpr std::string_view kPrefix = "ns_";
constexpr size_t kSecretHexLength = 64;
constexpr char kAlphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr char kHex[] = "0123456789abcdef";

int AlphabetIndex(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '-') return 62;
  if (c == '_') return 63;
  return -1;
}

bool IsHex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
         (c >= 'A' && c <= 'F');
}

std::string ToHex(const unsigned char* bytes, size_t size) {
  std::string hex;
  hex.reserve(size * 2);
  for (size_t i = 0; i < size; ++i) {
    hex.push_back(kHex[bytes[i] >> 4]);
    hex.push_back(kHex[bytes[i] & 0xf]);
  }
  return hex;
}

}  // namespace

std::string Base64UrlEncode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() * 4 + 2) / 3);
  size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    uint32_t v = (static_cast<uint8_t>(bytes[i]) << 16) |
                 (static_cast<uint8_t>(bytes[i + 1]) << 8) |
                 static_cast<uint8_t>(bytes[i + 2]);
    out.push_back(kAlphabet[(v >> 18) & 63]);
    out.push_back(kAlphabet[(v >> 12) & 63]);
    out.push_back(kAlphabet[(v >> 6) & 63]);
    out.push_back(kAlphabet[v & 63]);
  }
  size_t left = bytes.size() - i;
  if (left == 1) {
    uint32_t v = static_cast<uint8_t>(bytes[i]) << 16;
    out.push_back(kAlphabet[(v >> 18) & 63]);
    out.push_back(kAlphabet[(v >> 12) & 63]);
  } else if (left == 2) {
    uint32_t v = (static_cast<uint8_t>(bytes[i]) << 16) |
                 (static_cast<uint8_t>(bytes[i + 1]) << 8);
    out.push_back(kAlphabet[(v >> 18) & 63]);
    out.push_back(kAlphabet[(v >> 12) & 63]);
    out.push_back(kAlphabet[(v >> 6) & 63]);
  }
  return out;
}

mdbprof::Result<std::string> Base64UrlDecode(std::string_view text) {
  if (text.size() % 4 == 1) {
    return mdbprof::InvalidArgument("base64url text has an impossible length");
  }
  std::string out;
  out.reserve(text.size() * 3 / 4);
  uint32_t buffer = 0;
  int bits = 0;
  for (char c : text) {
    int index = AlphabetIndex(c);
    if (index < 0) {
      return mdbprof::InvalidArgument(std::string("base64url text contains '") +
                                      c + "'");
    }
    buffer = (buffer << 6) | static_cast<uint32_t>(index);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> bits) & 0xff));
    }
  }
  if ((buffer & ((1u << bits) - 1)) != 0) {
    return mdbprof::InvalidArgument("base64url text is not canonical");
  }
  return out;
}

mdbprof::Result<std::string> TokenNamespace(std::string_view token) {
  if (token.substr(0, kPrefix.size()) != kPrefix) {
    return mdbprof::InvalidArgument("token does not start with 'ns_'");
  }
  // base64url may contain '_', so the secret is found from the end.
  if (token.size() < kPrefix.size() + 2 + kSecretHexLength ||
      token[token.size() - kSecretHexLength - 1] != '_') {
    return mdbprof::InvalidArgument(
        "token is not of the form ns_<base64url namespace>_<64 hex digits>");
  }
  std::string_view secret = token.substr(token.size() - kSecretHexLength);
  for (char c : secret) {
    if (!IsHex(c)) {
      return mdbprof::InvalidArgument(
          "token secret is not 64 hexadecimal digits");
    }
  }
  std::string_view encoded = token.substr(
      kPrefix.size(), token.size() - kPrefix.size() - kSecretHexLength - 1);
  mdbprof::Result<std::string> ns = Base64UrlDecode(encoded);
  if (!ns.ok()) return ns.status().WithContext("token namespace part");
  mdbprof::Status valid = ValidateNamespaceName(*ns);
  if (!valid.ok()) return valid.WithContext("token");
  return ns;
}

std::string MakeToken(std::string_view ns, std::string_view secret_hex) {
  std::string token(kPrefix);
  token += Base64UrlEncode(ns);
  token += '_';
  token += secret_hex;
  return token;
}

mdbprof::Result<std::string> GenerateToken(std::string_view ns) {
  unsigned char secret[kSecretHexLength / 2];
  if (RAND_bytes(secret, sizeof(secret)) != 1) {
    return mdbprof::Internal("OpenSSL RAND_bytes failed");
  }
  return MakeToken(ns, ToHex(secret, sizeof(secret)));
}

std::string HashToken(std::string_view token) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  // Fetched once: an implicit fetch per call would take a global lock.
  static EVP_MD* const sha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  if (sha256 == nullptr || EVP_Digest(token.data(), token.size(), digest,
                                      &length, sha256, nullptr) != 1) {
    return std::string();  // never equal to a stored 64-hex hash
  }
  return ToHex(digest, length);
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace refserver
