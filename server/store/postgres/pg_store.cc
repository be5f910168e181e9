#include "server/store/postgres/pg_store.h"

#include <mutex>
#include <utility>

#include "server/store/namespace_name.h"
#include "server/store/postgres/pg_transaction.h"

namespace refserver {
namespace {

constexpr char kLockRegistry[] = "SELECT pg_advisory_xact_lock($1::bigint)";
constexpr char kNamespaceExists[] =
    "SELECT 1 FROM refserver_meta.namespaces WHERE name = $1::text";
constexpr char kInsertNamespace[] =
    "INSERT INTO refserver_meta.namespaces "
    "(name, schema_name, token_hash, description, created_at) "
    "VALUES ($1::text, $2::text, $3::text, $4::text, $5::text)";
constexpr char kLockNamespaceRow[] =
    "SELECT schema_name FROM refserver_meta.namespaces WHERE name = $1::text "
    "FOR UPDATE";
constexpr char kDeleteNamespace[] =
    "DELETE FROM refserver_meta.namespaces WHERE name = $1::text";
constexpr char kTableExists[] = "SELECT to_regclass($1::text) IS NOT NULL";
constexpr char kExtensionSchema[] =
    "SELECT n.nspname FROM pg_catalog.pg_extension e JOIN "
    "pg_catalog.pg_namespace n ON n.oid = e.extnamespace "
    "WHERE e.extname = 'timescaledb'";

const PgStatement kFindNamespace{
    "r_find",
    "SELECT name, token_hash, description, created_at "
    "FROM refserver_meta.namespaces WHERE name = $1::text"};
const PgStatement kListNamespaces{
    "r_list",
    "SELECT name, token_hash, description, created_at "
    "FROM refserver_meta.namespaces ORDER BY name COLLATE \"C\""};
const PgStatement kUpdateToken{
    "r_token",
    "UPDATE refserver_meta.namespaces SET token_hash = $2::text "
    "WHERE name = $1::text"};
const PgStatement kResolveNamespace{
    "r_resolve",
    "SELECT id, schema_name FROM refserver_meta.namespaces "
    "WHERE name = $1::text"};

Status NamespaceNotFound(const std::string& name) {
  return mdbprof::NotFound("namespace '" + name + "' does not exist");
}

NamespaceRecord ReadRecord(const PgResult& r, int row) {
  return NamespaceRecord{
      std::string(r.Text(row, 0)), std::string(r.Text(row, 1)),
      std::string(r.Text(row, 2)), std::string(r.Text(row, 3))};
}

Status LockRegistry(PgConnection& conn) {
  PgParams params;
  params.Add(kRegistryLockKey);
  PgResult r = conn.ExecParams(kLockRegistry, params);
  if (!r.ok()) return r.ToStatus("locking the namespace registry");
  return Status::Ok();
}

// Registry DDL (and the extension) under the registry lock, so servers
// starting together do not race on CREATE ... IF NOT EXISTS.
Status PrepareDatabase(PgConnection& conn, PgFlavor flavor) {
  PgTransaction txn(conn);
  MDBPROF_RETURN_IF_ERROR(txn.Begin());
  MDBPROF_RETURN_IF_ERROR(LockRegistry(conn));
  if (flavor == PgFlavor::kTimescale) {
    PgResult ext = conn.Exec("CREATE EXTENSION IF NOT EXISTS timescaledb");
    if (!ext.ok()) {
      return mdbprof::FailedPrecondition(
          "timescaledb extension not available on " + conn.host_port() + ": " +
          ext.message() + " (SQLSTATE " + ext.sqlstate() + ")");
    }
  }
  PgResult ddl = conn.Exec(RegistryDdl());
  if (!ddl.ok()) {
    return ddl.ToStatus("creating the namespace registry on " + conn.target());
  }
  return txn.Commit();
}

}  // namespace

PostgresStore::PostgresStore(const Options& options,
                             std::string quoted_extension_schema)
    : pool_(options.connect),
      flavor_(options.flavor),
      quoted_extension_schema_(std::move(quoted_extension_schema)) {}

Result<std::unique_ptr<PostgresStore>> PostgresStore::Open(
    const Options& options) {
  if (options.connect.pool_size < 1) {
    return mdbprof::InvalidArgument("postgres store: pool size must be >= 1");
  }
  // A connection of its own for the set-up, closed before the pool opens
  // any: the store never holds more than its pool size.
  std::string extension_schema;
  {
    Result<std::unique_ptr<PgConnection>> conn =
        PgConnection::Connect(options.connect);
    if (!conn.ok()) return conn.status();
    MDBPROF_RETURN_IF_ERROR(PrepareDatabase(**conn, options.flavor));
    if (options.flavor == PgFlavor::kTimescale) {
      PgResult r = (*conn)->Exec(kExtensionSchema);
      if (!r.ok() || r.rows() != 1) {
        return mdbprof::FailedPrecondition(
            "timescaledb extension not available on " + (*conn)->host_port() +
            ": not listed in pg_extension after CREATE EXTENSION");
      }
      Result<std::string> quoted = (*conn)->QuoteIdentifier(r.Text(0, 0));
      if (!quoted.ok()) return quoted.status();
      extension_schema = *quoted;
    }
  }
  std::unique_ptr<PostgresStore> store(
      new PostgresStore(options, std::move(extension_schema)));
  // Fail now, not on the first request, when the pool cannot connect.
  Result<PgPool::Lease> lease = store->pool_.Acquire();
  if (!lease.ok()) return lease.status();
  return store;
}

Result<std::shared_ptr<const PostgresStore::Namespace>> PostgresStore::Resolve(
    PgConnection& conn, const std::string& name) {
  {
    std::shared_lock<std::shared_mutex> lock(cache_mu_);
    auto it = cache_.find(name);
    if (it != cache_.end()) return it->second;
  }
  PgParams params;
  params.Add(name);
  PgResult r =
      conn.ExecPrepared(kResolveNamespace.name, kResolveNamespace.sql, params);
  if (!r.ok()) return r.ToStatus("looking up namespace '" + name + "'");
  if (r.rows() == 0) return NamespaceNotFound(name);
  Result<std::string> quoted = conn.QuoteIdentifier(r.Text(0, 1));
  if (!quoted.ok()) return quoted.status();
  auto entry = std::make_shared<Namespace>();
  entry->name = name;
  entry->quoted_schema = *quoted;
  entry->statements = MakeNamespaceStatements(r.Int(0, 0), *quoted);
  std::unique_lock<std::shared_mutex> lock(cache_mu_);
  cache_[name] = entry;
  return std::shared_ptr<const Namespace>(std::move(entry));
}

void PostgresStore::Forget(const std::string& name) {
  std::unique_lock<std::shared_mutex> lock(cache_mu_);
  cache_.erase(name);
}

Status PostgresStore::ProvisionSchema(PgConnection& conn,
                                      const std::string& quoted_schema) {
  // A schema without a registry row is left over from a crash mid-delete.
  PgResult ddl = conn.Exec("DROP SCHEMA IF EXISTS " + quoted_schema +
                           " CASCADE; CREATE SCHEMA " + quoted_schema + ";" +
                           NamespaceDdl(quoted_schema, flavor_));
  if (!ddl.ok()) return ddl.ToStatus("creating schema " + quoted_schema);
  if (flavor_ == PgFlavor::kTimescale) {
    const std::string table = quoted_schema + ".messages";
    PgParams params;
    params.Add(table);
    PgResult r =
        conn.ExecParams(HypertableSql(quoted_extension_schema_), params);
    if (!r.ok()) return r.ToStatus("making " + table + " a hypertable");
  }
  return Status::Ok();
}

Status PostgresStore::CreateNamespace(const NamespaceRecord& record) {
  MDBPROF_RETURN_IF_ERROR(ValidateNamespaceName(record.name));
  Result<PgPool::Lease> lease = pool_.Acquire();
  if (!lease.ok()) return lease.status();
  PgConnection& conn = **lease;
  const std::string schema = NamespaceSchemaName(record.name);
  Result<std::string> quoted = conn.QuoteIdentifier(schema);
  if (!quoted.ok()) return quoted.status();

  PgTransaction txn(conn);
  MDBPROF_RETURN_IF_ERROR(txn.Begin());
  MDBPROF_RETURN_IF_ERROR(LockRegistry(conn));
  PgParams name;
  name.Add(record.name);
  PgResult exists = conn.ExecParams(kNamespaceExists, name);
  if (!exists.ok())
    return exists.ToStatus("creating namespace '" + record.name + "'");
  if (exists.rows() > 0) {
    return mdbprof::FailedPrecondition("namespace '" + record.name +
                                       "' already exists");
  }
  MDBPROF_RETURN_IF_ERROR(
      ProvisionSchema(conn, *quoted)
          .WithContext("creating namespace '" + record.name + "'"));
  PgParams row;
  row.Add(record.name)
      .Add(schema)
      .Add(record.token_hash)
      .Add(record.description)
      .Add(record.created_at);
  PgResult inserted = conn.ExecParams(kInsertNamespace, row);
  if (!inserted.ok()) {
    return inserted.ToStatus("registering namespace '" + record.name + "'");
  }
  MDBPROF_RETURN_IF_ERROR(txn.Commit());
  Forget(record.name);  // a stale entry of an earlier incarnation
  return Status::Ok();
}

Result<int64_t> PostgresStore::DeleteNamespace(const std::string& name) {
  Result<PgPool::Lease> lease = pool_.Acquire();
  if (!lease.ok()) return lease.status();
  PgConnection& conn = **lease;
  const std::string context = "deleting namespace '" + name + "'";

  PgTransaction txn(conn);
  MDBPROF_RETURN_IF_ERROR(txn.Begin());
  MDBPROF_RETURN_IF_ERROR(LockRegistry(conn));
  PgParams params;
  params.Add(name);
  PgResult row = conn.ExecParams(kLockNamespaceRow, params);
  if (!row.ok()) return row.ToStatus(context);
  if (row.rows() == 0) return NamespaceNotFound(name);
  Result<std::string> quoted = conn.QuoteIdentifier(row.Text(0, 0));
  if (!quoted.ok()) return quoted.status();

  int64_t deleted = 0;
  const std::string table = *quoted + ".messages";
  PgParams table_param;
  table_param.Add(table);
  PgResult exists = conn.ExecParams(kTableExists, table_param);
  if (!exists.ok()) return exists.ToStatus(context);
  if (exists.Text(0, 0) == "t") {
    PgResult count = conn.Exec("SELECT count(*) FROM " + table);
    if (!count.ok()) return count.ToStatus(context);
    deleted = count.Int(0, 0);
  }
  PgResult drop = conn.Exec("DROP SCHEMA IF EXISTS " + *quoted + " CASCADE");
  if (!drop.ok()) return drop.ToStatus(context);
  PgResult unregistered = conn.ExecParams(kDeleteNamespace, params);
  if (!unregistered.ok()) return unregistered.ToStatus(context);
  MDBPROF_RETURN_IF_ERROR(txn.Commit());
  Forget(name);
  return deleted;
}

Status PostgresStore::SetTokenHash(const std::string& name,
                                   const std::string& token_hash) {
  Result<PgPool::Lease> lease = pool_.Acquire();
  if (!lease.ok()) return lease.status();
  PgParams params;
  params.Add(name).Add(token_hash);
  PgResult r =
      (*lease)->ExecPrepared(kUpdateToken.name, kUpdateToken.sql, params);
  if (!r.ok())
    return r.ToStatus("updating the token of namespace '" + name + "'");
  if (r.affected_rows() == 0) return NamespaceNotFound(name);
  return Status::Ok();
}

Result<std::optional<NamespaceRecord>> PostgresStore::FindNamespace(
    const std::string& name) {
  Result<PgPool::Lease> lease = pool_.Acquire();
  if (!lease.ok()) return lease.status();
  PgParams params;
  params.Add(name);
  PgResult r =
      (*lease)->ExecPrepared(kFindNamespace.name, kFindNamespace.sql, params);
  if (!r.ok()) return r.ToStatus("looking up namespace '" + name + "'");
  if (r.rows() == 0) return std::optional<NamespaceRecord>();
  return std::optional<NamespaceRecord>(ReadRecord(r, 0));
}

Result<std::vector<NamespaceRecord>> PostgresStore::ListNamespaces() {
  Result<PgPool::Lease> lease = pool_.Acquire();
  if (!lease.ok()) return lease.status();
  PgResult r = (*lease)->ExecPrepared(kListNamespaces.name, kListNamespaces.sql,
                                      PgParams());
  if (!r.ok()) return r.ToStatus("listing namespaces");
  std::vector<NamespaceRecord> records;
  for (int row = 0; row < r.rows(); ++row)
    records.push_back(ReadRecord(r, row));
  return records;
}

Result<StoreHealth> PostgresStore::Health() {
  Result<PgPool::Lease> lease = pool_.Acquire();
  if (!lease.ok()) return lease.status();
  PgResult r = (*lease)->Exec("SELECT 1");
  if (!r.ok()) return r.ToStatus("PostgreSQL at " + (*lease)->target());
  StoreHealth health;
  health.backend = flavor_ == PgFlavor::kTimescale ? "timescale" : "postgres";
  health.connections = pool_.open_connections();
  return health;
}

}  // namespace refserver
