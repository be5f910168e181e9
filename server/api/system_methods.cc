// sys.version, sys.health.
#include "server/api/rpc_methods.h"

namespace refserver {
namespace {

RpcReply SysVersion(const RpcArgs& args, const RpcContext& ctx) {
  REFSERVER_CHECK_OR_REPLY(args.AtMost(0));
  return RpcReply::Ok(nlohmann::json(std::string(ctx.version)).dump());
}

RpcReply SysHealth(const RpcArgs& args, const RpcContext& ctx) {
  REFSERVER_CHECK_OR_REPLY(args.AtMost(0));
  Result<StoreHealth> health = ctx.store.Health();
  if (!health.ok()) {
    return RpcReply::Fail(
        BackendError("health check failed: " + health.status().message()));
  }
  nlohmann::json reply = {{"status", "ok"},
                          {"backend", health->backend},
                          {"connections", health->connections}};
  return RpcReply::Ok(reply.dump());
}

}  // namespace

void AddSystemMethods(MethodTable* table) {
  table->emplace("sys.version", MethodSpec{&SysVersion, Access::kNamespace});
  table->emplace("sys.health", MethodSpec{&SysHealth, Access::kNamespace});
}

}  // namespace refserver
