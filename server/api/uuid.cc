#include "server/api/uuid.h"

#include <cstdint>
#include <random>

namespace refserver {
namespace {

constexpr char kHex[] = "0123456789abcdef";

bool IsDashPosition(size_t i) {
  return i == 8 || i == 13 || i == 18 || i == 23;
}

}  // namespace

std::string NewUuidV4() {
  thread_local std::mt19937_64 generator = [] {
    std::random_device device;
    std::seed_seq seed{device(), device(), device(), device()};
    return std::mt19937_64(seed);
  }();
  uint64_t hi = generator();
  uint64_t lo = generator();
  hi = (hi & ~uint64_t{0xf000}) | uint64_t{0x4000};            // version 4
  lo = (lo & ~(uint64_t{0xc} << 60)) | (uint64_t{0x8} << 60);  // variant 1
  std::string out(36, '-');
  int nibble = 0;
  for (size_t i = 0; i < out.size(); ++i) {
    if (IsDashPosition(i)) continue;
    uint64_t word = nibble < 16 ? hi : lo;
    int shift = 60 - 4 * (nibble % 16);
    out[i] = kHex[(word >> shift) & 0xf];
    ++nibble;
  }
  return out;
}

mdbprof::Result<std::string> NormalizeUuid(std::string_view text) {
  if (text.size() != 36) {
    return mdbprof::InvalidArgument(
        "'" + std::string(text) +
        "' is not a UUID (expected 8-4-4-4-12 hexadecimal digits)");
  }
  std::string out(text);
  for (size_t i = 0; i < out.size(); ++i) {
    char c = out[i];
    bool ok = IsDashPosition(i)
                  ? c == '-'
                  : ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
                     (c >= 'A' && c <= 'F'));
    if (!ok) {
      return mdbprof::InvalidArgument(
          "'" + std::string(text) +
          "' is not a UUID (expected 8-4-4-4-12 hexadecimal digits)");
    }
    if (c >= 'A' && c <= 'F') out[i] = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace refserver
