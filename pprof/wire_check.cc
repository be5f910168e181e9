#include "pprof/wire_check.h"

#include <cstdint>
#include <string>

namespace mdbprof::pprof {
namespace {

// What a field of the schema holds.
enum class Kind {
  kScalar,    // int64/uint64/bool: wire type 0 only
  kRepeated,  // repeated int64/uint64: wire type 0 or 2 (packed varints)
  kBytes,     // string: wire type 2
  kMessage,   // embedded message: wire type 2, checked recursively
};

struct MessageSchema;

struct FieldSchema {
  int number;
  const char* name;
  Kind kind;
  const MessageSchema* message = nullptr;  // for kMessage
  // A second occurrence after a non-zero one is an error: pprof takes a
  // repeated time_nanos for two concatenated profiles and refuses it.
  bool once = false;
};

// The fields of a message, numbered 1..size in order (true of every message
// of profile.proto), so that a lookup is an index.
struct MessageSchema {
  const FieldSchema* fields;
  int size;
  const FieldSchema* Find(uint64_t number) const {
    if (number == 0 || number > static_cast<uint64_t>(size)) return nullptr;
    return &fields[number - 1];
  }
};

template <int N>
constexpr MessageSchema Schema(const FieldSchema (&fields)[N]) {
  for (int i = 0; i < N; ++i) {
    if (fields[i].number != i + 1) throw "fields must be numbered 1..N";
  }
  return {fields, N};
}

// profile.proto, as Go 1.19's pprof decodes it.
constexpr FieldSchema kValueTypeFields[] = {
    {1, "type", Kind::kScalar},
    {2, "unit", Kind::kScalar},
};
constexpr MessageSchema kValueType = Schema(kValueTypeFields);
constexpr FieldSchema kLabelFields[] = {
    {1, "key", Kind::kScalar},
    {2, "str", Kind::kScalar},
    {3, "num", Kind::kScalar},
    {4, "num_unit", Kind::kScalar},
};
constexpr MessageSchema kLabel = Schema(kLabelFields);
constexpr FieldSchema kSampleFields[] = {
    {1, "location_id", Kind::kRepeated},
    {2, "value", Kind::kRepeated},
    {3, "label", Kind::kMessage, &kLabel},
};
constexpr MessageSchema kSample = Schema(kSampleFields);
constexpr FieldSchema kMappingFields[] = {
    {1, "id", Kind::kScalar},
    {2, "memory_start", Kind::kScalar},
    {3, "memory_limit", Kind::kScalar},
    {4, "file_offset", Kind::kScalar},
    {5, "filename", Kind::kScalar},
    {6, "build_id", Kind::kScalar},
    {7, "has_functions", Kind::kScalar},
    {8, "has_filenames", Kind::kScalar},
    {9, "has_line_numbers", Kind::kScalar},
    {10, "has_inline_frames", Kind::kScalar},
};
constexpr MessageSchema kMapping = Schema(kMappingFields);
constexpr FieldSchema kLineFields[] = {
    {1, "function_id", Kind::kScalar},
    {2, "line", Kind::kScalar},
    {3, "column", Kind::kScalar},
};
constexpr MessageSchema kLine = Schema(kLineFields);
constexpr FieldSchema kLocationFields[] = {
    {1, "id", Kind::kScalar},        {2, "mapping_id", Kind::kScalar},
    {3, "address", Kind::kScalar},   {4, "line", Kind::kMessage, &kLine},
    {5, "is_folded", Kind::kScalar},
};
constexpr MessageSchema kLocation = Schema(kLocationFields);
constexpr FieldSchema kFunctionFields[] = {
    {1, "id", Kind::kScalar},          {2, "name", Kind::kScalar},
    {3, "system_name", Kind::kScalar}, {4, "filename", Kind::kScalar},
    {5, "start_line", Kind::kScalar},
};
constexpr MessageSchema kFunction = Schema(kFunctionFields);
constexpr FieldSchema kProfileFields[] = {
    {1, "sample_type", Kind::kMessage, &kValueType},
    {2, "sample", Kind::kMessage, &kSample},
    {3, "mapping", Kind::kMessage, &kMapping},
    {4, "location", Kind::kMessage, &kLocation},
    {5, "function", Kind::kMessage, &kFunction},
    {6, "string_table", Kind::kBytes},
    {7, "drop_frames", Kind::kScalar},
    {8, "keep_frames", Kind::kScalar},
    {9, "time_nanos", Kind::kScalar, nullptr, /*once=*/true},
    {10, "duration_nanos", Kind::kScalar},
    {11, "period_type", Kind::kMessage, &kValueType},
    {12, "period", Kind::kScalar},
    {13, "comment", Kind::kRepeated},
    {14, "default_sample_type", Kind::kScalar},
    {15, "doc_url", Kind::kScalar},
};
constexpr MessageSchema kProfile = Schema(kProfileFields);

// Where a field sits, for messages: a chain up to the profile, built on
// the stack and turned into text only for an error.
struct Path {
  const Path* parent;
  const char* name;  // "profile", "sample"; nullptr for an unknown field
  uint64_t number;   // the field number, shown for an unknown field
  int index;         // -1 for a field that is not repeated

  std::string ToString() const {
    std::string self =
        name != nullptr ? name : "field " + std::to_string(number);
    std::string s = parent ? parent->ToString() + "." + self : self;
    if (index >= 0) s += "[" + std::to_string(index) + "]";
    return s;
  }
};

class WireChecker {
 public:
  explicit WireChecker(std::string_view all) : all_(all) {}

