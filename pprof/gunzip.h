// Gunzip: bounded decompression of gzip data, with the semantics of Go's
// compress/gzip reader (the reader pprof uses).
//
//   if (IsGzip(bytes)) {
//     Result<std::string> raw = Gunzip(bytes, size_t{256} << 20);
//     if (!raw.ok()) return raw.status();  // "gzip data is truncated"
//   }
#ifndef MDBPROF_PPROF_GUNZIP_H_
#define MDBPROF_PPROF_GUNZIP_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "base/status.h"

namespace mdbprof::pprof {

// True when `bytes` starts with the gzip magic number 1f 8b.
bool IsGzip(std::string_view bytes);

// Decompresses every gzip member in `bytes` and returns the concatenated
// output. Like Go's gzip reader: members may follow one another; bytes after
// a member that do not start a new member are an error; CRC and length are
// verified. Fails without allocating more than about `max_bytes` when the
// output would exceed `max_bytes`.
Result<std::string> Gunzip(std::string_view bytes, size_t max_bytes);

}  // namespace mdbprof::pprof

#endif  // MDBPROF_PPROF_GUNZIP_H_
