#include "server/store/sqlite_namespace_db.h"

#include <string_view>
#include <utility>

#include "server/store/iso_time.h"
#include "server/store/stream_name.h"

namespace refserver {
namespace {

constexpr char kSchema[] = R"sql(
CREATE TABLE IF NOT EXISTS messages (
  global_position INTEGER PRIMARY KEY,
  id TEXT NOT NULL,
  stream_name TEXT NOT NULL,
  category TEXT NOT NULL,
  cardinal_hash INTEGER NOT NULL,
  type TEXT NOT NULL,
  position INTEGER NOT NULL,
  data TEXT NOT NULL,
  metadata TEXT,
  time TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS messages_id ON messages (id);
CREATE UNIQUE INDEX IF NOT EXISTS messages_stream
  ON messages (stream_name, position);
CREATE INDEX IF NOT EXISTS messages_category
  ON messages (category, global_position);
)sql";

// Every read returns these columns in this order (see ReadMessage).
#define REFSERVER_MESSAGE_COLUMNS \
  "id, stream_name, type, position, global_position, data, metadata, time"

constexpr std::string_view kBegin = "BEGIN IMMEDIATE";
constexpr std::string_view kCommit = "COMMIT";
constexpr std::string_view kRollback = "ROLLBACK";

constexpr std::string_view kVersion =
    "SELECT max(position) FROM messages WHERE stream_name = ?1";

constexpr std::string_view kInsert =
    "INSERT INTO messages (id, stream_name, category, cardinal_hash, type, "
    "position, data, metadata, time) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
    "?9)";

constexpr std::string_view kStreamMessages =
    "SELECT " REFSERVER_MESSAGE_COLUMNS
    " FROM messages WHERE stream_name = ?1 AND position >= ?2"
    " AND global_position >= ?3 ORDER BY position LIMIT ?4";

constexpr std::string_view kLastMessage =
    "SELECT " REFSERVER_MESSAGE_COLUMNS
    " FROM messages WHERE stream_name = ?1 AND (?2 IS NULL OR type = ?2)"
    " ORDER BY position DESC LIMIT 1";

// ?3: correlation category or NULL; ?4/?5: consumer group size/member or
// NULL. The correlation category is the part of correlationStreamName
// before its first '-'. abs(h % size) == |h| mod size without overflow.
constexpr std::string_view kCategoryMessages =
    "SELECT " REFSERVER_MESSAGE_COLUMNS
    " FROM messages WHERE category = ?1 AND global_position >= ?2"
    " AND (?3 IS NULL OR substr(json_extract(metadata,"
    " '$.correlationStreamName'), 1, instr(json_extract(metadata,"
    " '$.correlationStreamName') || '-', '-') - 1) = ?3)"
    " AND (?4 IS NULL OR abs(cardinal_hash % ?4) = ?5)"
    " ORDER BY global_position LIMIT ?6";

constexpr std::string_view kStats =
    "SELECT count(*), count(DISTINCT stream_name), max(time) FROM messages";

#undef REFSERVER_MESSAGE_COLUMNS

Message ReadMessage(const SqliteStatement& stmt) {
  Message m;
  m.id = stmt.ColumnText(0);
  m.stream_name = stmt.ColumnText(1);
  m.type = stmt.ColumnText(2);
  m.position = stmt.ColumnInt(3);
  m.global_position = stmt.ColumnInt(4);
  m.data = stmt.ColumnText(5);
  m.metadata = stmt.ColumnOptionalText(6);
  m.time = stmt.ColumnText(7);
  return m;
}

Result<std::vector<Message>> ReadAll(SqliteStatement& stmt) {
  std::vector<Message> messages;
  while (true) {
    Result<bool> row = stmt.Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    messages.push_back(ReadMessage(stmt));
  }
  return messages;
}

// -1 for an empty stream.
Result<int64_t> CurrentVersion(SqliteConnection& db,
                               const std::string& stream_name) {
  Result<SqliteStatement*> stmt = db.Prepare(kVersion);
  if (!stmt.ok()) return stmt.status();
  StatementScope scope(**stmt);
  (*stmt)->BindText(1, stream_name);
  Result<bool> row = (*stmt)->Step();
  if (!row.ok()) return row.status();
  if (!*row || (*stmt)->ColumnIsNull(0)) return int64_t{-1};
  return (*stmt)->ColumnInt(0);
}

Status RunCached(SqliteConnection& db, std::string_view sql) {
  Result<SqliteStatement*> stmt = db.Prepare(sql);
  if (!stmt.ok()) return stmt.status();
  StatementScope scope(**stmt);
  return (*stmt)->Run();
}

// Rolls back an open transaction unless Commit() succeeded.
class WriteTransaction {
 public:
  explicit WriteTransaction(SqliteConnection& db) : db_(db) {}
  ~WriteTransaction() {
    if (open_) (void)RunCached(db_, kRollback);
  }
  Status Begin() {
    MDBPROF_RETURN_IF_ERROR(RunCached(db_, kBegin));
    open_ = true;
    return Status::Ok();
  }
  Status Commit() {
    MDBPROF_RETURN_IF_ERROR(RunCached(db_, kCommit));
    open_ = false;
    return Status::Ok();
  }

