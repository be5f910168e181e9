#include "server/store/pebble/message_codec.h"

#include "server/store/pebble/kv_codec.h"

namespace refserver::pebble {
namespace {

constexpr uint8_t kMessageFormat = 1;

mdbprof::Status Malformed(std::string_view field) {
  return mdbprof::Internal("stored message is corrupt: cannot decode its " +
                           std::string(field));
}

}  // namespace

std::string EncodeMessage(const Message& m) {
  std::string out;
  out.reserve(32 + m.id.size() + m.stream_name.size() + m.type.size() +
              m.data.size() + (m.metadata ? m.metadata->size() : 0) +
              m.time.size());
  out.push_back(static_cast<char>(kMessageFormat));
  PutLengthPrefixed(&out, m.id);
  PutLengthPrefixed(&out, m.stream_name);
  PutLengthPrefixed(&out, m.type);
  PutVarint64(&out, static_cast<uint64_t>(m.position));
  PutVarint64(&out, static_cast<uint64_t>(m.global_position));
  PutLengthPrefixed(&out, m.data);
  out.push_back(m.metadata.has_value() ? 1 : 0);
  if (m.metadata.has_value()) PutLengthPrefixed(&out, *m.metadata);
  PutLengthPrefixed(&out, m.time);
  return out;
}

mdbprof::Result<Message> DecodeMessage(std::string_view bytes) {
  ByteReader in(bytes);
  uint8_t format = 0;
  if (!in.ReadByte(&format)) return Malformed("format byte");
  if (format != kMessageFormat) {
    return mdbprof::Internal("stored message has unknown format " +
                             std::to_string(format));
  }
  Message m;
  std::string_view text;
  uint64_t number = 0;
  if (!in.ReadLengthPrefixed(&text)) return Malformed("id");
  m.id = text;
  if (!in.ReadLengthPrefixed(&text)) return Malformed("stream name");
  m.stream_name = text;
  if (!in.ReadLengthPrefixed(&text)) return Malformed("type");
  m.type = text;
  if (!in.ReadVarint64(&number)) return Malformed("position");
  m.position = static_cast<int64_t>(number);
  if (!in.ReadVarint64(&number)) return Malformed("global position");
  m.global_position = static_cast<int64_t>(number);
  if (!in.ReadLengthPrefixed(&text)) return Malformed("data");
  m.data = text;
  uint8_t has_metadata = 0;
  if (!in.ReadByte(&has_metadata) || has_metadata > 1) {
    return Malformed("metadata flag");
  }
  if (has_metadata == 1) {
    if (!in.ReadLengthPrefixed(&text)) return Malformed("metadata");
    m.metadata = std::string(text);
  }
  if (!in.ReadLengthPrefixed(&text)) return Malformed("time");
  m.time = text;
  if (!in.empty()) return Malformed("end (trailing bytes)");
  return m;
}

std::string EncodeCategoryEntry(int64_t cardinal_hash,
                                std::string_view stream_name) {
  std::string out;
  out.reserve(8 + stream_name.size());
  PutFixed64(&out, static_cast<uint64_t>(cardinal_hash));
  out.append(stream_name);
  return out;
}

bool DecodeCategoryEntry(std::string_view bytes, CategoryEntry* entry) {
  uint64_t hash = 0;
  if (bytes.size() < 8 || !DecodeFixed64(bytes.substr(0, 8), &hash)) {
    return false;
  }
  entry->cardinal_hash = static_cast<int64_t>(hash);
  entry->stream_name = bytes.substr(8);
  return true;
}

}  // namespace refserver::pebble
