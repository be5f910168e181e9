// The files a backend leaves in its run directory that hold a report metric.
// load-test-results.json lists a backend's files with the metric each holds
// (config.extra_files, declared by the backend in fixtures/); the report reads
// the value with the parser of that metric:
//
//   disk_usage_bytes  what `du` prints for the data directory
//   namespace_count   the number of open namespaces
//
//   Result<double> bytes = ParseBackendFileMetric("disk_usage_bytes",
//                                                 "4.0K\tns-a\n12M\tns-b\n");
//   Result<int64_t> n = ParseNamespaceCount("2\n");
#ifndef MDBPROF_REPORT_BACKEND_FILES_H_
#define MDBPROF_REPORT_BACKEND_FILES_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "base/status.h"

namespace mdbprof::report {

// True for the metrics above: the ones a backend file can hold.
bool IsBackendFileMetric(std::string_view metric);

// The value of `metric` from the text of the file that holds it.
// InvalidArgument for a metric that is not IsBackendFileMetric(), or text
// its parser rejects (see below).
Result<double> ParseBackendFileMetric(std::string_view metric,
                                      std::string_view text);

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

#endif  // MDBPROF_REPORT_BACKEND_FILES_H_
