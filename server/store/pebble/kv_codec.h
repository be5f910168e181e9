// Byte-level encoding for the pebble store's values: fixed-width integers,
// varints and length-prefixed strings, and a bounds-checked reader for them.
//
//   std::string out;
//   PutFixed64(&out, 42);
//   PutLengthPrefixed(&out, "hello");
//   ByteReader in(out);
//   uint64_t n;  std::string_view s;
//   bool ok = in.ReadFixed64(&n) && in.ReadLengthPrefixed(&s) && in.empty();
//
// Integers are little-endian; lengths are unsigned LEB128 varints. Readers
// never read past the end: a truncated or malformed input makes the Read*
// call return false and leaves the output unspecified.
#ifndef REFSERVER_STORE_PEBBLE_KV_CODEC_H_
#define REFSERVER_STORE_PEBBLE_KV_CODEC_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace refserver::pebble {

void PutFixed64(std::string* out, uint64_t value);
void PutVarint64(std::string* out, uint64_t value);
// Varint length followed by the bytes of `value`.
void PutLengthPrefixed(std::string* out, std::string_view value);

// Decodes exactly 8 bytes; false when `bytes` is not 8 bytes long.
bool DecodeFixed64(std::string_view bytes, uint64_t* value);

// Sequential reader over a byte string it does not own.
// REQUIRES: the bytes outlive the reader and every view it returns.
class ByteReader {
 public:
  explicit ByteReader(std::string_view bytes) : rest_(bytes) {}

  bool ReadFixed64(uint64_t* value);
  bool ReadVarint64(uint64_t* value);
  bool ReadByte(uint8_t* value);
  bool ReadLengthPrefixed(std::string_view* value);

  bool empty() const { return rest_.empty(); }

 private:
  std::string_view rest_;
};

}  // namespace refserver::pebble

#endif  // REFSERVER_STORE_PEBBLE_KV_CODEC_H_
