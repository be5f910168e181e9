// Typed reads from JSON with errors that name the key path and what was
// expected, for the report's own JSON (comparison.json, budget files).
//
//   Result<double> v = ReadNumber(j, "backends[0].metrics", "median");
//   // error: "backends[0].metrics.median: expected a number, got \"x\""
#ifndef MDBPROF_REPORT_JSON_READ_H_
#define MDBPROF_REPORT_JSON_READ_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/status.h"
#include "nlohmann/json.hpp"

namespace mdbprof::report {

// "a.b" for JoinPath("a", "b"); "b" for JoinPath("", "b").
std::string JoinPath(const std::string& path, std::string_view key);

// InvalidArgument("<path>: expected <expected>, got <value, shortened>").
Status JsonTypeError(const std::string& path, std::string_view expected,
                     const nlohmann::json& got);

// The member `key` of `object` (REQUIRES: object.is_object()); errors when it
// is missing or of the wrong type. `path` names `object`.
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

// A number or null (nullopt) at `value`; anything else is an error.
Result<std::optional<double>> NumberOrNull(const nlohmann::json& value,
                                           const std::string& path);

// Reads and parses a JSON file; NotFound or InvalidArgument naming `path`.
Result<nlohmann::json> ReadJsonFile(const std::string& path);

// Writes `text` to `path` (replacing it); Unavailable naming the path.
Status WriteTextFile(const std::string& path, const std::string& text);

}  // namespace mdbprof::report

#endif  // MDBPROF_REPORT_JSON_READ_H_
