// PgConnection: one libpq connection with lazily prepared statements, and
// PgResult, the result of one command (success or a PostgreSQL error).
//
//   Result<std::unique_ptr<PgConnection>> c = PgConnection::Connect(options);
//   PgParams params;
//   params.Add(stream_name).Add(int64_t{0});
//   PgResult r = (*c)->ExecPrepared("n1_stream", kSql, params);
//   if (!r.ok()) return r.ToStatus("reading stream");
//   for (int row = 0; row < r.rows(); ++row) Use(r.Text(row, 0));
//
// Every statement is parameterized; only identifiers produced by this
// server (schema names) are spliced into SQL, quoted by QuoteIdentifier().
// Notices (and PGlite's rollback WARNINGs) are dropped, not printed.
//
// Threading: a connection is used by one thread at a time (PgPool leases).
#ifndef REFSERVER_STORE_POSTGRES_PG_CONNECTION_H_
#define REFSERVER_STORE_POSTGRES_PG_CONNECTION_H_

#include <libpq-fe.h>

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "base/status.h"
#include "server/store/postgres/pg_url.h"

namespace refserver {

// SQLSTATEs the store reacts to.
inline constexpr std::string_view kSqlstateUniqueViolation = "23505";
inline constexpr std::string_view kSqlstateUndefinedTable = "42P01";
inline constexpr std::string_view kSqlstateUndefinedFunction = "42883";
inline constexpr std::string_view kSqlstateInvalidSchema = "3F000";
// Connection-level failure with no server result (libpq synthesizes no
// SQLSTATE for these; PgResult reports this one).
inline constexpr std::string_view kSqlstateConnectionFailure = "08006";

// Parameters of one command. Text values are referenced, not copied: the
// strings passed to Add(const std::string&) must outlive the command.
class PgParams {
 public:
  PgParams& Add(const std::string& text);
  PgParams& Add(const std::optional<std::string>& text);  // nullopt = NULL
  PgParams& Add(int64_t value);
  PgParams& AddNull();

  int size() const { return static_cast<int>(values_.size()); }
  const char* const* values() const { return values_.data(); }

 private:
  std::vector<const char*> values_;
  std::deque<std::string> owned_;  // stable addresses for converted values
};

class PgResult {
 public:
  // A connection-level failure (no result from the server).
  static PgResult ConnectionFailure(std::string message);
  explicit PgResult(PGresult* result);

  // True for PGRES_COMMAND_OK / PGRES_TUPLES_OK.
  bool ok() const { return ok_; }
  // "" when ok(); the five-character SQLSTATE otherwise.
  const std::string& sqlstate() const { return sqlstate_; }
  // PostgreSQL's primary message (or libpq's), without trailing newline.
  const std::string& message() const { return message_; }
  // An error field (PG_DIAG_*), "" when absent.
  std::string field(int code) const;
  std::string detail() const { return field(PG_DIAG_MESSAGE_DETAIL); }
  // Rows an INSERT/UPDATE/DELETE touched (PQcmdTuples); 0 when unknown.
  int64_t affected_rows() const;

  // A Status for a failed command: "<context>: <message> (SQLSTATE x)",
  // coded by SQLSTATE class (08/57P/53 Unavailable, 22/23 InvalidArgument,
  // 40 Unavailable, else Internal). REQUIRES: !ok().
  mdbprof::Status ToStatus(const std::string& context) const;

  int rows() const;
  bool IsNull(int row, int column) const;
  std::string_view Text(int row, int column) const;
  std::optional<std::string> OptionalText(int row, int column) const;
  // The column as an integer; 0 for NULL or garbage (callers select integer
  // columns only).
  int64_t Int(int row, int column) const;

 private:
  PgResult() = default;

  std::unique_ptr<PGresult, decltype(&PQclear)> result_{nullptr, &PQclear};
  bool ok_ = false;
  std::string sqlstate_;
  std::string message_;
};

class PgConnection {
 public:
  // Connects with `options.params`. Unavailable naming host:port/database
  // (never the password) and libpq's reason when the server cannot be
  // reached or refuses the login.
  static mdbprof::Result<std::unique_ptr<PgConnection>> Connect(
      const PgConnectOptions& options);

  ~PgConnection();
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  // "host:port/database" of this connection, for messages.
  const std::string& target() const { return target_; }
  // "host:port", for messages.
  std::string host_port() const;

  // Simple query protocol; `sql` may hold several statements. For fixed SQL
  // only (DDL, BEGIN/COMMIT).
  PgResult Exec(const std::string& sql);
  // An unnamed parameterized statement.
  PgResult ExecParams(const std::string& sql, const PgParams& params);
  // Runs the statement `name`, preparing it from `sql` the first time this
  // connection sees `name`. REQUIRES: one `sql` per `name`.
  PgResult ExecPrepared(const std::string& name, const std::string& sql,
                        const PgParams& params);

  // Drops every prepared statement of this connection (DEALLOCATE ALL).
  void ForgetPrepared();
  size_t prepared_count() const { return prepared_.size(); }

  // `name` as a quoted SQL identifier.
  mdbprof::Result<std::string> QuoteIdentifier(std::string_view name);

  // True once the connection is unusable or left inside a transaction; the
  // pool then closes it instead of reusing it.
  bool NeedsDiscard();

 private:
  PgConnection(PGconn* conn, std::string target);
  PgResult Wrap(PGresult* result);

  PGconn* const conn_;
  const std::string target_;
  std::unordered_set<std::string> prepared_;
};

}  // namespace refserver

#endif  // REFSERVER_STORE_POSTGRES_PG_CONNECTION_H_
