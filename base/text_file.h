// Whole-file reads and writes for the suite's small files (JSON, Markdown,
// run READMEs, captured profiles), with errors that name the path. Every
// library that reads or writes a file whole uses these.
//
//   Result<std::string> text = ReadTextFile(dir + "/comparison.json");
//   if (!text.ok()) return text.status();   // "<path>: cannot open (...)"
//   MDBPROF_RETURN_IF_ERROR(WriteTextFile(dir + "/COMPARISON.md", markdown));
#ifndef MDBPROF_BASE_TEXT_FILE_H_
#define MDBPROF_BASE_TEXT_FILE_H_

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>

#include "base/status.h"

namespace mdbprof {

// The bytes of the file at `path`. NotFound("<path>: cannot open (<why>)")
// when it cannot be opened; Internal when reading fails midway.
inline Result<std::string> ReadTextFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return NotFound(path + ": cannot open (" + std::strerror(errno) + ")");
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return Internal(path + ": read failed");
  return text.str();
}

// Writes `data` to `path`, replacing the file. Unavailable("cannot write
// '<path>'") when the file cannot be created or written completely.
inline Status WriteTextFile(const std::string& path, const std::string& data) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(data.data(), static_cast<std::streamsize>(data.size()));
  out.close();
  if (!out) return Unavailable("cannot write '" + path + "'");
  return Status::Ok();
}

}  // namespace mdbprof

#endif  // MDBPROF_BASE_TEXT_FILE_H_
