// The RPC methods of the reference server, registered by family.
//
//   MethodTable table;
//   AddStreamMethods(&table);  // stream.write/get/last/version
//
// Request/response shapes follow EventoDB's API (v0.7.0), which the
// conformance suite (tests/conformance/) checks against every server kind:
//   stream.write   [stream, {type, data, metadata?}, {id?, expectedVersion?}]
//                  -> {"position":p,"globalPosition":g}
//   stream.get     [stream, {position?, globalPosition?, batchSize?}]
//                  -> [[id, type, position, globalPosition, data,
//                       metadata, time]]
//   stream.last    [stream, {type?}] -> row or null
//   stream.version [stream] -> number or null
//   category.get   [category, {position?|globalPosition?, batchSize?,
//                   correlation?, consumerGroup?: {member, size}}]
//                  -> [[id, streamName, type, position, globalPosition, data,
//                       metadata, time]]
//   ns.create      [ns, {token?, description?}]
//                  -> {namespace, token, createdAt}
//   ns.delete      [ns] -> {namespace, deletedAt, messagesDeleted}
//   ns.list        [] -> [{namespace, description, createdAt, messageCount}]
//   ns.info        [ns?] -> {namespace, description, createdAt, messageCount,
//                            streamCount, lastActivity}
//   sys.version    [] -> "x.y.z"
//   sys.health     [] -> {"status":"ok","backend":..., "connections":n}
#ifndef REFSERVER_API_RPC_METHODS_H_
#define REFSERVER_API_RPC_METHODS_H_

#include "server/api/rpc_method.h"

namespace refserver {

// batchSize bounds shared by stream.get and category.get.
inline constexpr int64_t kDefaultBatchSize = 1000;
inline constexpr int64_t kMaxBatchSize = 10000;

void AddStreamMethods(MethodTable* table);
void AddCategoryMethods(MethodTable* table);
void AddNamespaceMethods(MethodTable* table);
void AddSystemMethods(MethodTable* table);

// Validates options.batchSize: absent -> kDefaultBatchSize; -1 = no limit;
// otherwise 1..kMaxBatchSize.
Result<int64_t> ReadBatchSize(const RpcArgs& args, const nlohmann::json* opts);

}  // namespace refserver

#endif  // REFSERVER_API_RPC_METHODS_H_
