#include "server/store/pebble/pebble_store.h"

#include <rocksdb/db.h>

#include <filesystem>
#include <utility>

#include "server/store/namespace_name.h"
#include "server/store/pebble/rocksdb_options.h"

namespace refserver::pebble {
namespace {

mdbprof::Status NamespaceNotFound(const std::string& name) {
  return mdbprof::NotFound("namespace '" + name + "' does not exist");
}

}  // namespace

PebbleStore::PebbleStore(Options options, rocksdb::Options db_options,
                         std::unique_ptr<NamespaceRegistry> registry)
    : options_(std::move(options)),
      db_options_(std::move(db_options)),
      registry_(std::move(registry)) {}

mdbprof::Result<std::unique_ptr<PebbleStore>> PebbleStore::Open(
    const Options& options) {
  if (options.dir.empty()) {
    return mdbprof::InvalidArgument("pebble store: a directory is required");
  }
  std::error_code error;
  std::filesystem::create_directories(options.dir, error);
  if (error) {
    return mdbprof::Unavailable("cannot create pebble data directory " +
                                options.dir + ": " + error.message());
  }
  rocksdb::Options db_options = DatabaseOptions(NewStoreMemory());
  const std::string registry_path =
      (std::filesystem::path(options.dir) / kMetadataDirName).string();
  mdbprof::Result<std::unique_ptr<NamespaceRegistry>> registry =
      NamespaceRegistry::Open(registry_path, db_options);
  if (!registry.ok()) return registry.status();
  return std::unique_ptr<PebbleStore>(
      new PebbleStore(options, std::move(db_options), std::move(*registry)));
}

std::string PebbleStore::NamespacePath(const std::string& name) const {
  return (std::filesystem::path(options_.dir) / name).string();
}

mdbprof::Status PebbleStore::RemoveNamespaceFiles(const std::string& path) {
  std::error_code error;
  if (!std::filesystem::exists(path, error)) return mdbprof::Status::Ok();
  MDBPROF_RETURN_IF_ERROR(FromRocksDb(rocksdb::DestroyDB(path, db_options_),
                                      "cannot destroy database " + path));
  std::filesystem::remove_all(path, error);
  if (error) {
    return mdbprof::Internal("cannot remove " + path + ": " + error.message());
  }
  return mdbprof::Status::Ok();
}

mdbprof::Result<std::shared_ptr<PebbleNamespaceDb>> PebbleStore::Namespace(
    const std::string& name) {
  {
    std::shared_lock<std::shared_mutex> lock(dbs_mu_);
    auto it = dbs_.find(name);
    if (it != dbs_.end()) return it->second;
  }
  std::lock_guard<std::mutex> lifecycle(lifecycle_mu_);
  return NamespaceLocked(name);
}

mdbprof::Result<std::shared_ptr<PebbleNamespaceDb>>
PebbleStore::NamespaceLocked(const std::string& name) {
  {
    std::shared_lock<std::shared_mutex> lock(dbs_mu_);
    auto it = dbs_.find(name);
    if (it != dbs_.end()) return it->second;
  }
  mdbprof::Result<std::optional<NamespaceRecord>> record =
      registry_->Find(name);
  if (!record.ok()) return record.status();
  if (!record->has_value()) return NamespaceNotFound(name);
  mdbprof::Result<std::unique_ptr<PebbleNamespaceDb>> db =
      PebbleNamespaceDb::Open(name, NamespacePath(name), db_options_);
  if (!db.ok()) return db.status();
  std::shared_ptr<PebbleNamespaceDb> shared = std::move(*db);
  std::unique_lock<std::shared_mutex> lock(dbs_mu_);
  dbs_[name] = shared;
  return shared;
}

mdbprof::Status PebbleStore::CreateNamespace(const NamespaceRecord& record) {
  MDBPROF_RETURN_IF_ERROR(ValidateNamespaceName(record.name));
  std::lock_guard<std::mutex> lifecycle(lifecycle_mu_);
  MDBPROF_RETURN_IF_ERROR(registry_->Insert(record));
  const std::string path = NamespacePath(record.name);
  // A directory without a registry entry is left over from a crash
  // mid-delete; the new namespace starts empty.
  mdbprof::Status removed = RemoveNamespaceFiles(path);
  mdbprof::Result<std::unique_ptr<PebbleNamespaceDb>> db =
      removed.ok()
          ? PebbleNamespaceDb::Open(record.name, path, db_options_)
          : mdbprof::Result<std::unique_ptr<PebbleNamespaceDb>>(removed);
  if (!db.ok()) {
    (void)registry_->Erase(record.name);
    return db.status().WithContext("creating namespace '" + record.name + "'");
  }
  std::unique_lock<std::shared_mutex> lock(dbs_mu_);
  dbs_[record.name] = std::move(*db);
  return mdbprof::Status::Ok();
}

mdbprof::Result<int64_t> PebbleStore::DeleteNamespace(const std::string& name) {
  std::lock_guard<std::mutex> lifecycle(lifecycle_mu_);
  mdbprof::Result<std::shared_ptr<PebbleNamespaceDb>> db =
      NamespaceLocked(name);
  if (!db.ok()) return db.status();
  MDBPROF_RETURN_IF_ERROR(registry_->Erase(name));
  {
    std::unique_lock<std::shared_mutex> lock(dbs_mu_);
    dbs_.erase(name);
  }
  // Waits for calls in flight; calls that still hold `db` get NotFound.
  mdbprof::Result<int64_t> count = (*db)->Close();
  if (!count.ok()) return count.status();
  MDBPROF_RETURN_IF_ERROR(RemoveNamespaceFiles((*db)->path()));
  return *count;
}

mdbprof::Status PebbleStore::SetTokenHash(const std::string& name,
                                          const std::string& token_hash) {
  return registry_->SetTokenHash(name, token_hash);
}

mdbprof::Result<std::optional<NamespaceRecord>> PebbleStore::FindNamespace(
    const std::string& name) {
  return registry_->Find(name);
}

mdbprof::Result<std::vector<NamespaceRecord>> PebbleStore::ListNamespaces() {
  return registry_->List();
}

mdbprof::Result<NamespaceStats> PebbleStore::GetNamespaceStats(
    const std::string& name) {
  mdbprof::Result<std::shared_ptr<PebbleNamespaceDb>> db = Namespace(name);
  if (!db.ok()) return db.status();
  return (*db)->Stats();
}

mdbprof::Result<WriteResult> PebbleStore::WriteMessage(
    const std::string& ns, const NewMessage& message) {
  mdbprof::Result<std::shared_ptr<PebbleNamespaceDb>> db = Namespace(ns);
  if (!db.ok()) return db.status();
  return (*db)->Write(message);
}

mdbprof::Result<std::vector<Message>> PebbleStore::GetStreamMessages(
    const std::string& ns, const StreamQuery& query) {
  mdbprof::Result<std::shared_ptr<PebbleNamespaceDb>> db = Namespace(ns);
  if (!db.ok()) return db.status();
  return (*db)->GetStream(query);
}

mdbprof::Result<std::optional<Message>> PebbleStore::GetLastStreamMessage(
    const std::string& ns, const std::string& stream_name,
    const std::optional<std::string>& type) {
  mdbprof::Result<std::shared_ptr<PebbleNamespaceDb>> db = Namespace(ns);
  if (!db.ok()) return db.status();
  return (*db)->GetLast(stream_name, type);
}

mdbprof::Result<std::optional<int64_t>> PebbleStore::GetStreamVersion(
    const std::string& ns, const std::string& stream_name) {
  mdbprof::Result<std::shared_ptr<PebbleNamespaceDb>> db = Namespace(ns);
  if (!db.ok()) return db.status();
  return (*db)->GetVersion(stream_name);
}

mdbprof::Result<std::vector<Message>> PebbleStore::GetCategoryMessages(
    const std::string& ns, const CategoryQuery& query) {
  mdbprof::Result<std::shared_ptr<PebbleNamespaceDb>> db = Namespace(ns);
  if (!db.ok()) return db.status();
  return (*db)->GetCategory(query);
}

mdbprof::Result<StoreHealth> PebbleStore::Health() {
  MDBPROF_RETURN_IF_ERROR(registry_->Ping());
  StoreHealth health;
  health.backend = "pebble";
  std::shared_lock<std::shared_mutex> lock(dbs_mu_);
  health.connections = 1 + static_cast<int>(dbs_.size());
  return health;
}

}  // namespace refserver::pebble
