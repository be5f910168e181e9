// Message DB stream-name rules shared by every store backend.
//
//   Category("account-123+retry")   == "account"
//   CardinalId("account-123+retry") == "123"
//   ConsumerGroupMember("account-123", 4) == |Hash64("123")| % 4
//
// Hash64 is Message DB's hash_64: the first 8 bytes of MD5(value) read as a
// big-endian signed 64-bit integer, so every backend (and Message DB itself)
// assigns a stream to the same consumer-group member.
#ifndef REFSERVER_STORE_STREAM_NAME_H_
#define REFSERVER_STORE_STREAM_NAME_H_

#include <cstdint>
#include <string_view>

namespace refserver {

// Part before the first '-' (the whole name when there is none).
std::string_view Category(std::string_view stream_name);

// Part after the first '-'; empty when there is none.
std::string_view StreamId(std::string_view stream_name);

// The id up to the first '+' ("123" for "account-123+x"); empty without id.
std::string_view CardinalId(std::string_view stream_name);

// True when `name` has no id part (contains no '-').
bool IsCategory(std::string_view name);

// First 8 bytes of MD5(value), big-endian, as a signed 64-bit integer.
int64_t Hash64(std::string_view value);

// |hash| mod size without overflow for INT64_MIN. REQUIRES: size >= 1.
int64_t HashMember(int64_t hash, int64_t size);

// The consumer-group member owning `stream_name` in a group of `size`.
// REQUIRES: size >= 1.
int64_t ConsumerGroupMember(std::string_view stream_name, int64_t size);

}  // namespace refserver

#endif  // REFSERVER_STORE_STREAM_NAME_H_
