// The pebble backend's extra files: `pebble-disk-usage.txt` (what `du`
// prints for the data directory) and `pebble-namespace-count.txt` (the
// number of open namespaces).
//
//   Result<double> bytes = ParseDiskUsage("4.0K\tns-a\n12M\tns-b\n");
//   Result<int64_t> n = ParseNamespaceCount("2\n");
#ifndef MDBPROF_REPORT_PEBBLE_FILES_H_
#define MDBPROF_REPORT_PEBBLE_FILES_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "base/status.h"

namespace mdbprof::report {

inline constexpr char kDiskUsageFile[] = "pebble-disk-usage.txt";
inline constexpr char kNamespaceCountFile[] = "pebble-namespace-count.txt";

// Total bytes of `du` output: lines "<size> <name>" (any whitespace between),
// where <size> is a byte count (du -b) or a du -h size ("4.0K", "1.5M", "2G";
// 1024-based; "B"/"iB" suffixes allowed). The sizes of all lines are summed,
// unless a line is named "total" (du -c), which then is the answer. Blank
// lines and lines starting with '#' are skipped. Error naming the line when
// a line has no size, or when there are no sizes at all.
Result<double> ParseDiskUsage(std::string_view text);

// The first whitespace-separated token as a non-negative integer ("3",
// "3 namespaces"); error otherwise.
Result<int64_t> ParseNamespaceCount(std::string_view text);

}  // namespace mdbprof::report

#endif  // MDBPROF_REPORT_PEBBLE_FILES_H_
