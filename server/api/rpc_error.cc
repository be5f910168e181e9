#include "server/api/rpc_error.h"

#include "server/api/json_text.h"

namespace refserver {
namespace {

RpcError Make(int status, std::string_view code, std::string message) {
  return RpcError{status, std::string(code), std::move(message)};
}

}  // namespace

RpcError InvalidRequest(std::string message) {
  return Make(400, kInvalidRequest, std::move(message));
}

RpcError AuthRequired() {
  return Make(401, kAuthRequired,
              "authentication required: send 'Authorization: Bearer <token>'");
}

RpcError AuthInvalidToken(std::string message) {
  return Make(401, kAuthInvalidToken, std::move(message));
}

RpcError AuthUnauthorized(std::string message) {
  return Make(403, kAuthUnauthorized, std::move(message));
}

RpcError MethodNotFound(std::string_view method) {
  return Make(404, kMethodNotFound,
              "unknown method '" + std::string(method) + "'");
}

RpcError BackendError(std::string message) {
  return Make(500, kBackendError, std::move(message));
}

RpcError FromStoreStatus(const mdbprof::Status& status,
                         std::string_view conflict_code) {
  switch (status.code()) {
    case mdbprof::StatusCode::kInvalidArgument:
      return InvalidRequest(status.message());
    case mdbprof::StatusCode::kNotFound:
      return Make(404, kNamespaceNotFound, status.message());
    case mdbprof::StatusCode::kFailedPrecondition:
      return Make(409, conflict_code, status.message());
    default:
      return BackendError(status.message());
  }
}

std::string ErrorBody(const RpcError& error) {
  std::string body = R"({"error":{"code":)";
  AppendJsonString(&body, error.code);
  body += R"(,"message":)";
  AppendJsonString(&body, error.message);
  body += "}}";
  return body;
}

}  // namespace refserver
