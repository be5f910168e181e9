#include "results/json_read.h"

#include <cmath>
#include <limits>

#include "base/text_file.h"

namespace mdbprof::results {
namespace {

// The member `key` of `object`; an error naming it when it is missing.
Result<const nlohmann::json*> Member(const nlohmann::json& object,
                                     const std::string& path, const char* key,
                                     std::string_view expected) {
  auto it = object.find(key);
  if (it == object.end()) {
    return InvalidArgument(Join(path, key) + ": missing (expected " +
                           std::string(expected) + ")");
  }
  return &*it;
}

}  // namespace

std::string Describe(const nlohmann::json& value) {
  if (value.is_object()) return "an object";
  if (value.is_array()) return "an array";
  if (value.is_discarded()) return "nothing";
  std::string text =
      value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  constexpr size_t kMax = 60;
  if (text.size() > kMax) text = text.substr(0, kMax) + "...";
  return text;
}

std::string Join(const std::string& path, std::string_view key) {
  if (path.empty()) return std::string(key);
  return path + "." + std::string(key);
}

Status TypeError(const std::string& path, std::string_view expected,
                 const nlohmann::json& got) {
  return InvalidArgument(path + ": expected " + std::string(expected) +
                         ", got " + Describe(got));
}

Status CheckKnownKeys(const nlohmann::json& object, const std::string& path,
                      std::initializer_list<std::string_view> allowed) {
  for (const auto& [key, unused] : object.items()) {
    bool known = false;
    for (std::string_view a : allowed) known = known || key == a;
    if (known) continue;
    std::string list;
    for (std::string_view a : allowed) {
      if (!list.empty()) list += ", ";
      list += a;
    }
    std::string where = path.empty() ? "" : path + ": ";
    return InvalidArgument(where + "unknown key \"" + key +
                           "\" (expected one of: " + list + ")");
  }
  return Status::Ok();
}

Result<double> GetNumber(const nlohmann::json& value, const std::string& path) {
  if (!value.is_number()) return TypeError(path, "a number", value);
  double d = value.get<double>();
  if (!std::isfinite(d)) return TypeError(path, "a finite number", value);
  return d;
}

Result<int64_t> GetInteger(const nlohmann::json& value,
                           const std::string& path) {
  if (value.is_number_unsigned()) {
    uint64_t u = value.get<uint64_t>();
    if (u > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
      return TypeError(path, "an integer in int64 range", value);
    }
    return static_cast<int64_t>(u);
  }
  if (value.is_number_integer()) return value.get<int64_t>();
  if (value.is_number_float()) {
    double d = value.get<double>();
    // 2^63 is exactly representable; values from it upwards do not fit.
    constexpr double kLimit = 9223372036854775808.0;
    if (std::isfinite(d) && d == std::trunc(d) && d >= -kLimit && d < kLimit) {
      return static_cast<int64_t>(d);
    }
  }
  return TypeError(path, "an integer", value);
}

Result<std::string> GetString(const nlohmann::json& value,
                              const std::string& path) {
  if (!value.is_string()) return TypeError(path, "a string", value);
  return value.get<std::string>();
}

Result<nlohmann::json> ParseJsonText(const std::string& text) {
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    // what() is "[json.exception.parse_error.101] parse error at line ...".
    std::string what = e.what();
    size_t bracket = what.find("] ");
    if (what.rfind("[json.exception", 0) == 0 && bracket != what.npos) {
      what = what.substr(bracket + 2);
    }
    return InvalidArgument("not valid JSON: " + what);
  }
}

Result<double> ReadNumber(const nlohmann::json& object, const std::string& path,
                          const char* key) {
  Result<const nlohmann::json*> v = Member(object, path, key, "a number");
  if (!v.ok()) return v.status();
  return GetNumber(**v, Join(path, key));
}

Result<int64_t> ReadInteger(const nlohmann::json& object,
                            const std::string& path, const char* key) {
  Result<const nlohmann::json*> v = Member(object, path, key, "an integer");
  if (!v.ok()) return v.status();
  return GetInteger(**v, Join(path, key));
}

Result<std::string> ReadString(const nlohmann::json& object,
                               const std::string& path, const char* key) {
  Result<const nlohmann::json*> v = Member(object, path, key, "a string");
  if (!v.ok()) return v.status();
  return GetString(**v, Join(path, key));
}

Result<bool> ReadBool(const nlohmann::json& object, const std::string& path,
                      const char* key) {
  Result<const nlohmann::json*> v = Member(object, path, key, "true or false");
  if (!v.ok()) return v.status();
  if (!(*v)->is_boolean()) {
    return TypeError(Join(path, key), "true or false", **v);
  }
  return (*v)->get<bool>();
}

std::string StringOr(const nlohmann::json& object, const char* key,
                     const std::string& fallback) {
  if (!object.is_object()) return fallback;
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>()
                                               : fallback;
}

int64_t IntegerOr(const nlohmann::json& object, const char* key,
                  int64_t fallback) {
  if (!object.is_object()) return fallback;
  auto it = object.find(key);
  return it != object.end() && it->is_number_integer() ? it->get<int64_t>()
                                                       : fallback;
}

Result<std::optional<double>> NumberOrNull(const nlohmann::json& value,
                                           const std::string& path) {
  if (value.is_null()) return std::optional<double>();
  if (!value.is_number() || !std::isfinite(value.get<double>())) {
    return TypeError(path, "a number or null", value);
  }
  return std::optional<double>(value.get<double>());
}

Result<nlohmann::json> ReadJsonFile(const std::string& path) {
  Result<std::string> text = ReadTextFile(path);
  if (!text.ok()) return text.status();
  Result<nlohmann::json> json = ParseJsonText(*text);
  if (!json.ok()) return json.status().WithContext(path);
  return json;
}

}  // namespace mdbprof::results
