// category.get.
#include "server/api/json_text.h"
#include "server/api/rpc_methods.h"
#include "server/store/stream_name.h"

namespace refserver {
namespace {

using nlohmann::json;

// position and globalPosition are synonyms here (both global positions).
Result<int64_t> ReadStartPosition(const RpcArgs& args, const json* options) {
  Result<std::optional<int64_t>> position =
      args.OptionalInt(options, "options", "position");
  if (!position.ok()) return position.status();
  Result<std::optional<int64_t>> global =
      args.OptionalInt(options, "options", "globalPosition");
  if (!global.ok()) return global.status();
  if (position->has_value() && global->has_value() && **position != **global) {
    return args.Error(
        "give options.position or options.globalPosition, not both");
  }
  int64_t start = position->has_value() ? **position : global->value_or(0);
  if (start < 0) {
    return args.Error("options.position must be >= 0, got " +
                      std::to_string(start));
  }
  return start;
}

Result<std::optional<ConsumerGroup>> ReadConsumerGroup(const RpcArgs& args,
                                                       const json* options) {
  Result<const json*> group =
      args.OptionalObject(options, "options", "consumerGroup");
  if (!group.ok()) return group.status();
  if (*group == nullptr) return std::optional<ConsumerGroup>();
  Result<std::optional<int64_t>> member =
      args.OptionalInt(*group, "options.consumerGroup", "member");
  if (!member.ok()) return member.status();
  Result<std::optional<int64_t>> size =
      args.OptionalInt(*group, "options.consumerGroup", "size");
  if (!size.ok()) return size.status();
  if (!member->has_value() || !size->has_value()) {
    return args.Error("options.consumerGroup needs both member and size");
  }
  if (**size < 1) {
    return args.Error("options.consumerGroup.size must be >= 1, got " +
                      std::to_string(**size));
  }
  if (**member < 0 || **member >= **size) {
    return args.Error("options.consumerGroup.member must be in [0, " +
                      std::to_string(**size - 1) + "], got " +
                      std::to_string(**member));
  }
  return std::optional<ConsumerGroup>(ConsumerGroup{**member, **size});
}

RpcReply CategoryGet(const RpcArgs& args, const RpcContext& ctx) {
  REFSERVER_CHECK_OR_REPLY(args.AtMost(2));
  CategoryQuery query;
  REFSERVER_ARG_OR_REPLY(query.category, args.RequiredName(0, "category"));
  if (!IsCategory(query.category)) {
    return BadRequest(args.Error("'" + query.category +
                                 "' is a stream name; a category has no '-'"));
  }
  REFSERVER_ARG_OR_REPLY(const json* options,
                         args.OptionalObject(1, "options"));
  REFSERVER_ARG_OR_REPLY(query.global_position,
                         ReadStartPosition(args, options));
  REFSERVER_ARG_OR_REPLY(query.batch_size, ReadBatchSize(args, options));
  REFSERVER_ARG_OR_REPLY(
      query.correlation,
      args.OptionalString(options, "options", "correlation"));
  if (query.correlation.has_value() &&
      (query.correlation->empty() || !IsCategory(*query.correlation))) {
    return BadRequest(args.Error(
        "options.correlation must be a category (non-empty, no '-'), got '" +
        *query.correlation + "'"));
  }
  REFSERVER_ARG_OR_REPLY(query.consumer_group,
                         ReadConsumerGroup(args, options));

  Result<std::vector<Message>> rows =
      ctx.store.GetCategoryMessages(ctx.ns, query);
  if (!rows.ok())
    return RpcReply::Fail(FromStoreStatus(rows.status(), kBackendError));
  std::string body;
  body.reserve(256 * rows->size() + 2);
  AppendCategoryRows(&body, *rows);
  return RpcReply::Ok(std::move(body));
}

}  // namespace

void AddCategoryMethods(MethodTable* table) {
  table->emplace("category.get", MethodSpec{&CategoryGet, Access::kNamespace});
}

}  // namespace refserver
