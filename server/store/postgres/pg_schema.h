// The SQL of the postgres store: the namespace registry, one schema per
// namespace (a Message DB-like `messages` table, its indexes and a
// `write_message` function) and the statements run against it.
//
//   NamespaceSchemaName("tenant-a") == "mdb_ns_tenant-a"
//   std::string ddl = NamespaceDdl("\"mdb_ns_tenant-a\"", PgFlavor::kPostgres);
//   NamespaceStatements s = MakeNamespaceStatements(7, "\"mdb_ns_tenant-a\"");
//   conn.ExecPrepared(s.write.name, s.write.sql, params);
//
// Table `messages` (per namespace schema):
//   global_position bigserial, position bigint, time timestamptz,
//   stream_name text, category text, cardinal_hash bigint, type text,
//   data json, metadata json, id uuid
// `data`/`metadata` are `json`, not `jsonb`: the Store contract returns them
// verbatim (jsonb would reorder keys and rewrite escapes). `category` and
// `cardinal_hash` (Hash64 of the cardinal id, stream_name.h) are computed by
// the writer so category reads and consumer groups match every backend.
//
// TimescaleDB flavour: the table is a hypertable on `time`, so its primary
// key is (global_position, time) and the id and stream indexes cannot be
// unique; write_message then guarantees both uniqueness rules itself (the
// stream advisory lock orders positions, an advisory lock on the id plus a
// lookup rejects duplicate ids). The plain flavour keeps unique indexes as
// a second line of defence.
//
// write_message(id, stream_name, category, cardinal_hash, type, data,
//   metadata, expected_version, stream_lock_key, id_lock_key) runs in the
// caller's (implicit) transaction: pg_advisory_xact_lock(stream_lock_key),
// the expected-version check, the duplicate-id check, then the insert.
// Failures raise SQLSTATE kSqlstateVersionConflict (DETAIL = the stream's
// actual version) or kSqlstateDuplicateId.
#ifndef REFSERVER_STORE_POSTGRES_PG_SCHEMA_H_
#define REFSERVER_STORE_POSTGRES_PG_SCHEMA_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace refserver {

enum class PgFlavor { kPostgres, kTimescale };

inline constexpr char kRegistrySchema[] = "refserver_meta";
inline constexpr std::string_view kSqlstateVersionConflict = "RF409";
inline constexpr std::string_view kSqlstateDuplicateId = "RF400";

// Advisory-lock key serializing registry changes and DDL across servers.
inline constexpr int64_t kRegistryLockKey = 0x7266736d65746100;  // "rfsmeta"

// The (unquoted) schema of namespace `name`: "mdb_ns_<name>" when that fits
// PostgreSQL's 63-byte identifiers, else "mdb_ns_<first 39 chars>.<16 hex
// digits of Hash64(name)>" ('.' never occurs in a namespace name, so the
// two forms cannot collide). REQUIRES: name passed ValidateNamespaceName.
std::string NamespaceSchemaName(std::string_view name);

// Creates the registry schema and table if missing (idempotent).
std::string RegistryDdl();

// Creates the namespace's table, indexes and write function in
// `quoted_schema` (which must exist). For kTimescale the caller then makes
// the table a hypertable (HypertableSql).
std::string NamespaceDdl(const std::string& quoted_schema, PgFlavor flavor);

// One parameter: the table as regclass text ("<quoted_schema>.messages").
// `quoted_extension_schema` is where timescaledb lives.
std::string HypertableSql(const std::string& quoted_extension_schema);

struct PgStatement {
  std::string name;  // per connection, unique per namespace incarnation
  std::string sql;
};

// Statements of one namespace; `namespace_id` (the registry id) keeps the
// names of a dropped and re-created namespace apart. Every read returns the
// message columns: id, stream_name, type, position, global_position, data,
// metadata, time in milliseconds since the epoch.
struct NamespaceStatements {
  // $1 id, $2 stream, $3 category, $4 cardinal hash, $5 type, $6 data,
  // $7 metadata, $8 expected version or NULL, $9 stream lock key,
  // $10 id lock key -> (position, global_position)
  PgStatement write;
  // $1 stream, $2 position, $3 global position, $4 limit or NULL
  PgStatement stream;
  PgStatement last;          // $1 stream
  PgStatement last_of_type;  // $1 stream, $2 type
  PgStatement version;       // $1 stream -> max(position) or NULL
  // $1 category, $2 global position, $3 correlation category or NULL,
  // $4 consumer group size or NULL, $5 member, $6 limit or NULL
  PgStatement category;
  PgStatement stats;  // -> count, distinct streams, max time (ms) or NULL
};

NamespaceStatements MakeNamespaceStatements(int64_t namespace_id,
                                            const std::string& quoted_schema);

}  // namespace refserver

#endif  // REFSERVER_STORE_POSTGRES_PG_SCHEMA_H_
