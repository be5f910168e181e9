// What an RPC method sees and how methods are registered with the
// dispatcher.
//
//   RpcReply StreamVersion(const RpcArgs& args, const RpcContext& ctx);
//   table->emplace("stream.version", MethodSpec{&StreamVersion,
//   Access::kNamespace});
//
// A method runs after authentication; `ctx.ns` is the caller's namespace.
// Methods validate their own arguments (RpcArgs) and return a reply; they do
// not throw.
#ifndef REFSERVER_API_RPC_METHOD_H_
#define REFSERVER_API_RPC_METHOD_H_

#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "server/api/authenticator.h"
#include "server/api/rpc_args.h"
#include "server/api/rpc_error.h"
#include "server/store/store.h"

namespace refserver {

struct RpcContext {
  const std::string& ns;  // the authenticated namespace
  Store& store;
  Authenticator& auth;
  std::string_view version;  // server version

  bool is_admin() const { return ns == kDefaultNamespace; }
};

using RpcMethod = RpcReply (*)(const RpcArgs& args, const RpcContext& ctx);

enum class Access {
  kNamespace,  // any authenticated caller, on its own namespace
  kAdmin,      // only the default namespace's token (else 403)
};

struct MethodSpec {
  RpcMethod run = nullptr;
  Access access = Access::kNamespace;
};

using MethodTable = std::map<std::string, MethodSpec, std::less<>>;

// 400 INVALID_REQUEST from an argument-validation Status.
inline RpcReply BadRequest(const Status& status) {
  return RpcReply::Fail(InvalidRequest(status.message()));
}

}  // namespace refserver

#define REFSERVER_CONCAT_INNER(a, b) a##b
#define REFSERVER_CONCAT(a, b) REFSERVER_CONCAT_INNER(a, b)

// Declares `decl` from a Result-returning argument check, or returns 400
// INVALID_REQUEST from the enclosing method with the check's message.
//   REFSERVER_ARG_OR_REPLY(std::string s, args.RequiredString(0, "stream"));
#define REFSERVER_ARG_OR_REPLY(decl, expr)                    \
  auto REFSERVER_CONCAT(refserver_arg_, __LINE__) = (expr);   \
  if (!REFSERVER_CONCAT(refserver_arg_, __LINE__).ok())       \
    return ::refserver::BadRequest(                           \
        REFSERVER_CONCAT(refserver_arg_, __LINE__).status()); \
  decl = std::move(*REFSERVER_CONCAT(refserver_arg_, __LINE__))

// Returns 400 INVALID_REQUEST when a Status-returning check fails.
#define REFSERVER_CHECK_OR_REPLY(expr)                  \
  do {                                                  \
    ::mdbprof::Status refserver_check_ = (expr);        \
    if (!refserver_check_.ok())                         \
      return ::refserver::BadRequest(refserver_check_); \
  } while (0)

#endif  // REFSERVER_API_RPC_METHOD_H_
