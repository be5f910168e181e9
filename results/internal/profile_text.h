// Internal to mdbprof::results: profile values and function rows as text for
// budget messages, in the units `go tool pprof` shows.
#ifndef MDBPROF_RESULTS_INTERNAL_PROFILE_TEXT_H_
#define MDBPROF_RESULTS_INTERNAL_PROFILE_TEXT_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "pprof/top.h"

namespace mdbprof::results::internal {

// pprof::ScaledLabel with automatic units: "12.10MB" for bytes (1024-based),
// "1.50s"/"250ms" for nanoseconds, the bare number for counts.
std::string FormatSampleValue(int64_t value, std::string_view unit);

// One line per row: flat, flat% and cum, cum% of `total`, then the name;
// each line starts with `indent`. Shows at most `limit` rows and then
// "... and N more".
std::string FormatFunctionRows(const std::vector<pprof::FunctionRow>& rows,
                               int64_t total, std::string_view unit,
                               std::string_view indent, size_t limit);

}  // namespace mdbprof::results::internal

#endif  // MDBPROF_RESULTS_INTERNAL_PROFILE_TEXT_H_
