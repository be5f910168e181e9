#include "server/api/rpc_args.h"

#include <cmath>
#include <limits>

#include "server/api/input_limits.h"

namespace refserver {
namespace {

std::string ArgName(size_t index, std::string_view what) {
  return "argument " + std::to_string(index + 1) + " (" + std::string(what) +
         ")";
}

std::string FieldName(std::string_view where, std::string_view field) {
  return std::string(where) + "." + std::string(field);
}

}  // namespace

std::string_view JsonTypeName(const nlohmann::json& value) {
  if (value.is_number()) return "number";
  return value.type_name();
}

Status RpcArgs::Error(std::string_view message) const {
  return mdbprof::InvalidArgument(std::string(method_) + ": " +
                                  std::string(message));
}

const nlohmann::json* RpcArgs::At(size_t index) const {
  if (index + 1 >= request_.size()) return nullptr;
  const nlohmann::json& value = request_[index + 1];
  return value.is_null() ? nullptr : &value;
}

const nlohmann::json* RpcArgs::Field(const nlohmann::json* object,
                                     std::string_view field) const {
  if (object == nullptr) return nullptr;
  auto it = object->find(field);
  if (it == object->end() || it->is_null()) return nullptr;
  return &*it;
}

Status RpcArgs::AtMost(size_t max) const {
  if (size() <= max) return Status::Ok();
  return Error("takes at most " + std::to_string(max) + " argument" +
               (max == 1 ? "" : "s") + ", got " + std::to_string(size()));
}

Result<std::string> RpcArgs::RequiredString(size_t index,
                                            std::string_view what) const {
  const nlohmann::json* value = At(index);
  if (value == nullptr) return Error(ArgName(index, what) + " is required");
  if (!value->is_string()) {
    return Error(ArgName(index, what) + " must be a string, got " +
                 std::string(JsonTypeName(*value)));
  }
  const std::string& s = value->get_ref<const std::string&>();
  if (s.empty()) return Error(ArgName(index, what) + " must not be empty");
  return s;
}

Result<std::string> RpcArgs::RequiredName(size_t index,
                                          std::string_view what) const {
  Result<std::string> name = RequiredString(index, what);
  if (!name.ok()) return name;
  Status valid = ValidateStreamName(*name, ArgName(index, what));
  if (!valid.ok()) return Error(valid.message());
  return name;
}

Result<std::optional<std::string>> RpcArgs::OptionalString(
    size_t index, std::string_view what) const {
  const nlohmann::json* value = At(index);
  if (value == nullptr) return std::optional<std::string>();
  if (!value->is_string()) {
    return Error(ArgName(index, what) + " must be a string, got " +
                 std::string(JsonTypeName(*value)));
  }
  return std::optional<std::string>(value->get<std::string>());
}

Result<const nlohmann::json*> RpcArgs::RequiredObject(
    size_t index, std::string_view what) const {
  const nlohmann::json* value = At(index);
  if (value == nullptr) return Error(ArgName(index, what) + " is required");
  if (!value->is_object()) {
    return Error(ArgName(index, what) + " must be an object, got " +
                 std::string(JsonTypeName(*value)));
  }
  return value;
}

Result<const nlohmann::json*> RpcArgs::OptionalObject(
    size_t index, std::string_view what) const {
  const nlohmann::json* value = At(index);
  if (value == nullptr) return static_cast<const nlohmann::json*>(nullptr);
  if (!value->is_object()) {
    return Error(ArgName(index, what) + " must be an object, got " +
                 std::string(JsonTypeName(*value)));
  }
  return value;
}

Result<std::optional<int64_t>> RpcArgs::OptionalInt(
    const nlohmann::json* object, std::string_view where,
    std::string_view field) const {
  const nlohmann::json* value = Field(object, field);
  if (value == nullptr) return std::optional<int64_t>();
  const std::string name = FieldName(where, field);
  if (value->is_number_unsigned()) {
    uint64_t u = value->get<uint64_t>();
    if (u > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
      return Error(name + " is out of range");
    }
    return std::optional<int64_t>(static_cast<int64_t>(u));
  }
  if (value->is_number_integer()) {
    return std::optional<int64_t>(value->get<int64_t>());
  }
  if (value->is_number_float()) {
    // JavaScript clients may send 5.0; accept integral values only.
    double d = value->get<double>();
    if (std::isfinite(d) && d == std::trunc(d) && d >= -9.2e18 && d <= 9.2e18) {
      return std::optional<int64_t>(static_cast<int64_t>(d));
    }
    return Error(name + " must be an integer, got " + value->dump());
  }
  return Error(name + " must be an integer, got " +
               std::string(JsonTypeName(*value)));
}

Result<std::optional<std::string>> RpcArgs::OptionalString(
    const nlohmann::json* object, std::string_view where,
    std::string_view field) const {
  const nlohmann::json* value = Field(object, field);
  if (value == nullptr) return std::optional<std::string>();
  if (!value->is_string()) {
    return Error(FieldName(where, field) + " must be a string, got " +
                 std::string(JsonTypeName(*value)));
  }
  return std::optional<std::string>(value->get<std::string>());
}

Result<const nlohmann::json*> RpcArgs::OptionalObject(
    const nlohmann::json* object, std::string_view where,
    std::string_view field) const {
  const nlohmann::json* value = Field(object, field);
  if (value == nullptr) return static_cast<const nlohmann::json*>(nullptr);
  if (!value->is_object()) {
    return Error(FieldName(where, field) + " must be an object, got " +
                 std::string(JsonTypeName(*value)));
  }
  return value;
}

}  // namespace refserver
