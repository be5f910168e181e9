#include "server/store/postgres/pg_connection.h"

#include <charconv>

namespace refserver {
namespace {

// libpq messages end with a newline and may span lines; one line reads
// better inside our messages.
std::string OneLine(const char* text) {
  std::string out = text != nullptr ? text : "";
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) {
    out.pop_back();
  }
  std::string flat;
  for (size_t i = 0; i < out.size(); ++i) {
    if (out[i] == '\n') {
      flat += "; ";
      while (i + 1 < out.size() && (out[i + 1] == '\t' || out[i + 1] == ' ')) {
        ++i;
      }
    } else {
      flat += out[i];
    }
  }
  return flat;
}

void DropNotice(void* /*arg*/, const char* /*message*/) {}

std::string Value(const char* text) { return text != nullptr ? text : ""; }

}  // namespace

// --- PgParams ---------------------------------------------------------

PgParams& PgParams::Add(const std::string& text) {
  values_.push_back(text.c_str());
  return *this;
}

PgParams& PgParams::Add(const std::optional<std::string>& text) {
  values_.push_back(text.has_value() ? text->c_str() : nullptr);
  return *this;
}

PgParams& PgParams::Add(int64_t value) {
  owned_.push_back(std::to_string(value));
  values_.push_back(owned_.back().c_str());
  return *this;
}

PgParams& PgParams::AddNull() {
  values_.push_back(nullptr);
  return *this;
}

// --- PgResult ---------------------------------------------------------

PgResult PgResult::ConnectionFailure(std::string message) {
  PgResult r;
  r.sqlstate_ = std::string(kSqlstateConnectionFailure);
  r.message_ = std::move(message);
  return r;
}

PgResult::PgResult(PGresult* result) : result_(result, &PQclear) {
  ExecStatusType status = PQresultStatus(result);
  ok_ = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
  if (ok_) return;
  sqlstate_ = Value(PQresultErrorField(result, PG_DIAG_SQLSTATE));
  if (sqlstate_.empty()) sqlstate_ = std::string(kSqlstateConnectionFailure);
  const char* primary = PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY);
  message_ =
      OneLine(primary != nullptr ? primary : PQresultErrorMessage(result));
}

std::string PgResult::field(int code) const {
  if (result_ == nullptr) return "";
  return Value(PQresultErrorField(result_.get(), code));
}

int64_t PgResult::affected_rows() const {
  if (result_ == nullptr) return 0;
  const char* text = PQcmdTuples(result_.get());
  int64_t value = 0;
  std::from_chars(text, text + std::char_traits<char>::length(text), value);
  return value;
}

mdbprof::Status PgResult::ToStatus(const std::string& context) const {
  std::string text =
      context + ": " + message_ + " (SQLSTATE " + sqlstate_ + ")";
  std::string_view cls = std::string_view(sqlstate_).substr(0, 2);
  if (cls == "08" || cls == "53" || cls == "40" || cls == "57") {
    return mdbprof::Unavailable(std::move(text));
  }
  if (cls == "22" || cls == "23")
    return mdbprof::InvalidArgument(std::move(text));
  return mdbprof::Internal(std::move(text));
}

int PgResult::rows() const {
  return result_ == nullptr ? 0 : PQntuples(result_.get());
}

bool PgResult::IsNull(int row, int column) const {
  return PQgetisnull(result_.get(), row, column) != 0;
}

std::string_view PgResult::Text(int row, int column) const {
  return std::string_view(PQgetvalue(result_.get(), row, column),
                          PQgetlength(result_.get(), row, column));
}

std::optional<std::string> PgResult::OptionalText(int row, int column) const {
  if (IsNull(row, column)) return std::nullopt;
  return std::string(Text(row, column));
}

int64_t PgResult::Int(int row, int column) const {
  std::string_view text = Text(row, column);
  int64_t value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

// --- PgConnection -----------------------------------------------------

mdbprof::Result<std::unique_ptr<PgConnection>> PgConnection::Connect(
    const PgConnectOptions& options) {
  std::vector<const char*> keywords;
  std::vector<const char*> values;
  for (const auto& [keyword, value] : options.params) {
    keywords.push_back(keyword.c_str());
    values.push_back(value.c_str());
  }
  keywords.push_back(nullptr);
  values.push_back(nullptr);
  PGconn* conn = PQconnectdbParams(keywords.data(), values.data(), 0);
  if (conn == nullptr) {
    return mdbprof::Unavailable("cannot connect to PostgreSQL: out of memory");
  }
  std::string target =
      Value(PQhost(conn)) + ":" + Value(PQport(conn)) + "/" + Value(PQdb(conn));
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string why = OneLine(PQerrorMessage(conn));
    PQfinish(conn);
    return mdbprof::Unavailable("cannot connect to PostgreSQL at " + target +
                                ": " + why);
  }
  PQsetNoticeProcessor(conn, &DropNotice, nullptr);
  std::unique_ptr<PgConnection> connection(
      new PgConnection(conn, std::move(target)));
  PgResult quiet = connection->Exec("SET client_min_messages = warning");
  if (!quiet.ok()) {
    return quiet.ToStatus("PostgreSQL at " + connection->target());
  }
  return connection;
}

PgConnection::PgConnection(PGconn* conn, std::string target)
    : conn_(conn), target_(std::move(target)) {}

PgConnection::~PgConnection() { PQfinish(conn_); }

std::string PgConnection::host_port() const {
  return Value(PQhost(conn_)) + ":" + Value(PQport(conn_));
}

PgResult PgConnection::Wrap(PGresult* result) {
  if (result == nullptr) {
    return PgResult::ConnectionFailure(OneLine(PQerrorMessage(conn_)));
  }
  return PgResult(result);
}

PgResult PgConnection::Exec(const std::string& sql) {
  return Wrap(PQexec(conn_, sql.c_str()));
}

PgResult PgConnection::ExecParams(const std::string& sql,
                                  const PgParams& params) {
  return Wrap(PQexecParams(conn_, sql.c_str(), params.size(), nullptr,
                           params.values(), nullptr, nullptr, 0));
}

PgResult PgConnection::ExecPrepared(const std::string& name,
                                    const std::string& sql,
                                    const PgParams& params) {
  if (prepared_.find(name) == prepared_.end()) {
    PgResult prepared =
        Wrap(PQprepare(conn_, name.c_str(), sql.c_str(), 0, nullptr));
    if (!prepared.ok()) return prepared;
    prepared_.insert(name);
  }
  return Wrap(PQexecPrepared(conn_, name.c_str(), params.size(),
                             params.values(), nullptr, nullptr, 0));
}

void PgConnection::ForgetPrepared() {
  (void)Exec("DEALLOCATE ALL");
  prepared_.clear();
}

mdbprof::Result<std::string> PgConnection::QuoteIdentifier(
    std::string_view name) {
  char* quoted = PQescapeIdentifier(conn_, name.data(), name.size());
  if (quoted == nullptr) {
    return mdbprof::InvalidArgument("cannot quote identifier '" +
                                    std::string(name) +
                                    "': " + OneLine(PQerrorMessage(conn_)));
  }
  std::string out(quoted);
  PQfreemem(quoted);
  return out;
}

bool PgConnection::NeedsDiscard() {
  return PQstatus(conn_) != CONNECTION_OK ||
         PQtransactionStatus(conn_) != PQTRANS_IDLE;
}

}  // namespace refserver
