// PebbleNamespaceDb: the messages of one namespace in one RocksDB database
// (`DIR/<namespace>/`), keyed as kv_keys.h describes, with Message DB
// semantics.
//
//   Result<std::unique_ptr<PebbleNamespaceDb>> db =
//       PebbleNamespaceDb::Open("default", "/data/default", options);
//   Result<WriteResult> w = (*db)->Write(message);
//
// Writes: one WriteBatch per message (message, stream and category index
// entries, id entry, stream version, GP counter, stream count) under a
// per-database write mutex, so the expected-version check, the id check and
// the position counters are race-free; the batch is applied atomically and
// acknowledged once it is in the write-ahead log (rocksdb_options.h).
// Reads use iterators and point lookups without taking the write mutex and
// see every write that returned before they started.
//
// Threading: all methods are safe to call concurrently. Close() waits for
// calls in flight; calls after it fail with NotFound (the namespace is gone).
#ifndef REFSERVER_STORE_PEBBLE_PEBBLE_NAMESPACE_DB_H_
#define REFSERVER_STORE_PEBBLE_PEBBLE_NAMESPACE_DB_H_

#include <rocksdb/db.h>

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <vector>

#include "base/status.h"
#include "server/store/store.h"

namespace refserver::pebble {

class PebbleNamespaceDb {
 public:
  // Opens (creating if missing) the database of namespace `name` at `path`.
  static mdbprof::Result<std::unique_ptr<PebbleNamespaceDb>> Open(
      std::string name, std::string path, const rocksdb::Options& options);

  ~PebbleNamespaceDb();
  PebbleNamespaceDb(const PebbleNamespaceDb&) = delete;
  PebbleNamespaceDb& operator=(const PebbleNamespaceDb&) = delete;

  mdbprof::Result<WriteResult> Write(const NewMessage& message);
  mdbprof::Result<std::vector<Message>> GetStream(const StreamQuery& query);
  mdbprof::Result<std::optional<Message>> GetLast(
      const std::string& stream_name, const std::optional<std::string>& type);
  mdbprof::Result<std::optional<int64_t>> GetVersion(
      const std::string& stream_name);
  mdbprof::Result<std::vector<Message>> GetCategory(const CategoryQuery& query);
  mdbprof::Result<NamespaceStats> Stats();

  // Waits for calls in flight, closes the database and returns how many
  // messages it held. Later calls (Close included) return NotFound.
  mdbprof::Result<int64_t> Close();

  const std::string& name() const { return name_; }
  const std::string& path() const { return path_; }

 private:
  PebbleNamespaceDb(std::string name, std::string path,
                    std::unique_ptr<rocksdb::DB> db, uint64_t last_gp,
                    uint64_t stream_count);

  // NotFound naming the namespace: the database was closed (deleted).
  mdbprof::Status Closed() const;
  // `what` for the namespace: "<what> in pebble namespace 'x' (path)".
  std::string Context(std::string_view what) const;
  // The messages at `global_positions`, in that order; Internal when one is
  // missing (a dangling index entry). REQUIRES: life_mu_ held (any mode).
  mdbprof::Result<std::vector<Message>> FetchMessages(
      const std::vector<uint64_t>& global_positions);
  // A fixed64 value at `key`; nullopt when absent.
  // REQUIRES: life_mu_ held (any mode).
  mdbprof::Result<std::optional<uint64_t>> GetNumber(
      const rocksdb::ReadOptions& read, const std::string& key);

  const std::string name_;
  const std::string path_;

  // Shared by every call for its duration; exclusive in Close().
  mutable std::shared_mutex life_mu_;
  std::unique_ptr<rocksdb::DB> db_;  // null once closed; guarded by life_mu_

  std::mutex write_mu_;    // acquired after life_mu_
  uint64_t last_gp_;       // guarded by write_mu_: the GP key's value
  uint64_t stream_count_;  // guarded by write_mu_: the SC key's value
};

}  // namespace refserver::pebble

#endif  // REFSERVER_STORE_PEBBLE_PEBBLE_NAMESPACE_DB_H_