  Status CheckMessage(std::string_view bytes, const MessageSchema& schema,
                      const Path& path) {
    size_t pos = 0;
    int counts[16] = {};       // per known field number (all are <= 15)
    uint64_t values[16] = {};  // the last varint of each `once` field
    while (pos < bytes.size()) {
      const size_t field_start = pos;
      uint64_t tag = 0;
      if (!ReadVarint(bytes, &pos, &tag)) {
        return Error(path, "field tag is not a valid varint", bytes,
                     field_start);
      }
      const uint64_t number = tag >> 3;
      const int wire = static_cast<int>(tag & 7);
      const FieldSchema* field = schema.Find(number);
      const int index = field == nullptr || field->kind == Kind::kScalar
                            ? -1
                            : counts[number]++;
      auto at = [&] {
        return Path{&path, field ? field->name : nullptr, number, index};
      };
      std::string_view payload;
      switch (wire) {
        case 0: {
          uint64_t value;
          if (!ReadVarint(bytes, &pos, &value)) {
            return Error(at(), "varint longer than 10 bytes or cut off", bytes,
                         field_start);
          }
          if (field != nullptr && field->once) {
            if (values[number] != 0) {
              return Error(at(),
                           "appears twice (two concatenated profiles? "
                           "pprof refuses them)",
                           bytes, field_start);
            }
            values[number] = value;
          }
          break;
        }
        case 1:
        case 5: {
          size_t n = wire == 1 ? 8 : 4;
          if (bytes.size() - pos < n) {
            return Error(at(), "fixed-size value is cut off", bytes,
                         field_start);
          }
          pos += n;
          break;
        }
        case 2: {
          uint64_t length = 0;
          if (!ReadVarint(bytes, &pos, &length)) {
            return Error(at(), "length is not a valid varint", bytes,
                         field_start);
          }
          if (length > bytes.size() - pos) {
            return Error(
                at(),
                "length " + std::to_string(length) + " runs past the end (" +
                    std::to_string(bytes.size() - pos) + " bytes left)",
                bytes, field_start);
          }
          payload = bytes.substr(pos, length);
          pos += length;
          break;
        }
        default:
          return Error(at(),
                       "wire type " + std::to_string(wire) +
                           " (pprof reads only 0, 1, 2 and 5)",
                       bytes, field_start);
      }
      if (field == nullptr) continue;  // unknown field: skipped, as pprof
      if (Status s =
              CheckKind(*field, wire, payload, index, path, bytes, field_start);
          !s.ok()) {
        return s;
      }
    }
    return Status::Ok();
  }

 private:
  Status CheckKind(const FieldSchema& field, int wire, std::string_view payload,
                   int index, const Path& parent, std::string_view bytes,
                   size_t field_start) {
    Path at{&parent, field.name, 0, index};
    auto wrong = [&](const char* expected) {
      return Error(at,
                   "wire type " + std::to_string(wire) + " where " + expected +
                       " belongs",
                   bytes, field_start);
    };
    switch (field.kind) {
      case Kind::kScalar:
        return wire == 0 ? Status::Ok() : wrong("a varint");
      case Kind::kRepeated: {
        if (wire == 0) return Status::Ok();
        if (wire != 2) return wrong("a varint or packed varints");
        // Valid varints: every run of continuation bytes (high bit set) is
        // at most 9 long and is followed by a final byte.
        int run = 0;
        for (char c : payload) {
          run = (static_cast<uint8_t>(c) & 0x80) ? run + 1 : 0;
          if (run >= 10) break;
        }
        if (run != 0) {
          return Error(at, "packed varints are malformed", bytes, field_start);
        }
        return Status::Ok();
      }
      case Kind::kBytes:
        return wire == 2 ? Status::Ok() : wrong("a string");
      case Kind::kMessage:
        if (wire != 2) return wrong("a message");
        return CheckMessage(payload, *field.message, at);
    }
    return Status::Ok();
  }

  // Go's decodeVarint: at most 10 bytes.
  static bool ReadVarint(std::string_view bytes, size_t* pos, uint64_t* out) {
    if (*pos < bytes.size() &&
        (static_cast<uint8_t>(bytes[*pos]) & 0x80) == 0) {
      *out = static_cast<uint8_t>(bytes[(*pos)++]);  // the common 1-byte case
      return true;
    }
    uint64_t v = 0;
    for (int i = 0; i < 10; ++i) {
      if (*pos >= bytes.size()) return false;
      uint8_t b = static_cast<uint8_t>(bytes[*pos]);
      ++*pos;
      v |= static_cast<uint64_t>(b & 0x7f) << (7 * i);
      if ((b & 0x80) == 0) {
        *out = v;
        return true;
      }
    }
    return false;
  }

  Status Error(const Path& at, const std::string& what, std::string_view bytes,
               size_t offset) const {
    size_t absolute = static_cast<size_t>(bytes.data() - all_.data()) + offset;
    return InvalidArgument("not a profile.proto message: " + at.ToString() +
                           ": " + what + " (byte " + std::to_string(absolute) +
                           " of " + std::to_string(all_.size()) + ")");
  }

  std::string_view all_;
};

}  // namespace

Status CheckProfileWire(std::string_view bytes) {
  return WireChecker(bytes).CheckMessage(bytes, kProfile,
                                         Path{nullptr, "profile", 0, -1});
}

}  // namespace mdbprof::pprof
