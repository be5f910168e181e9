// PostgresStore's message operations (see pg_store.h).
#include <chrono>
#include <string_view>

#include "server/store/iso_time.h"
#include "server/store/postgres/pg_store.h"
#include "server/store/stream_name.h"

namespace refserver {
namespace {

// Prepared statements a connection keeps before it drops them all (each
// namespace used on it prepares up to eight; dropped namespaces leave
// theirs behind).
constexpr size_t kMaxPreparedPerConnection = 512;

bool NamespaceVanished(const PgResult& r) {
  return r.sqlstate() == kSqlstateUndefinedTable ||
         r.sqlstate() == kSqlstateUndefinedFunction ||
         r.sqlstate() == kSqlstateInvalidSchema;
}

// The status of a failed message operation on namespace `ns`.
Status MessageError(const PgResult& r, const std::string& ns,
                    const std::string& context) {
  if (NamespaceVanished(r)) {
    return mdbprof::NotFound("namespace '" + ns + "' does not exist");
  }
  return r.ToStatus(context + " in namespace '" + ns + "'");
}

std::string FormatMillis(int64_t millis) {
  return FormatIsoTime(
      std::chrono::system_clock::time_point(std::chrono::milliseconds(millis)));
}

// Reads the message columns (pg_schema.h) of `row`.
Message ReadMessage(const PgResult& r, int row) {
  Message m;
  m.id = r.Text(row, 0);
  m.stream_name = r.Text(row, 1);
  m.type = r.Text(row, 2);
  m.position = r.Int(row, 3);
  m.global_position = r.Int(row, 4);
  m.data = r.Text(row, 5);
  m.metadata = r.OptionalText(row, 6);
  m.time = FormatMillis(r.Int(row, 7));
  return m;
}

std::vector<Message> ReadMessages(const PgResult& r) {
  std::vector<Message> messages;
  messages.reserve(r.rows());
  for (int row = 0; row < r.rows(); ++row) {
    messages.push_back(ReadMessage(r, row));
  }
  return messages;
}

// LIMIT parameter: NULL (no limit) for kUnlimitedBatch.
void AddLimit(PgParams& params, int64_t batch_size) {
  if (batch_size < 0) {
    params.AddNull();
  } else {
    params.Add(batch_size);
  }
}

}  // namespace

template <typename T, typename Op>
Result<T> PostgresStore::WithNamespace(const std::string& ns, Op&& op) {
  Result<PgPool::Lease> lease = pool_.Acquire();
  if (!lease.ok()) return lease.status();
  PgConnection& conn = **lease;
  if (conn.prepared_count() > kMaxPreparedPerConnection) conn.ForgetPrepared();
  Result<std::shared_ptr<const Namespace>> entry = Resolve(conn, ns);
  if (!entry.ok()) return entry.status();
  Result<T> result = op(conn, **entry);
  if (!result.ok() &&
      result.status().code() == mdbprof::StatusCode::kNotFound) {
    Forget(ns);
  }
  return result;
}

Result<WriteResult> PostgresStore::WriteMessage(const std::string& ns,
                                                const NewMessage& message) {
  const std::string category(Category(message.stream_name));
  PgParams params;
  params.Add(message.id)
      .Add(message.stream_name)
      .Add(category)
      .Add(Hash64(CardinalId(message.stream_name)))
      .Add(message.type)
      .Add(message.data)
      .Add(message.metadata);
  if (message.expected_version.has_value()) {
    params.Add(*message.expected_version);
  } else {
    params.AddNull();
  }
  params.Add(Hash64(message.stream_name)).Add(Hash64(message.id));

  return WithNamespace<WriteResult>(
      ns, [&](PgConnection& conn, const Namespace& n) -> Result<WriteResult> {
        const PgStatement& s = n.statements.write;
        PgResult r = conn.ExecPrepared(s.name, s.sql, params);
        if (r.ok() && r.rows() == 1) {
          return WriteResult{r.Int(0, 0), r.Int(0, 1)};
        }
        if (r.ok()) {
          return mdbprof::Internal("write_message returned " +
                                   std::to_string(r.rows()) + " rows");
        }
        if (r.sqlstate() == kSqlstateVersionConflict) {
          return mdbprof::FailedPrecondition(
              "stream '" + message.stream_name + "': expected version " +
              std::to_string(*message.expected_version) +
              ", stream is at version " + r.detail());
        }
        if (r.sqlstate() == kSqlstateDuplicateId ||
            (r.sqlstate() == kSqlstateUniqueViolation &&
             r.field(PG_DIAG_CONSTRAINT_NAME) == "messages_id")) {
          return mdbprof::InvalidArgument("message id '" + message.id +
                                          "' already exists in the namespace");
        }
        return MessageError(r, ns,
                            "writing to stream '" + message.stream_name + "'");
      });
}

Result<std::vector<Message>> PostgresStore::GetStreamMessages(
    const std::string& ns, const StreamQuery& query) {
  PgParams params;
  params.Add(query.stream_name).Add(query.position).Add(query.global_position);
  AddLimit(params, query.batch_size);
  return WithNamespace<std::vector<Message>>(
      ns,
      [&](PgConnection& conn,
          const Namespace& n) -> Result<std::vector<Message>> {
        const PgStatement& s = n.statements.stream;
        PgResult r = conn.ExecPrepared(s.name, s.sql, params);
        if (!r.ok()) {
          return MessageError(r, ns,
                              "reading stream '" + query.stream_name + "'");
        }
        return ReadMessages(r);
      });
}

Result<std::optional<Message>> PostgresStore::GetLastStreamMessage(
    const std::string& ns, const std::string& stream_name,
    const std::optional<std::string>& type) {
  PgParams params;
  params.Add(stream_name);
  if (type.has_value()) params.Add(*type);
  return WithNamespace<std::optional<Message>>(
      ns,
      [&](PgConnection& conn,
          const Namespace& n) -> Result<std::optional<Message>> {
        const PgStatement& s =
            type.has_value() ? n.statements.last_of_type : n.statements.last;
        PgResult r = conn.ExecPrepared(s.name, s.sql, params);
        if (!r.ok()) {
          return MessageError(
              r, ns, "reading the last message of '" + stream_name + "'");
        }
        if (r.rows() == 0) return std::optional<Message>();
        return std::optional<Message>(ReadMessage(r, 0));
      });
}

Result<std::optional<int64_t>> PostgresStore::GetStreamVersion(
    const std::string& ns, const std::string& stream_name) {
  PgParams params;
  params.Add(stream_name);
  return WithNamespace<std::optional<int64_t>>(
      ns,
      [&](PgConnection& conn,
          const Namespace& n) -> Result<std::optional<int64_t>> {
        const PgStatement& s = n.statements.version;
        PgResult r = conn.ExecPrepared(s.name, s.sql, params);
        if (!r.ok()) {
          return MessageError(r, ns,
                              "reading the version of '" + stream_name + "'");
        }
        if (r.rows() == 0 || r.IsNull(0, 0)) return std::optional<int64_t>();
        return std::optional<int64_t>(r.Int(0, 0));
      });
}

Result<std::vector<Message>> PostgresStore::GetCategoryMessages(
    const std::string& ns, const CategoryQuery& query) {
  PgParams params;
  params.Add(query.category).Add(query.global_position).Add(query.correlation);
  if (query.consumer_group.has_value()) {
    params.Add(query.consumer_group->size).Add(query.consumer_group->member);
  } else {
    params.AddNull().AddNull();
  }
  AddLimit(params, query.batch_size);
  return WithNamespace<std::vector<Message>>(
      ns,
      [&](PgConnection& conn,
          const Namespace& n) -> Result<std::vector<Message>> {
        const PgStatement& s = n.statements.category;
        PgResult r = conn.ExecPrepared(s.name, s.sql, params);
        if (!r.ok()) {
          return MessageError(r, ns,
                              "reading category '" + query.category + "'");
        }
        return ReadMessages(r);
      });
}

Result<NamespaceStats> PostgresStore::GetNamespaceStats(
    const std::string& name) {
  return WithNamespace<NamespaceStats>(
      name,
      [&](PgConnection& conn, const Namespace& n) -> Result<NamespaceStats> {
        const PgStatement& s = n.statements.stats;
        PgResult r = conn.ExecPrepared(s.name, s.sql, PgParams());
        if (!r.ok()) return MessageError(r, name, "reading statistics");
        NamespaceStats stats;
        stats.message_count = r.Int(0, 0);
        stats.stream_count = r.Int(0, 1);
        if (!r.IsNull(0, 2)) stats.last_activity = FormatMillis(r.Int(0, 2));
        return stats;
      });
}

}  // namespace refserver
