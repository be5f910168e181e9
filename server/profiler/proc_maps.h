// Executable memory mappings of this process, read from /proc/self/maps.
// Profiles use them for their Mapping table.
//
//   mdbprof::Result<std::vector<MemoryMapping>> maps =
//   ReadExecutableMappings(); const MemoryMapping* m = FindMapping(*maps,
//   address);
#ifndef REFSERVER_PROFILER_PROC_MAPS_H_
#define REFSERVER_PROFILER_PROC_MAPS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace refserver::profiler {

struct MemoryMapping {
  uint64_t start = 0;        // first address
  uint64_t limit = 0;        // one past the last address
  uint64_t file_offset = 0;  // offset in `path` of `start`
  std::string path;          // file, "[vdso]", or "" for anonymous memory
};

// Parses the text of a /proc/<pid>/maps file and keeps the executable
// mappings, sorted by start. A malformed line is an InvalidArgument error
// naming its line number.
mdbprof::Result<std::vector<MemoryMapping>> ParseExecutableMappings(
    std::string_view maps_text);

// Reads and parses /proc/self/maps.
mdbprof::Result<std::vector<MemoryMapping>> ReadExecutableMappings();

// The mapping containing `address`, or nullptr.
// REQUIRES: `mappings` sorted by start and non-overlapping.
const MemoryMapping* FindMapping(const std::vector<MemoryMapping>& mappings,
                                 uint64_t address);

}  // namespace refserver::profiler

#endif  // REFSERVER_PROFILER_PROC_MAPS_H_
