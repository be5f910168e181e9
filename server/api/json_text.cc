#include "server/api/json_text.h"

namespace refserver {
namespace {

constexpr char kHex[] = "0123456789abcdef";

// Length of the well-formed UTF-8 sequence at s[i] (a byte >= 0x80), or 0.
size_t Utf8SequenceLength(std::string_view s, size_t i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  size_t length;
  uint32_t code;
  if (c >= 0xc2 && c <= 0xdf) {
    length = 2;
    code = c & 0x1f;
  } else if (c >= 0xe0 && c <= 0xef) {
    length = 3;
    code = c & 0x0f;
  } else if (c >= 0xf0 && c <= 0xf4) {
    length = 4;
    code = c & 0x07;
  } else {
    return 0;
  }
  if (i + length > s.size()) return 0;
  for (size_t k = 1; k < length; ++k) {
    unsigned char next = static_cast<unsigned char>(s[i + k]);
    if ((next & 0xc0) != 0x80) return 0;
    code = (code << 6) | (next & 0x3f);
  }
  // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
  if ((length == 3 && code < 0x800) || (length == 4 && code < 0x10000) ||
      (code >= 0xd800 && code <= 0xdfff) || code > 0x10ffff) {
    return 0;
  }
  return length;
}

void AppendInt(std::string* out, int64_t value) {
  *out += std::to_string(value);
}

void AppendRawOrNull(std::string* out, const std::optional<std::string>& v) {
  if (v.has_value() && !v->empty()) {
    *out += *v;
  } else {
    *out += "null";
  }
}

// The fields after the stream name, shared by both row shapes.
void AppendRowTail(std::string* out, const Message& m) {
  AppendJsonString(out, m.type);
  out->push_back(',');
  AppendInt(out, m.position);
  out->push_back(',');
  AppendInt(out, m.global_position);
  out->push_back(',');
  *out += m.data.empty() ? std::string_view("null") : std::string_view(m.data);
  out->push_back(',');
  AppendRawOrNull(out, m.metadata);
  out->push_back(',');
  AppendJsonString(out, m.time);
  out->push_back(']');
}

}  // namespace

void AppendJsonString(std::string* out, std::string_view s) {
  out->push_back('"');
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      size_t length = Utf8SequenceLength(s, i);
      if (length == 0) {
        *out += "\\ufffd";  // not UTF-8: U+FFFD keeps the output valid JSON
        ++i;
      } else {
        out->append(s.substr(i, length));
        i += length;
      }
      continue;
    }
    switch (c) {
      case '"':
        *out += "\\\"";
        break;
      case '\\':
        *out += "\\\\";
        break;
      case '\n':
        *out += "\\n";
        break;
      case '\r':
        *out += "\\r";
        break;
      case '\t':
        *out += "\\t";
        break;
      default:
        if (c < 0x20) {
          *out += "\\u00";
          out->push_back(kHex[c >> 4]);
          out->push_back(kHex[c & 0xf]);
        } else {
          out->push_back(static_cast<char>(c));
        }
    }
    ++i;
  }
  out->push_back('"');
}

void AppendStreamRow(std::string* out, const Message& m) {
  out->push_back('[');
  AppendJsonString(out, m.id);
  out->push_back(',');
  AppendRowTail(out, m);
}

void AppendCategoryRow(std::string* out, const Message& m) {
  out->push_back('[');
  AppendJsonString(out, m.id);
  out->push_back(',');
  AppendJsonString(out, m.stream_name);
  out->push_back(',');
  AppendRowTail(out, m);
}

void AppendStreamRows(std::string* out, const std::vector<Message>& rows) {
  out->push_back('[');
  for (size_t i = 0; i < rows.size(); ++i) {
    if (i > 0) out->push_back(',');
    AppendStreamRow(out, rows[i]);
  }
  out->push_back(']');
}

void AppendCategoryRows(std::string* out, const std::vector<Message>& rows) {
  out->push_back('[');
  for (size_t i = 0; i < rows.size(); ++i) {
    if (i > 0) out->push_back(',');
    AppendCategoryRow(out, rows[i]);
  }
  out->push_back(']');
}

}  // namespace refserver
