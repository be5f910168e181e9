#include "server/store/pebble/kv_codec.h"

namespace refserver::pebble {

void PutFixed64(std::string* out, uint64_t value) {
  char buf[8];
  for (int i = 0; i < 8; ++i) buf[i] = static_cast<char>(value >> (8 * i));
  out->append(buf, sizeof(buf));
}

void PutVarint64(std::string* out, uint64_t value) {
  while (value >= 0x80) {
    out->push_back(static_cast<char>((value & 0x7f) | 0x80));
    value >>= 7;
  }
  out->push_back(static_cast<char>(value));
}

void PutLengthPrefixed(std::string* out, std::string_view value) {
  PutVarint64(out, value.size());
  out->append(value);
}

bool DecodeFixed64(std::string_view bytes, uint64_t* value) {
  if (bytes.size() != 8) return false;
  ByteReader reader(bytes);
  return reader.ReadFixed64(value);
}

bool ByteReader::ReadFixed64(uint64_t* value) {
  if (rest_.size() < 8) return false;
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i) {
    v = (v << 8) | static_cast<uint8_t>(rest_[i]);
  }
  *value = v;
  rest_.remove_prefix(8);
  return true;
}

bool ByteReader::ReadVarint64(uint64_t* value) {
  uint64_t v = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (rest_.empty()) return false;
    const uint8_t byte = static_cast<uint8_t>(rest_.front());
    rest_.remove_prefix(1);
    if (shift == 63 && byte > 1) return false;  // would overflow 64 bits
    v |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) {
      *value = v;
      return true;
    }
  }
  return false;
}

bool ByteReader::ReadByte(uint8_t* value) {
  if (rest_.empty()) return false;
  *value = static_cast<uint8_t>(rest_.front());
  rest_.remove_prefix(1);
  return true;
}

bool ByteReader::ReadLengthPrefixed(std::string_view* value) {
  uint64_t length = 0;
  if (!ReadVarint64(&length) || length > rest_.size()) return false;
  *value = rest_.substr(0, length);
  rest_.remove_prefix(length);
  return true;
}

}  // namespace refserver::pebble
