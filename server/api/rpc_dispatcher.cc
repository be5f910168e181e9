#include "server/api/rpc_dispatcher.h"

#include <exception>
#include <nlohmann/json.hpp>

#include "server/api/input_limits.h"
#include "server/api/log.h"
#include "server/api/rpc_methods.h"

namespace refserver {
namespace {

RpcReply Invalid(std::string message) {
  return RpcReply::Fail(InvalidRequest(std::move(message)));
}

}  // namespace

RpcDispatcher::RpcDispatcher(Store& store, Authenticator& auth,
                             std::string version)
    : store_(store), auth_(auth), version_(std::move(version)) {
  AddStreamMethods(&methods_);
  AddCategoryMethods(&methods_);
  AddNamespaceMethods(&methods_);
  AddSystemMethods(&methods_);
}

RpcReply RpcDispatcher::Handle(std::string_view authorization,
                               std::string_view body) const {
  AuthResult caller = auth_.Authenticate(authorization);
  if (caller.error.has_value()) return RpcReply::Fail(*caller.error);

  if (size_t depth = JsonNestingDepth(body); depth > kMaxJsonDepth) {
    return Invalid("request body nests " + std::to_string(depth) +
                   " levels deep; at most " + std::to_string(kMaxJsonDepth) +
                   " allowed");
  }
  nlohmann::json request;
  try {
    request = nlohmann::json::parse(body);
  } catch (const nlohmann::json::exception& e) {  // parse_error, out_of_range
    return Invalid(std::string("request body is not valid JSON: ") + e.what());
  }
  if (!request.is_array()) {
    return Invalid(
        "request body must be a JSON array [\"method\", args...], got " +
        std::string(JsonTypeName(request)));
  }
  if (request.empty()) {
    return Invalid("request array is empty; expected [\"method\", args...]");
  }
  if (!request[0].is_string()) {
    return Invalid(
        "request array must start with the method name (a string), got " +
        std::string(JsonTypeName(request[0])));
  }
  const std::string& method = request[0].get_ref<const std::string&>();
  auto it = methods_.find(method);
  if (it == methods_.end()) return RpcReply::Fail(MethodNotFound(method));
  const MethodSpec& spec = it->second;

  RpcContext ctx{caller.ns, store_, auth_, version_};
  if (spec.access == Access::kAdmin && !ctx.is_admin()) {
    return RpcReply::Fail(
        AuthUnauthorized(method + " requires the default namespace's token"));
  }
  RpcArgs args(method, request);
  try {
    return spec.run(args, ctx);
  } catch (const std::exception& e) {
    Log(LogLevel::kError, method + ": unexpected exception: " + e.what());
    return RpcReply::Fail(
        BackendError(method + ": internal error: " + e.what()));
  }
}

}  // namespace refserver
