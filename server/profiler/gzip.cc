#include "server/profiler/gzip.h"

#include <zlib.h>

#include "server/profiler/alloc_sampler.h"

namespace refserver::profiler {
namespace {

constexpr int kGzipWindowBits = 15 + 16;  // zlib: 16 selects the gzip format

}  // namespace

mdbprof::Result<std::string> GzipCompress(std::string_view data) {
  z_stream zs{};
  if (deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, kGzipWindowBits, 8,
                   Z_DEFAULT_STRATEGY) != Z_OK) {
    return mdbprof::Internal("gzip: deflateInit2 failed");
  }
  std::string out(deflateBound(&zs, data.size()) + 32, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&zs, Z_FINISH);
  size_t written = zs.total_out;
  deflateEnd(&zs);
  if (rc != Z_STREAM_END) {
    return mdbprof::Internal("gzip: deflate failed with code " +
                             std::to_string(rc));
  }
  out.resize(written);
  return out;
}

mdbprof::Result<std::string> GzipDecompress(std::string_view gz,
                                            size_t max_output) {
  z_stream zs{};
  if (inflateInit2(&zs, kGzipWindowBits) != Z_OK) {
    return mdbprof::Internal("gunzip: inflateInit2 failed");
  }
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gz.data()));
  zs.avail_in = static_cast<uInt>(gz.size());
  std::string out;
  char buf[1 << 15];
  int rc = Z_OK;
  while (rc != Z_STREAM_END) {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof(buf);
    rc = inflate(&zs, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) {
      inflateEnd(&zs);
      return mdbprof::InvalidArgument(
          std::string("gunzip: not valid gzip data (") +
          (zs.msg ? zs.msg : "truncated") + ")");
    }
    out.append(buf, sizeof(buf) - zs.avail_out);
    if (out.size() > max_output) {
      inflateEnd(&zs);
      return mdbprof::InvalidArgument("gunzip: output exceeds " +
                                      std::to_string(max_output) + " bytes");
    }
  }
  inflateEnd(&zs);
  return out;
}

mdbprof::Result<std::string> EncodeProfile(
    const perftools::profiles::Profile& profile) {
  AllocationSamplingPause pause;  // The profiler's memory is not profiled.
  std::string raw;
  if (!profile.SerializeToString(&raw)) {
    return mdbprof::Internal("profile: serialization failed");
  }
  return GzipCompress(raw);
}

}  // namespace refserver::profiler
