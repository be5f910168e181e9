#include "pprof/proto_decode.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/wire_format_lite.h>

#include <cstdint>
#include <string>
#include <vector>

#include "pprof/wire_check.h"

namespace mdbprof::pprof {
namespace {

using google::protobuf::internal::WireFormatLite;
namespace io = google::protobuf::io;

// profile.proto's Profile fields 1..6: repeated messages and strings.
constexpr int kSampleTypeField = 1;
constexpr int kSampleField = 2;
constexpr int kMappingField = 3;
constexpr int kLocationField = 4;
constexpr int kFunctionField = 5;
constexpr int kStringTableField = 6;

Status Corrupt(std::string_view bytes, const std::string& what) {
  return InvalidArgument("not a profile.proto message: " + what + " (" +
                         std::to_string(bytes.size()) +
                         " bytes, truncated or corrupt?)");
}

bool ParseInto(std::string_view bytes, google::protobuf::MessageLite* message) {
  return message->ParseFromArray(bytes.data(), static_cast<int>(bytes.size()));
}

// Reads a varint at *p (< end); false when it is cut off or longer than 10
// bytes.
bool ReadVarint(const char** p, const char* end, uint64_t* v) {
  uint64_t result = 0;
  for (int shift = 0; shift < 70 && *p < end; shift += 7) {
    const uint8_t byte = static_cast<uint8_t>(*(*p)++);
    result |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if (byte < 0x80) {
      *v = result;
      return true;
    }
  }
  return false;
}

// Appends the varints of a packed field, reserving their exact count first
// (libprotobuf grows the array by doubling: up to 2x the memory).
template <typename T>
bool AppendPacked(std::string_view payload,
                  google::protobuf::RepeatedField<T>* out) {
  int count = 0;
  for (char c : payload) count += static_cast<uint8_t>(c) < 0x80;
  out->Reserve(out->size() + count);
  const char* p = payload.data();
  const char* end = p + payload.size();
  while (p < end) {
    uint64_t v = 0;
    if (!ReadVarint(&p, end, &v)) return false;
    out->Add(static_cast<T>(v));
  }
  return true;
}

// Parses a Sample whose fields are only location_id and value (packed or
// not) with exactly sized arrays; anything else (labels, unknown fields)
// goes through libprotobuf. Same result as ParseFromArray.
bool DecodeSample(std::string_view bytes, perftools::profiles::Sample* out) {
  const char* p = bytes.data();
  const char* end = p + bytes.size();
  bool fast = true;
  while (fast && p < end) {
    uint64_t tag = 0, v = 0;
    fast = ReadVarint(&p, end, &tag);
    const uint64_t field = tag >> 3;
    const int wire = static_cast<int>(tag & 7);
    fast = fast && (field == 1 || field == 2) && (wire == 0 || wire == 2) &&
           ReadVarint(&p, end, &v);
    if (!fast) break;
    if (wire == 0) {
      if (field == 1) {
        out->add_location_id(v);
      } else {
        out->add_value(static_cast<int64_t>(v));
      }
      continue;
    }
    fast = v <= static_cast<uint64_t>(end - p);
    if (!fast) break;
    const std::string_view payload(p, v);
    p += v;
    fast = field == 1 ? AppendPacked(payload, out->mutable_location_id())
                      : AppendPacked(payload, out->mutable_value());
  }
  if (fast) return true;
  out->Clear();
  return ParseInto(bytes, out);
}

}  // namespace

Status DecodeProfileProto(std::string_view bytes,
                          perftools::profiles::Profile* out) {
  // What pprof rejects and libprotobuf would accept (groups, wire types that
  // do not match the schema, over-long varints) is rejected first.
  MDBPROF_RETURN_IF_ERROR(CheckProfileWire(bytes));
  // Walk the top-level fields (the wire check above guarantees they are
  // well-formed): string_table entries are kept as bytes (libprotobuf
  // would reject strings that are not UTF-8; pprof does not); the repeated
  // messages (sample_type, sample, mapping, location, function; none of
  // them has a `string` field) are parsed straight from `bytes`, samples
  // with exactly sized arrays (DecodeSample); the few other fields are
  // re-encoded unchanged and merged by libprotobuf at the end. No copy of
  // the whole input is made (peak memory on large profiles, issue #7).
  out->Clear();
  std::string rest;
  {
    io::CodedInputStream input(reinterpret_cast<const uint8_t*>(bytes.data()),
                               static_cast<int>(bytes.size()));
    io::StringOutputStream rest_stream(&rest);
    io::CodedOutputStream rest_output(&rest_stream);
    while (true) {
      uint32_t tag = input.ReadTag();
      if (tag == 0) {
        if (!input.ConsumedEntireMessage() ||
            input.CurrentPosition() != static_cast<int>(bytes.size())) {
          return Corrupt(bytes, "invalid field tag at byte " +
                                    std::to_string(input.CurrentPosition()));
        }
        break;
      }
      const int field = WireFormatLite::GetTagFieldNumber(tag);
      if (field >= kSampleTypeField && field <= kStringTableField &&
          WireFormatLite::GetTagWireType(tag) ==
              WireFormatLite::WIRETYPE_LENGTH_DELIMITED) {
        uint32_t length = 0;
        const int at = input.CurrentPosition();
        if (!input.ReadVarint32(&length) || length > INT32_MAX ||
            !input.Skip(static_cast<int>(length))) {
          return Corrupt(bytes, "field " + std::to_string(field) + " at byte " +
                                    std::to_string(at) + " is cut off");
        }
        const std::string_view value =
            bytes.substr(input.CurrentPosition() - length, length);
        bool parsed = true;
        switch (field) {
          case kSampleTypeField:
            parsed = ParseInto(value, out->add_sample_type());
            break;
          case kSampleField:
            parsed = DecodeSample(value, out->add_sample());
            break;
          case kMappingField:
            parsed = ParseInto(value, out->add_mapping());
            break;
          case kLocationField:
            parsed = ParseInto(value, out->add_location());
            break;
          case kFunctionField:
            parsed = ParseInto(value, out->add_function());
            break;
          default:  // kStringTableField
            out->add_string_table(std::string(value));
        }
        if (!parsed) return Corrupt(bytes, "protobuf parsing failed");
        continue;
      }
      if (!WireFormatLite::SkipField(&input, tag, &rest_output)) {
        return Corrupt(
            bytes, "field " +
                       std::to_string(WireFormatLite::GetTagFieldNumber(tag)) +
                       " is cut off or malformed");
      }
    }
  }
  if (!rest.empty() && !out->MergeFromString(rest)) {
    return Corrupt(bytes, "protobuf parsing failed");
  }
  return Status::Ok();
}

}  // namespace mdbprof::pprof
