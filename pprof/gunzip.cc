#include "pprof/gunzip.h"

#include <zlib.h>

#include <algorithm>
#include <climits>
#include <cstdint>

namespace mdbprof::pprof {
namespace {

// Owns a zlib inflate stream configured for the gzip wrapper.
class Inflater {
 public:
  Inflater() = default;
  Inflater(const Inflater&) = delete;
  Inflater& operator=(const Inflater&) = delete;
  ~Inflater() {
    if (initialized_) inflateEnd(&stream_);
  }

  Status Init() {
    // 16 + MAX_WBITS: expect (only) the gzip header and trailer.
    if (inflateInit2(&stream_, 16 + MAX_WBITS) != Z_OK) {
      return Internal("cannot initialise zlib");
    }
    initialized_ = true;
    return Status::Ok();
  }
  z_stream& stream() { return stream_; }

 private:
  z_stream stream_{};
  bool initialized_ = false;
};

std::string ZlibMessage(const z_stream& s, int rc) {
  if (s.msg != nullptr) return s.msg;
  return "zlib error " + std::to_string(rc);
}

}  // namespace

bool IsGzip(std::string_view bytes) {
  return bytes.size() >= 2 && static_cast<uint8_t>(bytes[0]) == 0x1f &&
         static_cast<uint8_t>(bytes[1]) == 0x8b;
}

Result<std::string> Gunzip(std::string_view bytes, size_t max_bytes) {
  if (!IsGzip(bytes)) return InvalidArgument("not gzip data (no 1f 8b magic)");
  Inflater inflater;
  MDBPROF_RETURN_IF_ERROR(inflater.Init());
  z_stream& s = inflater.stream();

  std::string out;
  size_t offset = 0;  // start of the unconsumed input
  int member = 1;
  char buffer[64 * 1024];
  while (true) {
    // zlib counts input in uInt; feed at most UINT_MAX bytes at a time.
    size_t chunk = std::min<size_t>(bytes.size() - offset, UINT_MAX);
    s.next_in =
        reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data())) + offset;
    s.avail_in = static_cast<uInt>(chunk);
    s.next_out = reinterpret_cast<Bytef*>(buffer);
    s.avail_out = sizeof(buffer);
    int rc = inflate(&s, Z_NO_FLUSH);
    size_t produced = sizeof(buffer) - s.avail_out;
    offset += chunk - s.avail_in;
    if (out.size() + produced > max_bytes) {
      return InvalidArgument("decompressed data exceeds the limit of " +
                             std::to_string(max_bytes) + " bytes");
    }
    out.append(buffer, produced);
    if (rc == Z_STREAM_END) {
      if (offset == bytes.size()) return out;
      if (!IsGzip(bytes.substr(offset))) {
        return InvalidArgument(
            "invalid gzip header: " + std::to_string(bytes.size() - offset) +
            " bytes after gzip member " + std::to_string(member) +
            " do not start a new member");
      }
      ++member;
      if (inflateReset(&s) != Z_OK) return Internal("cannot reset zlib");
      continue;
    }
    if (rc == Z_BUF_ERROR ||
        (rc == Z_OK && produced == 0 && offset == bytes.size())) {
      // No progress possible: the input ended inside the member.
      return InvalidArgument("gzip data is truncated (member " +
                             std::to_string(member) + ")");
    }
    if (rc != Z_OK) {
      return InvalidArgument("corrupt gzip data in member " +
                             std::to_string(member) + ": " +
                             ZlibMessage(s, rc));
    }
  }
}

}  // namespace mdbprof::pprof
