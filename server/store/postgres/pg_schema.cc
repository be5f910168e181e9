#include "server/store/postgres/pg_schema.h"

#include <cstdio>

#include "server/store/stream_name.h"

namespace refserver {
namespace {

constexpr size_t kMaxIdentifierBytes = 63;  // NAMEDATALEN - 1
constexpr std::string_view kSchemaPrefix = "mdb_ns_";
constexpr size_t kLongNamePrefixChars = 39;

// The columns every message read returns, in ReadMessage order.
constexpr std::string_view kMessageColumns =
    "id::text, stream_name, type, position, global_position, data, metadata, "
    "floor(extract(epoch FROM time) * 1000)::bigint";

// Replaces every "{S}" in `sql_template` by `schema`.
std::string WithSchema(std::string_view sql_template,
                       const std::string& schema) {
  std::string out;
  size_t start = 0;
  while (true) {
    size_t at = sql_template.find("{S}", start);
    out.append(sql_template.substr(start, at - start));
    if (at == std::string_view::npos) break;
    out.append(schema);
    start = at + 3;
  }
  return out;
}

constexpr std::string_view kTable = R"sql(
CREATE TABLE {S}.messages (
  global_position bigserial NOT NULL,
  position bigint NOT NULL,
  time timestamptz NOT NULL DEFAULT now(),
  stream_name text NOT NULL,
  category text NOT NULL,
  cardinal_hash bigint NOT NULL,
  type text NOT NULL,
  data json NOT NULL,
  metadata json,
  id uuid NOT NULL,
)sql";

constexpr std::string_view kPostgresKeys = R"sql(
  PRIMARY KEY (global_position));
CREATE UNIQUE INDEX messages_id ON {S}.messages (id);
CREATE UNIQUE INDEX messages_stream ON {S}.messages (stream_name, position);
)sql";

// A hypertable's unique indexes must contain the partitioning column.
constexpr std::string_view kTimescaleKeys = R"sql(
  PRIMARY KEY (global_position, time));
CREATE INDEX messages_id ON {S}.messages (id);
CREATE INDEX messages_stream ON {S}.messages (stream_name, position);
)sql";

constexpr std::string_view kCategoryIndex = R"sql(
CREATE INDEX messages_category ON {S}.messages (category, global_position);
)sql";

constexpr std::string_view kWriteFunctionHead = R"sql(
CREATE FUNCTION {S}.write_message(
    p_id uuid, p_stream_name text, p_category text, p_cardinal_hash bigint,
    p_type text, p_data json, p_metadata json, p_expected_version bigint,
    p_stream_lock_key bigint, p_id_lock_key bigint)
  RETURNS TABLE (out_position bigint, out_global_position bigint)
  LANGUAGE plpgsql AS $fn$
DECLARE
  v_version bigint;
BEGIN
  PERFORM pg_catalog.pg_advisory_xact_lock(p_stream_lock_key);
  SELECT max(m.position) INTO v_version FROM {S}.messages m
    WHERE m.stream_name = p_stream_name;
  v_version := coalesce(v_version, -1);
  IF p_expected_version IS NOT NULL AND p_expected_version <> v_version THEN
    RAISE EXCEPTION USING ERRCODE = 'RF409',
      MESSAGE = 'stream version conflict', DETAIL = v_version::text;
  END IF;
)sql";

// Two-int4 advisory locks live apart from the bigint ones of the streams.
constexpr std::string_view kIdLock = R"sql(
  PERFORM pg_catalog.pg_advisory_xact_lock((p_id_lock_key >> 32)::int,
    ((p_id_lock_key & 4294967295) - 2147483648)::int);
)sql";

constexpr std::string_view kWriteFunctionTail = R"sql(
  IF EXISTS (SELECT 1 FROM {S}.messages m WHERE m.id = p_id) THEN
    RAISE EXCEPTION USING ERRCODE = 'RF400', MESSAGE = 'duplicate message id';
  END IF;
  RETURN QUERY
    INSERT INTO {S}.messages AS m (id, stream_name, category, cardinal_hash,
                                   type, position, data, metadata)
    VALUES (p_id, p_stream_name, p_category, p_cardinal_hash, p_type,
            v_version + 1, p_data, p_metadata)
    RETURNING m.position, m.global_position;
