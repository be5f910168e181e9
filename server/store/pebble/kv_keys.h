// The key schema of one pebble namespace database, after EventoDB's KV
// layout. Numbers inside keys are 20-digit zero-padded decimals so that
// lexicographic key order is numeric order.
//
//   M:{gp20}               -> message (message_codec.h)
//   SI:{stream}:{pos20}    -> gp, fixed64 (stream index)
//   CI:{category}:{gp20}   -> Hash64(cardinal id) fixed64 + stream name
//   VI:{stream}            -> last position, fixed64 (stream version)
//   ID:{message id}        -> gp, fixed64 (message-id uniqueness)
//   GP                     -> last global position, fixed64
//   SC                     -> number of streams, fixed64
//
// {stream} and {category} are escaped ('%' -> "%25", ':' -> "%3A") so a name
// containing ':' cannot run into another stream's keys: every
// "SI:{stream}:" is a prefix of that stream's keys only.
//
//   StreamIndexKey("acct-1", 3) == "SI:acct-1:00000000000000000003"
//   KeyRange r = StreamIndexRange("acct-1");  // [r.lower, r.upper)
#ifndef REFSERVER_STORE_PEBBLE_KV_KEYS_H_
#define REFSERVER_STORE_PEBBLE_KV_KEYS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace refserver::pebble {

inline constexpr std::string_view kGlobalPositionKey = "GP";
inline constexpr std::string_view kStreamCountKey = "SC";
// Width of the decimal numbers in keys (UINT64_MAX has 20 digits).
inline constexpr size_t kNumberWidth = 20;

// A half-open key range [lower, upper).
struct KeyRange {
  std::string lower;
  std::string upper;
};

// `value` as kNumberWidth zero-padded decimal digits.
std::string Pad20(uint64_t value);
// Inverse of Pad20; nullopt unless `digits` is exactly 20 decimal digits
// that fit in uint64_t.
std::optional<uint64_t> ParsePad20(std::string_view digits);

// '%' -> "%25", ':' -> "%3A"; every other byte verbatim.
std::string EscapeKeyPart(std::string_view part);

std::string MessageKey(uint64_t global_position);
std::string StreamIndexKey(std::string_view stream, uint64_t position);
std::string CategoryIndexKey(std::string_view category,
                             uint64_t global_position);
std::string VersionKey(std::string_view stream);
std::string IdKey(std::string_view message_id);

// All SI keys of `stream`.
KeyRange StreamIndexRange(std::string_view stream);
// All CI keys of `category`.
KeyRange CategoryIndexRange(std::string_view category);

// The trailing 20-digit number of an M, SI or CI key; nullopt when `key`
// does not end in one.
std::optional<uint64_t> TrailingNumber(std::string_view key);

}  // namespace refserver::pebble

#endif  // REFSERVER_STORE_PEBBLE_KV_KEYS_H_
