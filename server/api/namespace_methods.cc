// ns.create, ns.delete, ns.list, ns.info.
#include "server/api/rpc_methods.h"
#include "server/api/token.h"
#include "server/store/iso_time.h"
#include "server/store/namespace_name.h"

namespace refserver {
namespace {

using nlohmann::json;

json OrNull(const std::optional<std::string>& value) {
  return value.has_value() ? json(*value) : json(nullptr);
}

RpcReply NsCreate(const RpcArgs& args, const RpcContext& ctx) {
  REFSERVER_CHECK_OR_REPLY(args.AtMost(2));
  REFSERVER_ARG_OR_REPLY(std::string name, args.RequiredString(0, "namespace"));
  Status valid = ValidateNamespaceName(name);
  if (!valid.ok()) return BadRequest(args.Error(valid.message()));
  REFSERVER_ARG_OR_REPLY(const json* options,
                         args.OptionalObject(1, "options"));
  REFSERVER_ARG_OR_REPLY(std::optional<std::string> token,
                         args.OptionalString(options, "options", "token"));
  REFSERVER_ARG_OR_REPLY(
      std::optional<std::string> description,
      args.OptionalString(options, "options", "description"));
  if (token.has_value()) {
    Result<std::string> named = TokenNamespace(*token);
    if (!named.ok()) {
      return BadRequest(
          args.Error("options.token: " + named.status().message()));
    }
    if (*named != name) {
      return BadRequest(args.Error("options.token belongs to namespace '" +
                                   *named + "', not '" + name + "'"));
    }
  } else {
    Result<std::string> generated = GenerateToken(name);
    if (!generated.ok()) {
      return RpcReply::Fail(BackendError(generated.status().message()));
    }
    token = std::move(*generated);
  }

  NamespaceRecord record{name, HashToken(*token), description.value_or(""),
                         NowIsoTime()};
  Status created = ctx.store.CreateNamespace(record);
  if (!created.ok()) {
    return RpcReply::Fail(FromStoreStatus(created, kNamespaceExists));
  }
  ctx.auth.Forget(name);
  json reply = {
      {"namespace", name}, {"token", *token}, {"createdAt", record.created_at}};
  return RpcReply::Ok(reply.dump());
}

RpcReply NsDelete(const RpcArgs& args, const RpcContext& ctx) {
  REFSERVER_CHECK_OR_REPLY(args.AtMost(1));
  REFSERVER_ARG_OR_REPLY(std::string name, args.RequiredString(0, "namespace"));
  if (name == kDefaultNamespace) {
    return BadRequest(args.Error("the default namespace cannot be deleted"));
  }
  Result<int64_t> deleted = ctx.store.DeleteNamespace(name);
  ctx.auth.Forget(name);
  if (!deleted.ok()) {
    return RpcReply::Fail(FromStoreStatus(deleted.status(), kBackendError));
  }
  json reply = {{"namespace", name},
                {"deletedAt", NowIsoTime()},
                {"messagesDeleted", *deleted}};
  return RpcReply::Ok(reply.dump());
}

RpcReply NsList(const RpcArgs& args, const RpcContext& ctx) {
  REFSERVER_CHECK_OR_REPLY(
      args.AtMost(1));  // EventoDB accepts an options object
  REFSERVER_ARG_OR_REPLY(const json* options,
                         args.OptionalObject(0, "options"));
  (void)options;
  Result<std::vector<NamespaceRecord>> records = ctx.store.ListNamespaces();
  if (!records.ok()) {
    return RpcReply::Fail(FromStoreStatus(records.status(), kBackendError));
  }
  json reply = json::array();
  for (const NamespaceRecord& record : *records) {
    Result<NamespaceStats> stats = ctx.store.GetNamespaceStats(record.name);
    if (!stats.ok()) {
      return RpcReply::Fail(FromStoreStatus(stats.status(), kBackendError));
    }
    reply.push_back({{"namespace", record.name},
                     {"description", record.description},
                     {"createdAt", record.created_at},
                     {"messageCount", stats->message_count}});
  }
  return RpcReply::Ok(reply.dump());
}

// The caller's own namespace, or any namespace for the admin.
RpcReply NsInfo(const RpcArgs& args, const RpcContext& ctx) {
  REFSERVER_CHECK_OR_REPLY(args.AtMost(1));
  REFSERVER_ARG_OR_REPLY(std::optional<std::string> requested,
                         args.OptionalString(0, "namespace"));
  const std::string name = requested.value_or(ctx.ns);
  if (name != ctx.ns && !ctx.is_admin()) {
    return RpcReply::Fail(AuthUnauthorized(
        "ns.info: a namespace token may only read its own namespace"));
  }
  Result<std::optional<NamespaceRecord>> record = ctx.store.FindNamespace(name);
  if (!record.ok()) {
    return RpcReply::Fail(FromStoreStatus(record.status(), kBackendError));
  }
  if (!record->has_value()) {
    return RpcReply::Fail(FromStoreStatus(
        mdbprof::NotFound("namespace '" + name + "' does not exist"),
        kBackendError));
  }
  Result<NamespaceStats> stats = ctx.store.GetNamespaceStats(name);
  if (!stats.ok()) {
    return RpcReply::Fail(FromStoreStatus(stats.status(), kBackendError));
  }
  json reply = {{"namespace", name},
                {"description", (*record)->description},
                {"createdAt", (*record)->created_at},
                {"messageCount", stats->message_count},
                {"streamCount", stats->stream_count},
                {"lastActivity", OrNull(stats->last_activity)}};
  return RpcReply::Ok(reply.dump());
}

}  // namespace

void AddNamespaceMethods(MethodTable* table) {
  table->emplace("ns.create", MethodSpec{&NsCreate, Access::kAdmin});
  table->emplace("ns.delete", MethodSpec{&NsDelete, Access::kAdmin});
  table->emplace("ns.list", MethodSpec{&NsList, Access::kAdmin});
  table->emplace("ns.info", MethodSpec{&NsInfo, Access::kNamespace});
}

}  // namespace refserver
