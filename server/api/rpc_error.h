// RPC errors as the contract defines them: an HTTP status, a code and a
// message, sent as {"error":{"code":"...","message":"..."}}.
//
//   RpcReply reply = RpcReply::Fail(InvalidRequest("stream.get: ..."));
//   RpcReply ok = RpcReply::Ok(R"({"position":0,"globalPosition":1})");
//   RpcError e = FromStoreStatus(status, kStreamVersionConflict);
#ifndef REFSERVER_API_RPC_ERROR_H_
#define REFSERVER_API_RPC_ERROR_H_

#include <string>
#include <string_view>

#include "base/status.h"

namespace refserver {

inline constexpr std::string_view kInvalidRequest = "INVALID_REQUEST";
inline constexpr std::string_view kAuthRequired = "AUTH_REQUIRED";
inline constexpr std::string_view kAuthInvalidToken = "AUTH_INVALID_TOKEN";
inline constexpr std::string_view kAuthUnauthorized = "AUTH_UNAUTHORIZED";
inline constexpr std::string_view kMethodNotFound = "METHOD_NOT_FOUND";
inline constexpr std::string_view kNamespaceNotFound = "NAMESPACE_NOT_FOUND";
inline constexpr std::string_view kStreamVersionConflict =
    "STREAM_VERSION_CONFLICT";
inline constexpr std::string_view kNamespaceExists = "NAMESPACE_EXISTS";
inline constexpr std::string_view kBackendError = "BACKEND_ERROR";

struct RpcError {
  int http_status = 500;
  std::string code;
  std::string message;
};

RpcError InvalidRequest(std::string message);      // 400
RpcError AuthRequired();                           // 401
RpcError AuthInvalidToken(std::string message);    // 401
RpcError AuthUnauthorized(std::string message);    // 403
RpcError MethodNotFound(std::string_view method);  // 404
RpcError BackendError(std::string message);        // 500

// Store status -> error: InvalidArgument 400, NotFound 404
// NAMESPACE_NOT_FOUND, FailedPrecondition 409 `conflict_code`, anything
// else 500 BACKEND_ERROR. REQUIRES: !status.ok().
RpcError FromStoreStatus(const mdbprof::Status& status,
                         std::string_view conflict_code);

// {"error":{"code":"...","message":"..."}}
std::string ErrorBody(const RpcError& error);

// What /rpc answers: a status and a JSON body.
struct RpcReply {
  int http_status = 200;
  std::string body;

  static RpcReply Ok(std::string json) {
    return RpcReply{200, std::move(json)};
  }
  static RpcReply Fail(const RpcError& error) {
    return RpcReply{error.http_status, ErrorBody(error)};
  }
};

}  // namespace refserver

#endif  // REFSERVER_API_RPC_ERROR_H_
