#include "report/json_read.h"

#include <cmath>
#include <fstream>
#include <sstream>

namespace mdbprof::report {
namespace {

std::string Shorten(const nlohmann::json& value) {
  if (value.is_object()) return "an object";
  if (value.is_array()) return "an array";
  std::string s = value.dump();
  if (s.size() > 40) s = s.substr(0, 37) + "...";
  return s;
}

Result<const nlohmann::json*> Member(const nlohmann::json& object,
                                     const std::string& path, const char* key,
                                     std::string_view expected) {
  auto it = object.find(key);
  if (it == object.end()) {
    return InvalidArgument(JoinPath(path, key) + ": missing (expected " +
                           std::string(expected) + ")");
  }
  return &*it;
}

}  // namespace

std::string JoinPath(const std::string& path, std::string_view key) {
  if (path.empty()) return std::string(key);
  return path + "." + std::string(key);
}

Status JsonTypeError(const std::string& path, std::string_view expected,
                     const nlohmann::json& got) {
  return InvalidArgument(path + ": expected " + std::string(expected) +
                         ", got " + Shorten(got));
}

Result<double> ReadNumber(const nlohmann::json& object, const std::string& path,
                          const char* key) {
  Result<const nlohmann::json*> v = Member(object, path, key, "a number");
  if (!v.ok()) return v.status();
  if (!(*v)->is_number() || !std::isfinite((*v)->get<double>())) {
    return JsonTypeError(JoinPath(path, key), "a number", **v);
  }
  return (*v)->get<double>();
}

Result<int64_t> ReadInteger(const nlohmann::json& object,
                            const std::string& path, const char* key) {
  Result<const nlohmann::json*> v = Member(object, path, key, "an integer");
  if (!v.ok()) return v.status();
  if (!(*v)->is_number_integer()) {
    return JsonTypeError(JoinPath(path, key), "an integer", **v);
  }
  return (*v)->get<int64_t>();
}

Result<std::string> ReadString(const nlohmann::json& object,
                               const std::string& path, const char* key) {
  Result<const nlohmann::json*> v = Member(object, path, key, "a string");
  if (!v.ok()) return v.status();
  if (!(*v)->is_string()) {
    return JsonTypeError(JoinPath(path, key), "a string", **v);
  }
  return (*v)->get<std::string>();
}

Result<bool> ReadBool(const nlohmann::json& object, const std::string& path,
                      const char* key) {
  Result<const nlohmann::json*> v = Member(object, path, key, "true or false");
  if (!v.ok()) return v.status();
  if (!(*v)->is_boolean()) {
    return JsonTypeError(JoinPath(path, key), "true or false", **v);
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
    return JsonTypeError(path, "a number or null", value);
  }
  return std::optional<double>(value.get<double>());
}

Result<nlohmann::json> ReadJsonFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound(path + ": cannot open (no such file?)");
  std::stringstream text;
  text << in.rdbuf();
  try {
    return nlohmann::json::parse(text.str());
  } catch (const nlohmann::json::parse_error& e) {
    // e.what() reads "[json.exception.parse_error.101] parse error at ...".
    std::string what = e.what();
    if (size_t p = what.find("] "); p != std::string::npos) {
      what = what.substr(p + 2);
    }
    return InvalidArgument(path + ": not valid JSON: " + what);
  }
}

Status WriteTextFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) return Unavailable("cannot write '" + path + "'");
  return Status::Ok();
}

}  // namespace mdbprof::report
