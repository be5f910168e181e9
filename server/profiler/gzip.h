// Gzip compression for serving profiles (pprof's wire format is a gzipped
// profile.proto), and the inverse for tests and tools.
//
//   mdbprof::Result<std::string> gz =
//   GzipCompress(profile.SerializeAsString()); mdbprof::Result<std::string> raw
//   = GzipDecompress(*gz);
#ifndef REFSERVER_PROFILER_GZIP_H_
#define REFSERVER_PROFILER_GZIP_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "base/status.h"
#include "proto/profile.pb.h"

namespace refserver::profiler {

// Returns `data` as one gzip member.
mdbprof::Result<std::string> GzipCompress(std::string_view data);

// Inflates gzip data; output beyond `max_output` bytes is an error.
mdbprof::Result<std::string> GzipDecompress(std::string_view gz,
                                            size_t max_output = 256 << 20);

// Serializes and compresses `profile`: the body of a /debug/pprof response.
mdbprof::Result<std::string> EncodeProfile(
    const perftools::profiles::Profile& profile);

}  // namespace refserver::profiler

#endif  // REFSERVER_PROFILER_GZIP_H_
