#include "server/store/sqlite_store.h"

#include <filesystem>
#include <string_view>
#include <utility>

#include "server/store/namespace_name.h"

namespace refserver {
namespace {

constexpr char kMetadataSchema[] = R"sql(
CREATE TABLE IF NOT EXISTS namespaces (
  name TEXT PRIMARY KEY,
  token_hash TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL
);
)sql";

constexpr std::string_view kInsertNamespace =
    "INSERT INTO namespaces (name, token_hash, description, created_at) "
    "VALUES (?1, ?2, ?3, ?4)";
constexpr std::string_view kDeleteNamespace =
    "DELETE FROM namespaces WHERE name = ?1";
constexpr std::string_view kUpdateTokenHash =
    "UPDATE namespaces SET token_hash = ?2 WHERE name = ?1";
constexpr std::string_view kFindNamespace =
    "SELECT name, token_hash, description, created_at FROM namespaces "
    "WHERE name = ?1";
constexpr std::string_view kListNamespaces =
    "SELECT name, token_hash, description, created_at FROM namespaces "
    "ORDER BY name";

NamespaceRecord ReadRecord(const SqliteStatement& stmt) {
  NamespaceRecord r;
  r.name = stmt.ColumnText(0);
  r.token_hash = stmt.ColumnText(1);
  r.description = stmt.ColumnText(2);
  r.created_at = stmt.ColumnText(3);
  return r;
}

// Removes a namespace database and its WAL side files; missing files are
// fine.
Status RemoveDatabaseFiles(const std::string& path) {
  for (const char* suffix : {"", "-wal", "-shm"}) {
    std::error_code error;
    std::filesystem::remove(path + suffix, error);
    if (error) {
      return mdbprof::Internal("cannot remove " + path + suffix + ": " +
                               error.message());
    }
  }
  return Status::Ok();
}

Status NamespaceNotFound(const std::string& name) {
  return mdbprof::NotFound("namespace '" + name + "' does not exist");
}

}  // namespace

SqliteStore::SqliteStore(Options options,
                         std::unique_ptr<SqliteConnection> metadata)
    : options_(std::move(options)), metadata_(std::move(metadata)) {}

Result<std::unique_ptr<SqliteStore>> SqliteStore::Open(const Options& options) {
  if (options.max_readers_per_namespace < 1) {
    return mdbprof::InvalidArgument(
        "sqlite store: max_readers_per_namespace must be >= 1");
  }
  std::string metadata_path = ":memory:";
  if (!options.in_memory) {
    if (options.metadata_path.empty() || options.data_dir.empty()) {
      return mdbprof::InvalidArgument(
          "sqlite store: a metadata file and a data directory are required");
    }
    std::error_code error;
    std::filesystem::create_directories(options.data_dir, error);
    if (error) {
      return mdbprof::Unavailable("cannot create data directory " +
                                  options.data_dir + ": " + error.message());
    }
    metadata_path = options.metadata_path;
  }
  Result<std::unique_ptr<SqliteConnection>> metadata =
      SqliteConnection::Open(metadata_path);
  if (!metadata.ok()) return metadata.status();
  if (!options.in_memory) {
    MDBPROF_RETURN_IF_ERROR((*metadata)->Exec("PRAGMA journal_mode=WAL"));
  }
  MDBPROF_RETURN_IF_ERROR((*metadata)->Exec(kMetadataSchema));
  return std::unique_ptr<SqliteStore>(
      new SqliteStore(options, std::move(*metadata)));
}

std::string SqliteStore::NamespacePath(const std::string& name) const {
  if (options_.in_memory) return ":memory:";
  return (std::filesystem::path(options_.data_dir) / ("ns_" + name + ".db"))
      .string();
}

Result<std::optional<NamespaceRecord>> SqliteStore::FindNamespaceLocked(
    const std::string& name) {
  Result<SqliteStatement*> stmt = metadata_->Prepare(kFindNamespace);
  if (!stmt.ok()) return stmt.status();
  StatementScope scope(**stmt);
  (*stmt)->BindText(1, name);
  Result<bool> row = (*stmt)->Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<NamespaceRecord>();
  return std::optional<NamespaceRecord>(ReadRecord(**stmt));
}

