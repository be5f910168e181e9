// Positional RPC arguments with validation whose errors name the method,
// the argument and what was wrong — the text of a 400 INVALID_REQUEST.
//
//   // request: ["stream.get", "account-1", {"batchSize": 10}]
//   RpcArgs args("stream.get", request);
//   Result<std::string> stream = args.RequiredString(0, "stream name");
//   Result<const nlohmann::json*> opts = args.OptionalObject(1, "options");
//   Result<std::optional<int64_t>> batch =
//       args.OptionalInt(*opts, "batchSize");
//
// Missing optional arguments and fields, and ones that are JSON null, read
// as absent.
#ifndef REFSERVER_API_RPC_ARGS_H_
#define REFSERVER_API_RPC_ARGS_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "base/status.h"

namespace refserver {

using mdbprof::Result;
using mdbprof::Status;

class RpcArgs {
 public:
  // REQUIRES: `request` is an array whose element 0 is the method name; it
  // outlives this object.
  RpcArgs(std::string_view method, const nlohmann::json& request)
      : method_(method), request_(request) {}

  std::string_view method() const { return method_; }
  // Arguments after the method name.
  size_t size() const { return request_.size() - 1; }

  // Error when more than `max` arguments were given.
  Status AtMost(size_t max) const;

  // Argument `index` (0-based after the method) as a non-empty string.
  Result<std::string> RequiredString(size_t index, std::string_view what) const;
  // RequiredString that must also pass ValidateStreamName (input_limits.h):
  // for stream and category names.
  Result<std::string> RequiredName(size_t index, std::string_view what) const;
  // Argument `index` as a string; nullopt when absent or null.
  Result<std::optional<std::string>> OptionalString(
      size_t index, std::string_view what) const;
  // Argument `index` as an object (must be present and an object).
  Result<const nlohmann::json*> RequiredObject(size_t index,
                                               std::string_view what) const;
  // Argument `index` as an object; nullptr when absent or null.
  Result<const nlohmann::json*> OptionalObject(size_t index,
                                               std::string_view what) const;

  // Fields of an object argument named `where` ("options", "message", ...).
  // `object` may be nullptr (absent object: every field absent).
  Result<std::optional<int64_t>> OptionalInt(const nlohmann::json* object,
                                             std::string_view where,
                                             std::string_view field) const;
  Result<std::optional<std::string>> OptionalString(
      const nlohmann::json* object, std::string_view where,
      std::string_view field) const;
  Result<const nlohmann::json*> OptionalObject(const nlohmann::json* object,
                                               std::string_view where,
                                               std::string_view field) const;

  // "<method>: <message>" as InvalidArgument.
  Status Error(std::string_view message) const;

 private:
  const nlohmann::json* At(size_t index) const;  // nullptr when absent
  const nlohmann::json* Field(const nlohmann::json* object,
                              std::string_view field) const;

  std::string_view method_;
  const nlohmann::json& request_;
};

// "string", "number", "object", ... for error messages.
std::string_view JsonTypeName(const nlohmann::json& value);

}  // namespace refserver

#endif  // REFSERVER_API_RPC_ARGS_H_
