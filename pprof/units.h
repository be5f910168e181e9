// Value formatting of pprof's measurement package: unit scaling (ns -> ms/s,
// bytes -> kB/MB/GB, 1024-based) and percentages, byte-for-byte as
// `go tool pprof` prints them.
//
//   ScaledLabel(1500000000, "nanoseconds", "auto");  // "1.50s"
//   ScaledLabel(3 << 20, "bytes", "MB");               // "3MB"
//   Percentage(1, 3);                                  // "33.33%"
#ifndef MDBPROF_PPROF_UNITS_H_
#define MDBPROF_PPROF_UNITS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

namespace mdbprof::pprof {

// pprof's measurement.Scale: `value` in `from_unit` expressed in `to_unit`
// ("minimum"/"auto": the largest unit of from_unit's kind that keeps the
// value >= 1). Returns the scaled value and the canonical unit name; for a
// unit pprof does not know, the value unchanged and `to_unit` ("" for
// "count", "sample", "unit", "minimum", "auto").
std::pair<double, std::string> Scale(int64_t value, std::string_view from_unit,
                                     std::string_view to_unit);

// Scale, printed with two decimals, ".00" dropped, then the unit ("0" for 0).
std::string ScaledLabel(int64_t value, std::string_view from_unit,
                        std::string_view to_unit);

// |value/total| in percent, "%5.2f%%" (or "%5.2g%%" below 1%, "  100%" near
// 100%).
std::string Percentage(int64_t value, int64_t total);

}  // namespace mdbprof::pprof

#endif  // MDBPROF_PPROF_UNITS_H_
