// Typed reads from JSON with errors that name the key path and what was
// expected — for every JSON file the suite reads (load-test-results.json,
// budget files, comparison.json, the A/B gate's compare.json).
//
//   Result<double> max = GetNumber(limit["max"], "metrics.x.max");
//   // error: "metrics.x.max: expected a number, got \"fast\""
//   Result<std::string> name = ReadString(backend, "backends[0]", "name");
//   // error: "backends[0].name: missing (expected a string)"
#ifndef MDBPROF_RESULTS_JSON_READ_H_
#define MDBPROF_RESULTS_JSON_READ_H_

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "base/status.h"
#include "nlohmann/json.hpp"

namespace mdbprof::results {

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

// Parses JSON text; InvalidArgument("not valid JSON: parse error at line L,
// column C: ...") otherwise.
Result<nlohmann::json> ParseJsonText(const std::string& text);

// The member `key` of `object` (REQUIRES: object.is_object()), read as
// above; an error also when it is missing. `path` names `object`.
Result<double> ReadNumber(const nlohmann::json& object, const std::string& path,
                          const char* key);
Result<int64_t> ReadInteger(const nlohmann::json& object,
                            const std::string& path, const char* key);
Result<std::string> ReadString(const nlohmann::json& object,
                               const std::string& path, const char* key);
Result<bool> ReadBool(const nlohmann::json& object, const std::string& path,
                      const char* key);

// The member `key` of `object` when it exists and has the type; otherwise
// `fallback` (for optional, informational keys). Never throws.
std::string StringOr(const nlohmann::json& object, const char* key,
                     const std::string& fallback);
int64_t IntegerOr(const nlohmann::json& object, const char* key,
                  int64_t fallback);

// A finite number or null (nullopt) at `value`; anything else is an error.
Result<std::optional<double>> NumberOrNull(const nlohmann::json& value,
                                           const std::string& path);

// Reads and parses the JSON file at `path`; NotFound or InvalidArgument
// naming `path`.
Result<nlohmann::json> ReadJsonFile(const std::string& path);

}  // namespace mdbprof::results

#endif  // MDBPROF_RESULTS_JSON_READ_H_
