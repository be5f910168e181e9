#include "pprof/proto_decode.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/wire_format_lite.h>

#include <cstdint>
#include <string>
#include <vector>

namespace mdbprof::pprof {
namespace {

using google::protobuf::internal::WireFormatLite;
namespace io = google::protobuf::io;

constexpr int kStringTableField = 6;  // profile.proto: repeated string_table

Status Corrupt(std::string_view bytes, const std::string& what) {
  return InvalidArgument("not a profile.proto message: " + what + " (" +
                         std::to_string(bytes.size()) +
                         " bytes, truncated or corrupt?)");
}

}  // namespace

Status DecodeProfileProto(std::string_view bytes,
                          perftools::profiles::Profile* out) {
  // Split the top-level fields: string_table entries (kept as bytes) and
  // everything else (re-encoded unchanged and parsed by libprotobuf, which
  // finds no other `string` field in profile.proto).
  std::vector<std::string> strings;
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
      if (WireFormatLite::GetTagFieldNumber(tag) == kStringTableField &&
          WireFormatLite::GetTagWireType(tag) ==
              WireFormatLite::WIRETYPE_LENGTH_DELIMITED) {
        std::string s;
        uint32_t length = 0;
        if (!input.ReadVarint32(&length) || length > INT32_MAX ||
            !input.ReadString(&s, static_cast<int>(length))) {
          return Corrupt(bytes, "string_table entry " +
                                    std::to_string(strings.size()) +
                                    " is cut off");
        }
        strings.push_back(std::move(s));
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
  out->Clear();
  if (!out->ParseFromString(rest)) {
    return Corrupt(bytes, "protobuf parsing failed");
  }
  for (std::string& s : strings) out->add_string_table(std::move(s));
  return Status::Ok();
}

}  // namespace mdbprof::pprof