 private:
  SqliteConnection& db_;
  bool open_ = false;
};

}  // namespace

SqliteNamespaceDb::SqliteNamespaceDb(std::string path,
                                     std::unique_ptr<SqliteConnection> writer,
                                     int max_readers)
    : path_(std::move(path)),
      in_memory_(path_ == ":memory:"),
      writer_(std::move(writer)) {
  if (!in_memory_) {
    readers_ = std::make_unique<SqliteReaderPool>(path_, max_readers);
  }
}

Result<std::unique_ptr<SqliteNamespaceDb>> SqliteNamespaceDb::Open(
    const std::string& path, int max_readers) {
  Result<std::unique_ptr<SqliteConnection>> writer =
      SqliteConnection::Open(path);
  if (!writer.ok()) return writer.status();
  if (path != ":memory:") {
    MDBPROF_RETURN_IF_ERROR((*writer)->Exec("PRAGMA journal_mode=WAL"));
  }
  MDBPROF_RETURN_IF_ERROR((*writer)->Exec(kSchema));
  return std::unique_ptr<SqliteNamespaceDb>(
      new SqliteNamespaceDb(path, std::move(*writer), max_readers));
}

template <typename T, typename F>
Result<T> SqliteNamespaceDb::WithReader(F&& read) {
  if (in_memory_) {
    std::lock_guard<std::mutex> lock(write_mu_);
    return read(*writer_);
  }
  Result<SqliteReaderPool::Lease> lease = readers_->Acquire();
  if (!lease.ok()) return lease.status();
  return read(**lease);
}

Result<WriteResult> SqliteNamespaceDb::Write(const NewMessage& message) {
  // Computed outside the lock: MD5 and the clock need no serialization.
  const int64_t cardinal_hash = Hash64(CardinalId(message.stream_name));
  const std::string_view category = Category(message.stream_name);

  std::lock_guard<std::mutex> lock(write_mu_);
  SqliteConnection& db = *writer_;
  WriteTransaction txn(db);
  MDBPROF_RETURN_IF_ERROR(txn.Begin());

  Result<int64_t> version = CurrentVersion(db, message.stream_name);
  if (!version.ok()) return version.status();
  if (message.expected_version.has_value() &&
      *message.expected_version != *version) {
    return mdbprof::FailedPrecondition(
        "stream '" + message.stream_name + "': expected version " +
        std::to_string(*message.expected_version) + ", stream is at version " +
        std::to_string(*version));
  }

  WriteResult result;
  result.position = *version + 1;
  {
    Result<SqliteStatement*> insert = db.Prepare(kInsert);
    if (!insert.ok()) return insert.status();
    SqliteStatement& stmt = **insert;
    StatementScope scope(stmt);
    stmt.BindText(1, message.id);
    stmt.BindText(2, message.stream_name);
    stmt.BindText(3, category);
    stmt.BindInt(4, cardinal_hash);
    stmt.BindText(5, message.type);
    stmt.BindInt(6, result.position);
    stmt.BindText(7, message.data);
    stmt.BindOptionalText(8, message.metadata);
    stmt.BindText(9, NowIsoTime());
    Status inserted = stmt.Run();
    if (!inserted.ok()) {
      if (stmt.error_code() == SQLITE_CONSTRAINT_UNIQUE ||
          stmt.error_code() == SQLITE_CONSTRAINT_PRIMARYKEY) {
        return mdbprof::InvalidArgument("message id '" + message.id +
                                        "' already exists in the namespace");
      }
      return inserted;
    }
  }
  result.global_position = db.LastInsertRowid();
  MDBPROF_RETURN_IF_ERROR(txn.Commit());
  return result;
}

Result<std::vector<Message>> SqliteNamespaceDb::GetStream(
    const StreamQuery& query) {
  return WithReader<std::vector<Message>>(
      [&](SqliteConnection& db) -> Result<std::vector<Message>> {
        Result<SqliteStatement*> stmt = db.Prepare(kStreamMessages);
        if (!stmt.ok()) return stmt.status();
        StatementScope scope(**stmt);
        (*stmt)->BindText(1, query.stream_name);
        (*stmt)->BindInt(2, query.position);
        (*stmt)->BindInt(3, query.global_position);
        (*stmt)->BindInt(4, query.batch_size);
        return ReadAll(**stmt);
      });
}

Result<std::optional<Message>> SqliteNamespaceDb::GetLast(
    const std::string& stream_name, const std::optional<std::string>& type) {
  return WithReader<std::optional<Message>>(
      [&](SqliteConnection& db) -> Result<std::optional<Message>> {
        Result<SqliteStatement*> stmt = db.Prepare(kLastMessage);
        if (!stmt.ok()) return stmt.status();
        StatementScope scope(**stmt);
        (*stmt)->BindText(1, stream_name);
        (*stmt)->BindOptionalText(2, type);
        Result<bool> row = (*stmt)->Step();
        if (!row.ok()) return row.status();
        if (!*row) return std::optional<Message>();
        return std::optional<Message>(ReadMessage(**stmt));
      });
}

Result<std::optional<int64_t>> SqliteNamespaceDb::GetVersion(
    const std::string& stream_name) {
  return WithReader<std::optional<int64_t>>(
      [&](SqliteConnection& db) -> Result<std::optional<int64_t>> {
        Result<int64_t> version = CurrentVersion(db, stream_name);
        if (!version.ok()) return version.status();
        if (*version < 0) return std::optional<int64_t>();
        return std::optional<int64_t>(*version);
      });
}

Result<std::vector<Message>> SqliteNamespaceDb::GetCategory(
    const CategoryQuery& query) {
  return WithReader<std::vector<Message>>(
      [&](SqliteConnection& db) -> Result<std::vector<Message>> {
        Result<SqliteStatement*> stmt = db.Prepare(kCategoryMessages);
        if (!stmt.ok()) return stmt.status();
        StatementScope scope(**stmt);
        (*stmt)->BindText(1, query.category);
        (*stmt)->BindInt(2, query.global_position);
        (*stmt)->BindOptionalText(3, query.correlation);
        if (query.consumer_group.has_value()) {
          (*stmt)->BindInt(4, query.consumer_group->size);
          (*stmt)->BindInt(5, query.consumer_group->member);
        }
        (*stmt)->BindInt(6, query.batch_size);
        return ReadAll(**stmt);
      });
}

Result<NamespaceStats> SqliteNamespaceDb::Stats() {
  return WithReader<NamespaceStats>(
      [&](SqliteConnection& db) -> Result<NamespaceStats> {
        Result<SqliteStatement*> stmt = db.Prepare(kStats);
        if (!stmt.ok()) return stmt.status();
        StatementScope scope(**stmt);
        Result<bool> row = (*stmt)->Step();
        if (!row.ok()) return row.status();
        NamespaceStats stats;
        if (*row) {
          stats.message_count = (*stmt)->ColumnInt(0);
          stats.stream_count = (*stmt)->ColumnInt(1);
          stats.last_activity = (*stmt)->ColumnOptionalText(2);
        }
        return stats;
      });
}

int SqliteNamespaceDb::connection_count() const {
  return 1 + (readers_ != nullptr ? readers_->open_connections() : 0);
}

}  // namespace refserver
