// stream.write, stream.get, stream.last, stream.version.
#include "server/api/json_text.h"
#include "server/api/rpc_methods.h"
#include "server/api/uuid.h"

namespace refserver {
namespace {

using nlohmann::json;

// An object field that must be present (not null) and an object.
Result<const json*> RequiredObjectField(const RpcArgs& args, const json& object,
                                        std::string_view where,
                                        std::string_view field) {
  Result<const json*> value = args.OptionalObject(&object, where, field);
  if (!value.ok()) return value.status();
  if (*value == nullptr) {
    return args.Error(std::string(where) + "." + std::string(field) +
                      " is required (an object)");
  }
  return value;
}

Result<std::string> ReadMessageId(const RpcArgs& args, const json* options) {
  Result<std::optional<std::string>> id =
      args.OptionalString(options, "options", "id");
  if (!id.ok()) return id.status();
  if (!id->has_value()) return NewUuidV4();
  Result<std::string> normalized = NormalizeUuid(**id);
  if (!normalized.ok())
    return args.Error("options.id: " + normalized.status().message());
  return normalized;
}

RpcReply StreamWrite(const RpcArgs& args, const RpcContext& ctx) {
  REFSERVER_CHECK_OR_REPLY(args.AtMost(3));
  REFSERVER_ARG_OR_REPLY(std::string stream,
                         args.RequiredName(0, "stream name"));
  REFSERVER_ARG_OR_REPLY(const json* message,
                         args.RequiredObject(1, "message"));
  REFSERVER_ARG_OR_REPLY(std::optional<std::string> type,
                         args.OptionalString(message, "message", "type"));
  if (!type.has_value() || type->empty()) {
    return BadRequest(
        args.Error("message.type is required (a non-empty string)"));
  }
  REFSERVER_ARG_OR_REPLY(
      const json* data, RequiredObjectField(args, *message, "message", "data"));
  REFSERVER_ARG_OR_REPLY(const json* metadata,
                         args.OptionalObject(message, "message", "metadata"));
  REFSERVER_ARG_OR_REPLY(const json* options,
                         args.OptionalObject(2, "options"));
  REFSERVER_ARG_OR_REPLY(std::string id, ReadMessageId(args, options));
  REFSERVER_ARG_OR_REPLY(
      std::optional<int64_t> expected,
      args.OptionalInt(options, "options", "expectedVersion"));
  if (expected.has_value() && *expected < -1) {
    return BadRequest(args.Error(
        "options.expectedVersion must be >= -1 (-1 = empty stream), got " +
        std::to_string(*expected)));
  }

  NewMessage m;
  m.id = std::move(id);
  m.stream_name = std::move(stream);
  m.type = std::move(*type);
  m.data = data->dump();
  if (metadata != nullptr) m.metadata = metadata->dump();
  m.expected_version = expected;

  Result<WriteResult> written = ctx.store.WriteMessage(ctx.ns, m);
  if (!written.ok()) {
    return RpcReply::Fail(
        FromStoreStatus(written.status(), kStreamVersionConflict));
  }
  return RpcReply::Ok(
      "{\"position\":" + std::to_string(written->position) +
      ",\"globalPosition\":" + std::to_string(written->global_position) + "}");
}

Result<int64_t> ReadNonNegative(const RpcArgs& args, const json* options,
                                std::string_view field) {
  Result<std::optional<int64_t>> value =
      args.OptionalInt(options, "options", field);
  if (!value.ok()) return value.status();
  if (!value->has_value()) return int64_t{0};
  if (**value < 0) {
    return args.Error("options." + std::string(field) + " must be >= 0, got " +
                      std::to_string(**value));
  }
  return **value;
}

RpcReply StreamGet(const RpcArgs& args, const RpcContext& ctx) {
  REFSERVER_CHECK_OR_REPLY(args.AtMost(2));
  StreamQuery query;
  REFSERVER_ARG_OR_REPLY(query.stream_name,
                         args.RequiredName(0, "stream name"));
  REFSERVER_ARG_OR_REPLY(const json* options,
                         args.OptionalObject(1, "options"));
  REFSERVER_ARG_OR_REPLY(query.position,
                         ReadNonNegative(args, options, "position"));
  REFSERVER_ARG_OR_REPLY(query.global_position,
                         ReadNonNegative(args, options, "globalPosition"));
  REFSERVER_ARG_OR_REPLY(query.batch_size, ReadBatchSize(args, options));

  Result<std::vector<Message>> rows =
      ctx.store.GetStreamMessages(ctx.ns, query);
  if (!rows.ok())
    return RpcReply::Fail(FromStoreStatus(rows.status(), kBackendError));
  std::string body;
  body.reserve(256 * rows->size() + 2);
  AppendStreamRows(&body, *rows);
  return RpcReply::Ok(std::move(body));
}

RpcReply StreamLast(const RpcArgs& args, const RpcContext& ctx) {
  REFSERVER_CHECK_OR_REPLY(args.AtMost(2));
  REFSERVER_ARG_OR_REPLY(std::string stream,
                         args.RequiredName(0, "stream name"));
  REFSERVER_ARG_OR_REPLY(const json* options,
                         args.OptionalObject(1, "options"));
  REFSERVER_ARG_OR_REPLY(std::optional<std::string> type,
                         args.OptionalString(options, "options", "type"));

  Result<std::optional<Message>> last =
      ctx.store.GetLastStreamMessage(ctx.ns, stream, type);
  if (!last.ok())
    return RpcReply::Fail(FromStoreStatus(last.status(), kBackendError));
  if (!last->has_value()) return RpcReply::Ok("null");
  std::string body;
  AppendStreamRow(&body, **last);
  return RpcReply::Ok(std::move(body));
}

RpcReply StreamVersion(const RpcArgs& args, const RpcContext& ctx) {
  REFSERVER_CHECK_OR_REPLY(args.AtMost(1));
  REFSERVER_ARG_OR_REPLY(std::string stream,
                         args.RequiredName(0, "stream name"));
  Result<std::optional<int64_t>> version =
      ctx.store.GetStreamVersion(ctx.ns, stream);
  if (!version.ok()) {
    return RpcReply::Fail(FromStoreStatus(version.status(), kBackendError));
  }
  if (!version->has_value()) return RpcReply::Ok("null");
  return RpcReply::Ok(std::to_string(**version));
}

}  // namespace

Result<int64_t> ReadBatchSize(const RpcArgs& args, const json* options) {
  Result<std::optional<int64_t>> value =
      args.OptionalInt(options, "options", "batchSize");
  if (!value.ok()) return value.status();
  if (!value->has_value()) return kDefaultBatchSize;
  int64_t size = **value;
  if (size == kUnlimitedBatch || (size >= 1 && size <= kMaxBatchSize)) {
    return size;
  }
  return args.Error(
      "options.batchSize must be -1 (no limit) or between 1 and " +
      std::to_string(kMaxBatchSize) + ", got " + std::to_string(size));
}

void AddStreamMethods(MethodTable* table) {
  table->emplace("stream.write", MethodSpec{&StreamWrite, Access::kNamespace});
  table->emplace("stream.get", MethodSpec{&StreamGet, Access::kNamespace});
  table->emplace("stream.last", MethodSpec{&StreamLast, Access::kNamespace});
  table->emplace("stream.version",
                 MethodSpec{&StreamVersion, Access::kNamespace});
}

}  // namespace refserver
