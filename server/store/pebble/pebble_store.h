// PebbleStore: the `pebble://DIR` backend, an LSM key-value store in the
// role of EventoDB's Pebble (RocksDB plays the part). One RocksDB database
// per namespace, `DIR/<namespace>/`, keyed as kv_keys.h describes, plus the
// namespace registry in `DIR/_metadata/`.
//
//   PebbleStore::Options options;
//   options.dir = "/data/pebble";
//   Result<std::unique_ptr<PebbleStore>> store = PebbleStore::Open(options);
//   (*store)->CreateNamespace(record);  // creates /data/pebble/<name>/
//
// Namespace databases are opened on first use and stay open; they share one
// memory budget (cache and memtables, see StoreMemory). Deleting a namespace
// waits for its calls in flight, closes and destroys its database and removes
// its directory; later calls on it fail with NotFound. A directory without a
// registry entry (left by a crash mid-delete) is removed when the namespace is
// created again.
//
// Durability: an acknowledged write survives a kill of the process, not a
// machine crash (see rocksdb_options.h). Two processes cannot open one DIR:
// the second fails on RocksDB's LOCK file of `_metadata`.
//
// Disk usage per namespace = the total size of the files under
// `DIR/<namespace>/` (SST files, WAL, MANIFEST, OPTIONS, LOG); see README.md.
#ifndef REFSERVER_STORE_PEBBLE_PEBBLE_STORE_H_
#define REFSERVER_STORE_PEBBLE_PEBBLE_STORE_H_

#include <rocksdb/options.h>

#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>

#include "server/store/pebble/namespace_registry.h"
#include "server/store/pebble/pebble_namespace_db.h"
#include "server/store/store.h"

namespace refserver::pebble {

// Name of the registry's directory inside DIR (not a valid namespace name).
inline constexpr char kMetadataDirName[] = "_metadata";

class PebbleStore : public Store {
 public:
  struct Options {
    std::string dir;  // created (with parents) when missing
  };

  // Unavailable naming the path when DIR cannot be created or its registry
  // cannot be opened (e.g. another process holds it).
  static mdbprof::Result<std::unique_ptr<PebbleStore>> Open(
      const Options& options);

  mdbprof::Status CreateNamespace(const NamespaceRecord& record) override;
  mdbprof::Result<int64_t> DeleteNamespace(const std::string& name) override;
  mdbprof::Status SetTokenHash(const std::string& name,
                               const std::string& token_hash) override;
  mdbprof::Result<std::optional<NamespaceRecord>> FindNamespace(
      const std::string& name) override;
  mdbprof::Result<std::vector<NamespaceRecord>> ListNamespaces() override;
  mdbprof::Result<NamespaceStats> GetNamespaceStats(
      const std::string& name) override;

  mdbprof::Result<WriteResult> WriteMessage(const std::string& ns,
                                            const NewMessage& message) override;
  mdbprof::Result<std::vector<Message>> GetStreamMessages(
      const std::string& ns, const StreamQuery& query) override;
  mdbprof::Result<std::optional<Message>> GetLastStreamMessage(
      const std::string& ns, const std::string& stream_name,
      const std::optional<std::string>& type) override;
  mdbprof::Result<std::optional<int64_t>> GetStreamVersion(
      const std::string& ns, const std::string& stream_name) override;
  mdbprof::Result<std::vector<Message>> GetCategoryMessages(
      const std::string& ns, const CategoryQuery& query) override;

  // backend "pebble"; connections = open databases (registry included).
  mdbprof::Result<StoreHealth> Health() override;

  // The database directory of namespace `name`: DIR/<name>.
  std::string NamespacePath(const std::string& name) const;
  const std::string& dir() const { return options_.dir; }

 private:
  PebbleStore(Options options, rocksdb::Options db_options,
              std::unique_ptr<NamespaceRegistry> registry);

  // The open database of namespace `name`; NotFound when not registered.
  mdbprof::Result<std::shared_ptr<PebbleNamespaceDb>> Namespace(
      const std::string& name);
  // As Namespace(). REQUIRES: lifecycle_mu_ held.
  mdbprof::Result<std::shared_ptr<PebbleNamespaceDb>> NamespaceLocked(
      const std::string& name);
  // Destroys the database at `path` and removes the directory; a missing
  // directory is fine.
  mdbprof::Status RemoveNamespaceFiles(const std::string& path);

  const Options options_;
  const rocksdb::Options db_options_;  // every namespace database's options
  const std::unique_ptr<NamespaceRegistry> registry_;

  // Serializes namespace create/delete/open against each other; acquired
  // before dbs_mu_.
  std::mutex lifecycle_mu_;

  mutable std::shared_mutex dbs_mu_;
  // Open namespace databases, guarded by dbs_mu_.
  std::map<std::string, std::shared_ptr<PebbleNamespaceDb>, std::less<>> dbs_;
};

}  // namespace refserver::pebble

#endif  // REFSERVER_STORE_PEBBLE_PEBBLE_STORE_H_
