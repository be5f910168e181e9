// Internal to mdbprof::results: typed access to JSON values with errors that
// name the key path and what was expected. Not for use outside results/.
//
//   Result<double> max = internal::GetNumber(limit["max"], "metrics.x.max");
//   // error: "metrics.x.max: expected a number, got \"fast\""
#ifndef MDBPROF_RESULTS_INTERNAL_JSON_CHECK_H_
#define MDBPROF_RESULTS_INTERNAL_JSON_CHECK_H_

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

#include "base/status.h"
#include "nlohmann/json.hpp"

namespace mdbprof::results::internal {

// A JSON value as an error message shows it: `"fast"`, `true`, `null`, `12.5`,
// `an object`, `an array` (long values are cut short).
std::string Describe(const nlohmann::json& value);

// "a.b" for Join("a", "b"); "b" for Join("", "b").
std::string Join(const std::string& path, std::string_view key);

// InvalidArgument("<path>: expected <expected>, got <Describe(got)>").
Status TypeError(const std::string& path, std::string_view expected,
                 const nlohmann::json& got);

// REQUIRES: object.is_object(). An error naming the first key of `object`
// that is not in `allowed`, and listing the allowed keys.
Status CheckKnownKeys(const nlohmann::json& object, const std::string& path,
                      std::initializer_list<std::string_view> allowed);

// A finite number (integer or floating point).
Result<double> GetNumber(const nlohmann::json& value, const std::string& path);
// An integer in int64 range; an integral floating-point value is accepted.
Result<int64_t> GetInteger(const nlohmann::json& value,
                           const std::string& path);
Result<std::string> GetString(const nlohmann::json& value,
                              const std::string& path);

// The contents of the file at `path`; NotFound naming the path when it cannot
// be opened.
Result<std::string> ReadTextFile(const std::string& path);

// Parses JSON text; InvalidArgument("not valid JSON: parse error at line L,
// column C: ...") otherwise.
Result<nlohmann::json> ParseJsonText(const std::string& text);

}  // namespace mdbprof::results::internal

#endif  // MDBPROF_RESULTS_INTERNAL_JSON_CHECK_H_
