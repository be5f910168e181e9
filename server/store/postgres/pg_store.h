// PostgresStore: the `postgres://` backend (and, with PgFlavor::kTimescale,
// `--db-type timescale`). One schema per namespace (pg_schema.h) plus the
// registry in schema `refserver_meta`, reached through a PgPool.
//
//   PostgresStore::Options options;
//   options.connect = *ParsePostgresUrl("postgres://u:p@db:5432/events", 8);
//   Result<std::unique_ptr<PostgresStore>> store =
//   PostgresStore::Open(options);
//
// Writes run write_message (pg_schema.h) in one round trip: the stream's
// transaction-scoped advisory lock, the expected-version check and the
// insert happen in one transaction, so concurrent writers to a stream get
// dense positions and exactly one of two writers expecting the same version
// wins. Reads are single prepared SELECTs. Prepared statements are per
// connection and per namespace incarnation.
//
// Namespace entries (registry id, schema) are cached after first use; a
// namespace dropped behind the store's back reads as NotFound.
#ifndef REFSERVER_STORE_POSTGRES_PG_STORE_H_
#define REFSERVER_STORE_POSTGRES_PG_STORE_H_

#include <map>
#include <memory>
#include <shared_mutex>
#include <string>

#include "server/store/postgres/pg_pool.h"
#include "server/store/postgres/pg_schema.h"
#include "server/store/postgres/pg_url.h"
#include "server/store/store.h"

namespace refserver {

class PostgresStore : public Store {
 public:
  struct Options {
    PgConnectOptions connect;  // includes the pool size
    PgFlavor flavor = PgFlavor::kPostgres;
  };

  // Connects once (errors name host:port/database), creates the registry
  // and, for kTimescale, the timescaledb extension (FailedPrecondition
  // "timescaledb extension not available on host:port: ..." when missing).
  static Result<std::unique_ptr<PostgresStore>> Open(const Options& options);

  Status CreateNamespace(const NamespaceRecord& record) override;
  Result<int64_t> DeleteNamespace(const std::string& name) override;
  Status SetTokenHash(const std::string& name,
                      const std::string& token_hash) override;
  Result<std::optional<NamespaceRecord>> FindNamespace(
      const std::string& name) override;
  Result<std::vector<NamespaceRecord>> ListNamespaces() override;
  Result<NamespaceStats> GetNamespaceStats(const std::string& name) override;

  Result<WriteResult> WriteMessage(const std::string& ns,
                                   const NewMessage& message) override;
  Result<std::vector<Message>> GetStreamMessages(
      const std::string& ns, const StreamQuery& query) override;
  Result<std::optional<Message>> GetLastStreamMessage(
      const std::string& ns, const std::string& stream_name,
      const std::optional<std::string>& type) override;
  Result<std::optional<int64_t>> GetStreamVersion(
      const std::string& ns, const std::string& stream_name) override;
  Result<std::vector<Message>> GetCategoryMessages(
      const std::string& ns, const CategoryQuery& query) override;

  Result<StoreHealth> Health() override;

  int pool_size() const { return pool_.size(); }

 private:
  // A registered namespace as the message operations need it.
  struct Namespace {
    std::string name;
    std::string quoted_schema;
    NamespaceStatements statements;
  };

  PostgresStore(const Options& options, std::string quoted_extension_schema);

  // Runs `op(connection, namespace)` on a pooled connection; NotFound when
  // `ns` is not registered (or vanished meanwhile).
  template <typename T, typename Op>
  Result<T> WithNamespace(const std::string& ns, Op&& op);

  // The cached entry of `name`, loading it through `conn` on a miss.
  Result<std::shared_ptr<const Namespace>> Resolve(PgConnection& conn,
                                                   const std::string& name);
  void Forget(const std::string& name);

  // Creates the namespace's schema objects inside an open transaction.
  Status ProvisionSchema(PgConnection& conn, const std::string& quoted_schema);

  PgPool pool_;
  const PgFlavor flavor_;
  const std::string quoted_extension_schema_;  // timescaledb's; "" otherwise

  std::shared_mutex cache_mu_;
  std::map<std::string, std::shared_ptr<const Namespace>, std::less<>>
      cache_;  // guarded by cache_mu_
};

}  // namespace refserver

#endif  // REFSERVER_STORE_POSTGRES_PG_STORE_H_
