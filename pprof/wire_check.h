// CheckProfileWire: the wire-level checks Go's pprof decoder
// (google/pprof/profile/proto.go) applies to profile.proto bytes, which
// libprotobuf alone does not: only wire types 0, 1, 2 and 5 exist (groups,
// 3 and 4, are rejected), varints are at most 10 bytes, and a known field
// must have its schema's wire type (a scalar: varint; a repeated scalar:
// varint or packed; a message or string: length-delimited). Unknown field
// numbers are skipped, as pprof does. Nested messages (sample, label,
// mapping, location, line, function, value types) are checked recursively.
//
//   MDBPROF_RETURN_IF_ERROR(CheckProfileWire(bytes));
//   // now libprotobuf parses the same fields pprof would
#ifndef MDBPROF_PPROF_WIRE_CHECK_H_
#define MDBPROF_PPROF_WIRE_CHECK_H_

#include <string_view>

#include "base/status.h"

namespace mdbprof::pprof {

// Ok when `bytes` is a Profile message that Go's pprof decoder would read
// (wire format only; the content is validated later). The error names the
// message path and byte offset, e.g. "profile.sample[3].value: wire type 1
// where a varint or packed varints belong (byte 120)".
Status CheckProfileWire(std::string_view bytes);

}  // namespace mdbprof::pprof

#endif  // MDBPROF_PPROF_WIRE_CHECK_H_
