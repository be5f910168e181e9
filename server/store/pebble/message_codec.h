// Value encodings of the pebble store: a stored message (the value of an
// `M:{gp20}` key) and a category index entry (the value of `CI:...`).
//
//   std::string bytes = EncodeMessage(message);
//   Result<Message> back = DecodeMessage(bytes);  // == message
//
// A message is a format byte (1) followed by id, stream name, type
// (length-prefixed), position and global position (varints), data
// (length-prefixed), a metadata flag byte (0 = null, 1 = present) with the
// metadata, and the time (length-prefixed); see kv_codec.h.
#ifndef REFSERVER_STORE_PEBBLE_MESSAGE_CODEC_H_
#define REFSERVER_STORE_PEBBLE_MESSAGE_CODEC_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "base/status.h"
#include "server/store/store.h"

namespace refserver::pebble {

std::string EncodeMessage(const Message& message);
// Internal error naming the defect when `bytes` is not an encoded message.
mdbprof::Result<Message> DecodeMessage(std::string_view bytes);

// What the category index keeps per message: enough to apply a consumer
// group without reading the message.
struct CategoryEntry {
  int64_t cardinal_hash = 0;  // Hash64(CardinalId(stream_name))
  std::string_view stream_name;
};

std::string EncodeCategoryEntry(int64_t cardinal_hash,
                                std::string_view stream_name);
// False when `bytes` is shorter than the hash. The entry's stream_name views
// `bytes`. REQUIRES: `bytes` outlives `entry`.
bool DecodeCategoryEntry(std::string_view bytes, CategoryEntry* entry);

}  // namespace refserver::pebble

#endif  // REFSERVER_STORE_PEBBLE_MESSAGE_CODEC_H_
