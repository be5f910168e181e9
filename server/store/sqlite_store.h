// SqliteStore: the `sqlite://` backend. One SQLite database per namespace
// (`<data_dir>/ns_<name>.db`, WAL) plus a metadata database holding the
// namespace registry (names, token hashes, descriptions).
//
//   SqliteStore::Options options;
//   options.metadata_path = "/data/refserver.db";
//   options.data_dir = "/data";
//   Result<std::unique_ptr<SqliteStore>> store = SqliteStore::Open(options);
//
// With `in_memory` every database is a private in-memory database (test
// mode); nothing touches the file system and data is gone at exit.
//
// Namespace databases are opened on first use and stay open. Deleting a
// namespace while requests on it are in flight lets them finish against the
// unlinked file; their results are discarded with it.
#ifndef REFSERVER_STORE_SQLITE_STORE_H_
#define REFSERVER_STORE_SQLITE_STORE_H_

#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>

#include "server/store/sqlite_connection.h"
#include "server/store/sqlite_namespace_db.h"
#include "server/store/store.h"

namespace refserver {

class SqliteStore : public Store {
 public:
  struct Options {
    std::string metadata_path;  // the namespace registry database file
    std::string data_dir;       // where namespace databases live
    bool in_memory = false;     // ignore the paths; keep everything in memory
    int max_readers_per_namespace = 8;
  };

  static Result<std::unique_ptr<SqliteStore>> Open(const Options& options);

  Status CreateNamespace(const NamespaceRecord& record) override;
  Result<int64_t> DeleteNamespace(const std::string& name) override;
  Status SetTokenHash(const std::string& name,
                      const std::string& token_hash) override;
  Result<std::optional<NamespaceRecord>> FindNamespace(
      const std::string& name) override;
  Result<std::vector<NamespaceRecord>> ListNamespaces() override;
  Result<NamespaceStats> GetNamespaceStats(const std::string& name) override;

  Result<WriteResult> WriteMessage(const std::string& ns,
                                   const NewMessage& message) override;
  Result<std::vector<Message>> GetStreamMessages(
      const std::string& ns, const StreamQuery& query) override;
  Result<std::optional<Message>> GetLastStreamMessage(
      const std::string& ns, const std::string& stream_name,
      const std::optional<std::string>& type) override;
  Result<std::optional<int64_t>> GetStreamVersion(
      const std::string& ns, const std::string& stream_name) override;
  Result<std::vector<Message>> GetCategoryMessages(
      const std::string& ns, const CategoryQuery& query) override;

  Result<StoreHealth> Health() override;

  // The database file of namespace `name` (":memory:" when in memory).
  std::string NamespacePath(const std::string& name) const;

 private:
  SqliteStore(Options options, std::unique_ptr<SqliteConnection> metadata);

  // The open database of namespace `name`; NotFound when it is not
  // registered.
  Result<std::shared_ptr<SqliteNamespaceDb>> Namespace(const std::string& name);
  Result<std::optional<NamespaceRecord>> FindNamespaceLocked(
      const std::string& name);  // REQUIRES: metadata_mu_ held

  const Options options_;

  // Serializes namespace create/delete/open against each other.
  std::mutex lifecycle_mu_;

  std::mutex metadata_mu_;
  std::unique_ptr<SqliteConnection> metadata_;  // guarded by metadata_mu_

  mutable std::shared_mutex dbs_mu_;
  // Open namespace databases, guarded by dbs_mu_.
  std::map<std::string, std::shared_ptr<SqliteNamespaceDb>, std::less<>> dbs_;
};

}  // namespace refserver

#endif  // REFSERVER_STORE_SQLITE_STORE_H_
