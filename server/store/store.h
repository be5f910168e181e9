// Store: the storage interface of the reference server, one implementation
// per engine: SQLite (sqlite_store.h), PostgreSQL, also for TimescaleDB
// (postgres/pg_store.h), and RocksDB in the role of EventoDB's Pebble
// (pebble/pebble_store.h), opened by OpenStore (store_factory.h). It speaks
// Message DB semantics per namespace; the RPC layer above it only validates
// arguments and shapes JSON.
//
//   Result<std::unique_ptr<Store>> store = OpenStore(config);
//   Result<WriteResult> w = (*store)->WriteMessage("default", message);
//   if (!w.ok() && w.status().code() == StatusCode::kFailedPrecondition) {
//     // expected_version did not match: 409 STREAM_VERSION_CONFLICT
//   }
//
// Error contract (every method; the RPC layer maps codes to HTTP errors):
//   kInvalidArgument    input the backend cannot accept (e.g. a duplicate
//                       message id) -> 400 INVALID_REQUEST
//   kNotFound           the namespace does not exist -> 404
//   kFailedPrecondition WriteMessage: expected_version mismatch (409
//                       STREAM_VERSION_CONFLICT); CreateNamespace: the
//                       namespace exists (409 NAMESPACE_EXISTS)
//   kUnavailable/kInternal/kDeadlineExceeded: backend failure -> 500
// Messages name the namespace/stream and what went wrong.
//
// Threading: every method may be called concurrently from any thread. Writes
// to one namespace are atomic and linearizable (the expected-version check is
// made inside the write's transaction); reads see every write that returned
// before the read started.
#ifndef REFSERVER_STORE_STORE_H_
#define REFSERVER_STORE_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"

namespace refserver {

using mdbprof::Result;
using mdbprof::Status;

// batch_size value meaning "no limit".
inline constexpr int64_t kUnlimitedBatch = -1;

// A message to append. `data` and `metadata` are serialized JSON objects
// produced by the caller; the store keeps them verbatim.
struct NewMessage {
  std::string id;           // UUID text, unique within the namespace
  std::string stream_name;  // "category-id" (or a bare category)
  std::string type;         // non-empty
  std::string data;         // JSON text
  std::optional<std::string> metadata;  // JSON text; nullopt = null
  // Last position the writer saw; -1 = the stream must be empty.
  std::optional<int64_t> expected_version;
};

struct WriteResult {
  int64_t position = 0;         // 0-based position in the stream
  int64_t global_position = 0;  // 1-based, grows across the namespace
};

// A stored message as read back.
struct Message {
  std::string id;
  std::string stream_name;
  std::string type;
  int64_t position = 0;
  int64_t global_position = 0;
  std::string data;                     // JSON text, as written
  std::optional<std::string> metadata;  // JSON text; nullopt = null
  std::string time;                     // ISO-8601 UTC, milliseconds
};

// stream.get: messages of one stream with position >= `position` and
// global_position >= `global_position`, ascending by position.
struct StreamQuery {
  std::string stream_name;
  int64_t position = 0;
  int64_t global_position = 0;
  int64_t batch_size = 1000;  // > 0, or kUnlimitedBatch
};

// Message DB consumer group: a stream belongs to member
// |Hash64(CardinalId(stream))| mod size (see stream_name.h).
struct ConsumerGroup {
  int64_t member = 0;  // 0 <= member < size
  int64_t size = 1;    // >= 1
};

// category.get: messages of every stream in `category` with
// global_position >= `global_position`, ascending by global position.
struct CategoryQuery {
  std::string category;  // contains no '-'
  int64_t global_position = 0;
  int64_t batch_size = 1000;  // > 0, or kUnlimitedBatch
  // Keep only messages whose metadata.correlationStreamName has this
  // category (Message DB's `correlation`).
  std::optional<std::string> correlation;
  std::optional<ConsumerGroup> consumer_group;
};

struct NamespaceRecord {
  std::string name;
  std::string token_hash;  // lowercase hex SHA-256 of the namespace's token
  std::string description;
  std::string created_at;  // ISO-8601 UTC, milliseconds
};

struct NamespaceStats {
  int64_t message_count = 0;
  int64_t stream_count = 0;
  std::optional<std::string> last_activity;  // time of the newest message
};

struct StoreHealth {
  std::string backend;  // "sqlite", "postgres", ...
  int connections = 0;  // open backend connections
};

class Store {
 public:
  virtual ~Store() = default;

  // --- Namespaces -------------------------------------------------------
  // Registers `record` and provisions its storage (a file, a schema, a DB).
  virtual Status CreateNamespace(const NamespaceRecord& record) = 0;
  // Drops the namespace and all its messages; returns how many were deleted.
  virtual Result<int64_t> DeleteNamespace(const std::string& name) = 0;
  // Replaces the namespace's token hash (token rotation, --token at start).
  virtual Status SetTokenHash(const std::string& name,
                              const std::string& token_hash) = 0;
  // nullopt when the namespace does not exist.
  virtual Result<std::optional<NamespaceRecord>> FindNamespace(
      const std::string& name) = 0;
  // All namespaces, ordered by name.
  virtual Result<std::vector<NamespaceRecord>> ListNamespaces() = 0;
  virtual Result<NamespaceStats> GetNamespaceStats(const std::string& name) = 0;

  // --- Messages (kNotFound when `ns` does not exist) ---------------------
  virtual Result<WriteResult> WriteMessage(const std::string& ns,
                                           const NewMessage& message) = 0;
  virtual Result<std::vector<Message>> GetStreamMessages(
      const std::string& ns, const StreamQuery& query) = 0;
  // The stream's last message (optionally the last of `type`); nullopt when
  // there is none.
  virtual Result<std::optional<Message>> GetLastStreamMessage(
      const std::string& ns, const std::string& stream_name,
      const std::optional<std::string>& type) = 0;
  // Position of the stream's last message; nullopt for an empty stream.
  virtual Result<std::optional<int64_t>> GetStreamVersion(
      const std::string& ns, const std::string& stream_name) = 0;
  virtual Result<std::vector<Message>> GetCategoryMessages(
      const std::string& ns, const CategoryQuery& query) = 0;

  // --- Operations -------------------------------------------------------
  // A cheap round trip to the backend.
  virtual Result<StoreHealth> Health() = 0;
};

}  // namespace refserver

#endif  // REFSERVER_STORE_STORE_H_
