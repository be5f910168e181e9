// NamespaceRegistry: the pebble store's namespace records (name, token hash,
// description, created_at) in their own RocksDB database, `DIR/_metadata/`,
// one key `NS:{name}` per namespace.
//
//   Result<std::unique_ptr<NamespaceRegistry>> registry =
//       NamespaceRegistry::Open("/data/_metadata", options);
//   Status s = (*registry)->Insert(record);  // FailedPrecondition if taken
//
// Changes are written with fsync. Threading: all methods are safe to call
// concurrently; read-modify-write changes are serialized by a mutex.
#ifndef REFSERVER_STORE_PEBBLE_NAMESPACE_REGISTRY_H_
#define REFSERVER_STORE_PEBBLE_NAMESPACE_REGISTRY_H_

#include <rocksdb/db.h>

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "server/store/store.h"

namespace refserver::pebble {

class NamespaceRegistry {
 public:
  // Opens or creates the registry database at `path`.
  static mdbprof::Result<std::unique_ptr<NamespaceRegistry>> Open(
      const std::string& path, const rocksdb::Options& options);

  // FailedPrecondition when a record named record.name exists.
  mdbprof::Status Insert(const NamespaceRecord& record);
  // NotFound when there is no record named `name`.
  mdbprof::Status Erase(const std::string& name);
  // NotFound when there is no record named `name`.
  mdbprof::Status SetTokenHash(const std::string& name,
                               const std::string& token_hash);
  mdbprof::Result<std::optional<NamespaceRecord>> Find(const std::string& name);
  // Ordered by name.
  mdbprof::Result<std::vector<NamespaceRecord>> List();
  // A read against the database (health checks).
  mdbprof::Status Ping();

  const std::string& path() const { return path_; }

 private:
  NamespaceRegistry(std::string path, std::unique_ptr<rocksdb::DB> db);

  mdbprof::Status Put(const NamespaceRecord& record);  // REQUIRES: mu_ held

  const std::string path_;
  const std::unique_ptr<rocksdb::DB> db_;
  std::mutex mu_;  // serializes Insert/Erase/SetTokenHash
};

}  // namespace refserver::pebble

#endif  // REFSERVER_STORE_PEBBLE_NAMESPACE_REGISTRY_H_
