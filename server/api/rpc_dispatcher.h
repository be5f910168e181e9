// RpcDispatcher: one POST /rpc request -> one reply. Authenticates the
// caller, parses the body `["method", args...]`, finds the method, checks
// access, runs it.
//
//   RpcDispatcher rpc(store, auth, "0.1.0");
//   RpcReply reply = rpc.Handle("Bearer ns_...",
//   R"(["stream.version","a-1"])");
//   // reply.http_status == 200, reply.body == "null"
//
// Order of checks (first failure wins): 401 authentication, 400 body nested
// deeper than kMaxJsonDepth (input_limits.h), 400 body not a JSON array
// starting with a method name, 404 METHOD_NOT_FOUND, 403 admin
// method without the default namespace's token, then the method's own
// argument checks (400) and store errors. Never throws: an exception inside
// a method becomes 500 BACKEND_ERROR.
//
// Threading: Handle is safe to call concurrently.
#ifndef REFSERVER_API_RPC_DISPATCHER_H_
#define REFSERVER_API_RPC_DISPATCHER_H_

#include <string>
#include <string_view>

#include "server/api/authenticator.h"
#include "server/api/rpc_error.h"
#include "server/api/rpc_method.h"
#include "server/store/store.h"

namespace refserver {

class RpcDispatcher {
 public:
  // `store` and `auth` must outlive the dispatcher.
  RpcDispatcher(Store& store, Authenticator& auth, std::string version);

  RpcReply Handle(std::string_view authorization, std::string_view body) const;

  const MethodTable& methods() const { return methods_; }

 private:
  Store& store_;
  Authenticator& auth_;
  const std::string version_;
  MethodTable methods_;  // immutable after construction
};

}  // namespace refserver

#endif  // REFSERVER_API_RPC_DISPATCHER_H_