Result<std::optional<NamespaceRecord>> SqliteStore::FindNamespace(
    const std::string& name) {
  std::lock_guard<std::mutex> lock(metadata_mu_);
  return FindNamespaceLocked(name);
}

Result<std::shared_ptr<SqliteNamespaceDb>> SqliteStore::Namespace(
    const std::string& name) {
  {
    std::shared_lock<std::shared_mutex> lock(dbs_mu_);
    auto it = dbs_.find(name);
    if (it != dbs_.end()) return it->second;
  }
  std::lock_guard<std::mutex> lifecycle(lifecycle_mu_);
  {
    std::shared_lock<std::shared_mutex> lock(dbs_mu_);
    auto it = dbs_.find(name);
    if (it != dbs_.end()) return it->second;
  }
  Result<std::optional<NamespaceRecord>> record = FindNamespace(name);
  if (!record.ok()) return record.status();
  if (!record->has_value()) return NamespaceNotFound(name);
  Result<std::unique_ptr<SqliteNamespaceDb>> db = SqliteNamespaceDb::Open(
      NamespacePath(name), options_.max_readers_per_namespace);
  if (!db.ok()) return db.status();
  std::shared_ptr<SqliteNamespaceDb> shared = std::move(*db);
  std::unique_lock<std::shared_mutex> lock(dbs_mu_);
  dbs_[name] = shared;
  return shared;
}

Status SqliteStore::CreateNamespace(const NamespaceRecord& record) {
  MDBPROF_RETURN_IF_ERROR(ValidateNamespaceName(record.name));
  std::lock_guard<std::mutex> lifecycle(lifecycle_mu_);
  {
    std::lock_guard<std::mutex> lock(metadata_mu_);
    Result<std::optional<NamespaceRecord>> existing =
        FindNamespaceLocked(record.name);
    if (!existing.ok()) return existing.status();
    if (existing->has_value()) {
      return mdbprof::FailedPrecondition("namespace '" + record.name +
                                         "' already exists");
    }
    Result<SqliteStatement*> stmt = metadata_->Prepare(kInsertNamespace);
    if (!stmt.ok()) return stmt.status();
    StatementScope scope(**stmt);
    (*stmt)->BindText(1, record.name);
    (*stmt)->BindText(2, record.token_hash);
    (*stmt)->BindText(3, record.description);
    (*stmt)->BindText(4, record.created_at);
    MDBPROF_RETURN_IF_ERROR((*stmt)->Run());
  }
  const std::string path = NamespacePath(record.name);
  Status provisioned = Status::Ok();
  if (!options_.in_memory) {
    // A file without a registry entry is left over from a crash mid-delete.
    provisioned = RemoveDatabaseFiles(path);
  }
  Result<std::unique_ptr<SqliteNamespaceDb>> db =
      provisioned.ok()
          ? SqliteNamespaceDb::Open(path, options_.max_readers_per_namespace)
          : Result<std::unique_ptr<SqliteNamespaceDb>>(provisioned);
  if (!db.ok()) {
    std::lock_guard<std::mutex> lock(metadata_mu_);
    Result<SqliteStatement*> stmt = metadata_->Prepare(kDeleteNamespace);
    if (stmt.ok()) {
      StatementScope scope(**stmt);
      (*stmt)->BindText(1, record.name);
      (void)(*stmt)->Run();
    }
    return db.status().WithContext("creating namespace '" + record.name + "'");
  }
  std::unique_lock<std::shared_mutex> lock(dbs_mu_);
  dbs_[record.name] = std::move(*db);
  return Status::Ok();
}

