// Internal: DecodeProfileProto parses profile.proto bytes the way Go's pprof
// decoder does: string_table entries are taken as raw bytes. (libprotobuf
// rejects a proto3 `string` that is not UTF-8 and logs to stderr; pprof
// accepts such names.)
//
//   perftools::profiles::Profile proto;
//   Status s = DecodeProfileProto(bytes, &proto);
#ifndef MDBPROF_PPROF_PROTO_DECODE_H_
#define MDBPROF_PPROF_PROTO_DECODE_H_

#include <string_view>

#include "base/status.h"
#include "proto/profile.pb.h"

namespace mdbprof::pprof {

// Replaces `*out` with the message in `bytes`. Error when the bytes are not
// a well-formed protobuf message of this type (truncated, bad tags, ...) or
// when Go's pprof decoder would refuse them (see wire_check.h: groups, wire
// types that do not match the schema, varints over 10 bytes, a repeated
// time_nanos).
// REQUIRES: bytes.size() <= INT_MAX.
Status DecodeProfileProto(std::string_view bytes,
                          perftools::profiles::Profile* out);

}  // namespace mdbprof::pprof

#endif  // MDBPROF_PPROF_PROTO_DECODE_H_
