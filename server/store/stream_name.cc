#include "server/store/stream_name.h"

#include <openssl/evp.h>

#include <cstdlib>
#include <iostream>

namespace refserver {

std::string_view Category(std::string_view stream_name) {
  size_t dash = stream_name.find('-');
  return dash == std::string_view::npos ? stream_name
                                        : stream_name.substr(0, dash);
}

std::string_view StreamId(std::string_view stream_name) {
  size_t dash = stream_name.find('-');
  return dash == std::string_view::npos ? std::string_view()
                                        : stream_name.substr(dash + 1);
}

std::string_view CardinalId(std::string_view stream_name) {
  std::string_view id = StreamId(stream_name);
  size_t plus = id.find('+');
  return plus == std::string_view::npos ? id : id.substr(0, plus);
}

bool IsCategory(std::string_view name) {
  return name.find('-') == std::string_view::npos;
}

int64_t Hash64(std::string_view value) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  // Fetched once: an implicit fetch per call would take a global lock.
  static EVP_MD* const md5 = EVP_MD_fetch(nullptr, "MD5", nullptr);
  if (md5 == nullptr ||
      EVP_Digest(value.data(), value.size(), digest, &length, md5, nullptr) !=
          1 ||
      length < 8) {
    // MD5 is always available in OpenSSL 3's default provider; without it
    // consumer groups cannot be computed at all.
    std::cerr << "refserver: OpenSSL MD5 digest failed\n";
    std::abort();
  }
  uint64_t bits = 0;
  for (int i = 0; i < 8; ++i) bits = (bits << 8) | digest[i];
  return static_cast<int64_t>(bits);
}

int64_t HashMember(int64_t hash, int64_t size) {
  // |hash| as unsigned is exact even for INT64_MIN.
  uint64_t magnitude = hash < 0 ? uint64_t{0} - static_cast<uint64_t>(hash)
                                : static_cast<uint64_t>(hash);
  return static_cast<int64_t>(magnitude % static_cast<uint64_t>(size));
}

int64_t ConsumerGroupMember(std::string_view stream_name, int64_t size) {
  return HashMember(Hash64(CardinalId(stream_name)), size);
}

}  // namespace refserver