END
$fn$;
)sql";

}  // namespace

std::string NamespaceSchemaName(std::string_view name) {
  std::string schema(kSchemaPrefix);
  if (schema.size() + name.size() <= kMaxIdentifierBytes) {
    return schema.append(name);
  }
  char hash[17];
  std::snprintf(hash, sizeof(hash), "%016llx",
                static_cast<unsigned long long>(Hash64(name)));
  return schema.append(name.substr(0, kLongNamePrefixChars))
      .append(".")
      .append(hash);
}

std::string RegistryDdl() {
  return R"sql(
CREATE SCHEMA IF NOT EXISTS refserver_meta;
CREATE TABLE IF NOT EXISTS refserver_meta.namespaces (
  id bigserial NOT NULL UNIQUE,
  name text PRIMARY KEY,
  schema_name text NOT NULL UNIQUE,
  token_hash text NOT NULL,
  description text NOT NULL DEFAULT '',
  created_at text NOT NULL
);
)sql";
}

std::string NamespaceDdl(const std::string& quoted_schema, PgFlavor flavor) {
  std::string sql(kTable);
  sql += flavor == PgFlavor::kTimescale ? kTimescaleKeys : kPostgresKeys;
  sql += kCategoryIndex;
  sql += kWriteFunctionHead;
  if (flavor == PgFlavor::kTimescale) sql += kIdLock;
  sql += kWriteFunctionTail;
  return WithSchema(sql, quoted_schema);
}

std::string HypertableSql(const std::string& quoted_extension_schema) {
  return "SELECT " + quoted_extension_schema +
         ".create_hypertable($1::text::regclass, 'time')";
}

NamespaceStatements MakeNamespaceStatements(int64_t namespace_id,
                                            const std::string& quoted_schema) {
  const std::string prefix = "n" + std::to_string(namespace_id) + "_";
  const std::string select =
      "SELECT " + std::string(kMessageColumns) + " FROM {S}.messages ";
  auto make = [&](const char* suffix, const std::string& sql_template) {
    return PgStatement{prefix + suffix,
                       WithSchema(sql_template, quoted_schema)};
  };
  NamespaceStatements s;
  s.write = make("write",
                 "SELECT out_position, out_global_position FROM "
                 "{S}.write_message($1::uuid, $2::text, $3::text, $4::bigint, "
                 "$5::text, $6::json, $7::json, $8::bigint, $9::bigint, "
                 "$10::bigint)");
  s.stream = make("stream", select +
                                "WHERE stream_name = $1::text AND position >= "
                                "$2::bigint AND global_position >= $3::bigint "
                                "ORDER BY position LIMIT $4::bigint");
  s.last = make("last", select +
                            "WHERE stream_name = $1::text "
                            "ORDER BY position DESC LIMIT 1");
  s.last_of_type = make("last_type", select +
                                         "WHERE stream_name = $1::text AND "
                                         "type = $2::text "
                                         "ORDER BY position DESC LIMIT 1");
  s.version = make("version",
                   "SELECT max(position) FROM {S}.messages "
                   "WHERE stream_name = $1::text");
  s.category =
      make("category",
           select +
               "WHERE category = $1::text AND global_position >= $2::bigint "
               "AND ($3::text IS NULL OR split_part(metadata ->> "
               "'correlationStreamName', '-', 1) = $3::text) "
               "AND ($4::bigint IS NULL OR abs(cardinal_hash % $4::bigint) = "
               "$5::bigint) "
               "ORDER BY global_position LIMIT $6::bigint");
  s.stats = make("stats",
                 "SELECT count(*), count(DISTINCT stream_name), "
                 "floor(extract(epoch FROM max(time)) * 1000)::bigint "
                 "FROM {S}.messages");
  return s;
}

}  // namespace refserver
