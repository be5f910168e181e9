// SqliteConnection: one sqlite3 handle with a cache of prepared statements,
// errors as Status values. The building block of SqliteStore.
//
//   Result<std::unique_ptr<SqliteConnection>> db =
//       SqliteConnection::Open("/data/ns_default.db");
//   Result<SqliteStatement*> stmt =
//       (*db)->Prepare("SELECT max(position) FROM messages WHERE
//       stream_name=?1");
//   StatementScope scope(**stmt);       // resets + clears bindings on exit
//   (*stmt)->BindText(1, "account-1");
//   Result<bool> row = (*stmt)->Step();  // true: a row is ready
//
// Threading: a connection (and its statements) is used by one thread at a
// time; callers serialize (SqliteStore keeps a mutex per writer and a pool of
// reader connections). The handle is opened with SQLITE_OPEN_NOMUTEX.
#ifndef REFSERVER_STORE_SQLITE_CONNECTION_H_
#define REFSERVER_STORE_SQLITE_CONNECTION_H_

#include <sqlite3.h>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "base/status.h"

namespace refserver {

using mdbprof::Result;
using mdbprof::Status;

// A prepared statement owned by its connection's cache.
class SqliteStatement {
 public:
  SqliteStatement(sqlite3* db, sqlite3_stmt* stmt, std::string what);
  ~SqliteStatement();
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;

  // Parameters are 1-based, as in SQL ("?1").
  void BindInt(int index, int64_t value);
  void BindText(int index, std::string_view value);
  void BindNull(int index);
  void BindOptionalText(int index, const std::optional<std::string>& value);

  // Advances: true when a row is ready, false when the statement is done.
  // On error the Status names the database and SQLite's message;
  // error_code() then holds SQLite's extended result code.
  Result<bool> Step();
  // Step() for statements that return no rows.
  Status Run();
  int error_code() const { return error_code_; }

  bool ColumnIsNull(int column) const;
  int64_t ColumnInt(int column) const;
  std::string ColumnText(int column) const;
  std::optional<std::string> ColumnOptionalText(int column) const;

  // Ready for the next execution with fresh bindings.
  void Reset();

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
  std::string what_;  // database path, for messages
  int error_code_ = SQLITE_OK;
};

// Resets a statement when the scope ends, whatever the outcome.
class StatementScope {
 public:
  explicit StatementScope(SqliteStatement& stmt) : stmt_(stmt) {}
  ~StatementScope() { stmt_.Reset(); }
  StatementScope(const StatementScope&) = delete;
  StatementScope& operator=(const StatementScope&) = delete;

 private:
  SqliteStatement& stmt_;
};

class SqliteConnection {
 public:
  // Opens (creating if needed) `path`; ":memory:" for a private in-memory
  // database. Sets a busy timeout and synchronous=NORMAL.
  static Result<std::unique_ptr<SqliteConnection>> Open(
      const std::string& path);
  ~SqliteConnection();
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  // Runs one or more ';'-separated statements that return no rows.
  Status Exec(const std::string& sql);

  // The cached statement for `sql` (prepared on first use). The pointer stays
  // valid as long as the connection; reset it after use (StatementScope).
  Result<SqliteStatement*> Prepare(std::string_view sql);

  int64_t LastInsertRowid() const;
  const std::string& path() const { return path_; }
  sqlite3* raw() const { return db_; }

 private:
  SqliteConnection(sqlite3* db, std::string path);

  sqlite3* db_;
  std::string path_;
  std::map<std::string, std::unique_ptr<SqliteStatement>, std::less<>>
      statements_;
};

// Status for a failed SQLite call: Unavailable for BUSY/LOCKED, Internal
// otherwise; the message names `what` and SQLite's error text.
Status SqliteError(sqlite3* db, int code, std::string_view what);

}  // namespace refserver

#endif  // REFSERVER_STORE_SQLITE_CONNECTION_H_
