#include "server/store/sqlite_connection.h"

#include <utility>

namespace refserver {
namespace {

constexpr int kBusyTimeoutMs = 10000;

}  // namespace

Status SqliteError(sqlite3* db, int code, std::string_view what) {
  std::string message = "sqlite " + std::string(what) + ": ";
  message += db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(code);
  message += " (code " + std::to_string(code) + ")";
  int primary = code & 0xff;
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
    return mdbprof::Unavailable(std::move(message));
  }
  return mdbprof::Internal(std::move(message));
}

// --- SqliteStatement -------------------------------------------------------

SqliteStatement::SqliteStatement(sqlite3* db, sqlite3_stmt* stmt,
                                 std::string what)
    : db_(db), stmt_(stmt), what_(std::move(what)) {}

SqliteStatement::~SqliteStatement() { sqlite3_finalize(stmt_); }

void SqliteStatement::BindInt(int index, int64_t value) {
  sqlite3_bind_int64(stmt_, index, value);
}

void SqliteStatement::BindText(int index, std::string_view value) {
  sqlite3_bind_text64(stmt_, index, value.data(), value.size(),
                      SQLITE_TRANSIENT, SQLITE_UTF8);
}

void SqliteStatement::BindNull(int index) { sqlite3_bind_null(stmt_, index); }

void SqliteStatement::BindOptionalText(
    int index, const std::optional<std::string>& value) {
  if (value.has_value()) {
    BindText(index, *value);
  } else {
    BindNull(index);
  }
}

Result<bool> SqliteStatement::Step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  error_code_ = sqlite3_extended_errcode(db_);
  return SqliteError(db_, error_code_, what_);
}

Status SqliteStatement::Run() {
  Result<bool> row = Step();
  if (!row.ok()) return row.status();
  return Status::Ok();
}

bool SqliteStatement::ColumnIsNull(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

int64_t SqliteStatement::ColumnInt(int column) const {
  return sqlite3_column_int64(stmt_, column);
}

std::string SqliteStatement::ColumnText(int column) const {
  const unsigned char* text = sqlite3_column_text(stmt_, column);
  int size = sqlite3_column_bytes(stmt_, column);
  if (text == nullptr) return std::string();
  return std::string(reinterpret_cast<const char*>(text),
                     static_cast<size_t>(size));
}

std::optional<std::string> SqliteStatement::ColumnOptionalText(
    int column) const {
  if (ColumnIsNull(column)) return std::nullopt;
  return ColumnText(column);
}

void SqliteStatement::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  error_code_ = SQLITE_OK;
}

// --- SqliteConnection ------------------------------------------------------

SqliteConnection::SqliteConnection(sqlite3* db, std::string path)
    : db_(db), path_(std::move(path)) {}

SqliteConnection::~SqliteConnection() {
  statements_.clear();  // finalize before closing
  sqlite3_close_v2(db_);
}

Result<std::unique_ptr<SqliteConnection>> SqliteConnection::Open(
    const std::string& path) {
  sqlite3* db = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    Status status = SqliteError(db, rc, "open " + path);
    sqlite3_close_v2(db);
    return status;
  }
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, kBusyTimeoutMs);
  std::unique_ptr<SqliteConnection> connection(new SqliteConnection(db, path));
  MDBPROF_RETURN_IF_ERROR(
      connection->Exec("PRAGMA synchronous=NORMAL; PRAGMA temp_store=MEMORY;"));
  return connection;
}

Status SqliteConnection::Exec(const std::string& sql) {
  char* error = nullptr;
  int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error);
  if (rc == SQLITE_OK) return Status::Ok();
  std::string message = "sqlite " + path_ + ": " +
                        (error != nullptr ? error : sqlite3_errstr(rc)) +
                        " (code " + std::to_string(rc) + ") in: " + sql;
  sqlite3_free(error);
  int primary = rc & 0xff;
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
    return mdbprof::Unavailable(std::move(message));
  }
  return mdbprof::Internal(std::move(message));
}

Result<SqliteStatement*> SqliteConnection::Prepare(std::string_view sql) {
  auto it = statements_.find(sql);
  if (it != statements_.end()) return it->second.get();
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                              SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) {
    return SqliteError(db_, rc, "prepare on " + path_);
  }
  auto owned = std::make_unique<SqliteStatement>(db_, stmt, path_);
  SqliteStatement* raw = owned.get();
  statements_.emplace(std::string(sql), std::move(owned));
  return raw;
}

int64_t SqliteConnection::LastInsertRowid() const {
  return sqlite3_last_insert_rowid(db_);
}

}  // namespace refserver
