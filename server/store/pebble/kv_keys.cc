#include "server/store/pebble/kv_keys.h"

#include <cstdio>

namespace refserver::pebble {
namespace {

// "{tag}:{escaped name}:" — the prefix shared by a stream's or category's
// index keys.
std::string IndexPrefix(std::string_view tag, std::string_view name) {
  std::string prefix(tag);
  prefix += ':';
  prefix += EscapeKeyPart(name);
  prefix += ':';
  return prefix;
}

KeyRange PrefixRange(std::string prefix) {
  KeyRange range;
  range.upper = prefix;
  range.upper.back() = ':' + 1;  // the byte after ':' ends the prefix
  range.lower = std::move(prefix);
  return range;
}

}  // namespace

std::string Pad20(uint64_t value) {
  char buf[kNumberWidth + 1];
  std::snprintf(buf, sizeof(buf), "%020llu",
                static_cast<unsigned long long>(value));
  return std::string(buf, kNumberWidth);
}

std::optional<uint64_t> ParsePad20(std::string_view digits) {
  if (digits.size() != kNumberWidth) return std::nullopt;
  uint64_t value = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    const uint64_t digit = static_cast<uint64_t>(c - '0');
    if (value > (UINT64_MAX - digit) / 10) return std::nullopt;
    value = value * 10 + digit;
  }
  return value;
}

std::string EscapeKeyPart(std::string_view part) {
  std::string out;
  out.reserve(part.size());
  for (char c : part) {
    if (c == '%') {
      out += "%25";
    } else if (c == ':') {
      out += "%3A";
    } else {
      out += c;
    }
  }
  return out;
}

std::string MessageKey(uint64_t global_position) {
  return "M:" + Pad20(global_position);
}

std::string StreamIndexKey(std::string_view stream, uint64_t position) {
  return IndexPrefix("SI", stream) + Pad20(position);
}

std::string CategoryIndexKey(std::string_view category,
                             uint64_t global_position) {
  return IndexPrefix("CI", category) + Pad20(global_position);
}

std::string VersionKey(std::string_view stream) {
  return "VI:" + EscapeKeyPart(stream);
}

std::string IdKey(std::string_view message_id) {
  return "ID:" + std::string(message_id);
}

KeyRange StreamIndexRange(std::string_view stream) {
  return PrefixRange(IndexPrefix("SI", stream));
}

KeyRange CategoryIndexRange(std::string_view category) {
  return PrefixRange(IndexPrefix("CI", category));
}

std::optional<uint64_t> TrailingNumber(std::string_view key) {
  if (key.size() < kNumberWidth) return std::nullopt;
  return ParsePad20(key.substr(key.size() - kNumberWidth));
}

}  // namespace refserver::pebble