Result<int64_t> SqliteStore::DeleteNamespace(const std::string& name) {
  Result<std::shared_ptr<SqliteNamespaceDb>> db = Namespace(name);
  if (!db.ok()) return db.status();
  Result<NamespaceStats> stats = (*db)->Stats();
  if (!stats.ok()) return stats.status();

  std::lock_guard<std::mutex> lifecycle(lifecycle_mu_);
  {
    std::lock_guard<std::mutex> lock(metadata_mu_);
    Result<SqliteStatement*> stmt = metadata_->Prepare(kDeleteNamespace);
    if (!stmt.ok()) return stmt.status();
    StatementScope scope(**stmt);
    (*stmt)->BindText(1, name);
    MDBPROF_RETURN_IF_ERROR((*stmt)->Run());
    if (sqlite3_changes(metadata_->raw()) == 0) return NamespaceNotFound(name);
  }
  {
    std::unique_lock<std::shared_mutex> lock(dbs_mu_);
    dbs_.erase(name);
  }
  if (!options_.in_memory) {
    MDBPROF_RETURN_IF_ERROR(RemoveDatabaseFiles(NamespacePath(name)));
  }
  return stats->message_count;
}

Status SqliteStore::SetTokenHash(const std::string& name,
                                 const std::string& token_hash) {
  std::lock_guard<std::mutex> lock(metadata_mu_);
  Result<SqliteStatement*> stmt = metadata_->Prepare(kUpdateTokenHash);
  if (!stmt.ok()) return stmt.status();
  StatementScope scope(**stmt);
  (*stmt)->BindText(1, name);
  (*stmt)->BindText(2, token_hash);
  MDBPROF_RETURN_IF_ERROR((*stmt)->Run());
  if (sqlite3_changes(metadata_->raw()) == 0) return NamespaceNotFound(name);
  return Status::Ok();
}

Result<std::vector<NamespaceRecord>> SqliteStore::ListNamespaces() {
  std::lock_guard<std::mutex> lock(metadata_mu_);
  Result<SqliteStatement*> stmt = metadata_->Prepare(kListNamespaces);
  if (!stmt.ok()) return stmt.status();
  StatementScope scope(**stmt);
  std::vector<NamespaceRecord> records;
  while (true) {
    Result<bool> row = (*stmt)->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    records.push_back(ReadRecord(**stmt));
  }
  return records;
}

Result<NamespaceStats> SqliteStore::GetNamespaceStats(const std::string& name) {
  Result<std::shared_ptr<SqliteNamespaceDb>> db = Namespace(name);
  if (!db.ok()) return db.status();
  return (*db)->Stats();
}

Result<WriteResult> SqliteStore::WriteMessage(const std::string& ns,
                                              const NewMessage& message) {
  Result<std::shared_ptr<SqliteNamespaceDb>> db = Namespace(ns);
  if (!db.ok()) return db.status();
  return (*db)->Write(message);
}

Result<std::vector<Message>> SqliteStore::GetStreamMessages(
    const std::string& ns, const StreamQuery& query) {
  Result<std::shared_ptr<SqliteNamespaceDb>> db = Namespace(ns);
  if (!db.ok()) return db.status();
  return (*db)->GetStream(query);
}

Result<std::optional<Message>> SqliteStore::GetLastStreamMessage(
    const std::string& ns, const std::string& stream_name,
    const std::optional<std::string>& type) {
  Result<std::shared_ptr<SqliteNamespaceDb>> db = Namespace(ns);
  if (!db.ok()) return db.status();
  return (*db)->GetLast(stream_name, type);
}

Result<std::optional<int64_t>> SqliteStore::GetStreamVersion(
    const std::string& ns, const std::string& stream_name) {
  Result<std::shared_ptr<SqliteNamespaceDb>> db = Namespace(ns);
  if (!db.ok()) return db.status();
  return (*db)->GetVersion(stream_name);
}

Result<std::vector<Message>> SqliteStore::GetCategoryMessages(
    const std::string& ns, const CategoryQuery& query) {
  Result<std::shared_ptr<SqliteNamespaceDb>> db = Namespace(ns);
  if (!db.ok()) return db.status();
  return (*db)->GetCategory(query);
}

Result<StoreHealth> SqliteStore::Health() {
  StoreHealth health;
  health.backend = "sqlite";
  {
    std::lock_guard<std::mutex> lock(metadata_mu_);
    MDBPROF_RETURN_IF_ERROR(metadata_->Exec("SELECT 1"));
  }
  health.connections = 1;
  std::shared_lock<std::shared_mutex> lock(dbs_mu_);
  for (const auto& [name, db] : dbs_)
    health.connections += db->connection_count();
  return health;
}

}  // namespace refserver
