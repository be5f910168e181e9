#include "server/store/backend_openers.h"
#include "server/store/postgres/pg_store.h"
#include "server/store/postgres/pg_url.h"

namespace refserver {

Result<std::unique_ptr<Store>> OpenPostgresStore(const StoreConfig& config,
                                                 const DbUrl& url) {
  PostgresStore::Options options;
  if (config.db_type.empty() || config.db_type == "postgres" ||
      config.db_type == "postgresql") {
    options.flavor = PgFlavor::kPostgres;
  } else if (config.db_type == "timescale" || config.db_type == "timescaledb") {
    options.flavor = PgFlavor::kTimescale;
  } else {
    return mdbprof::InvalidArgument(
        "--db-type " + config.db_type +
        " does not apply to a postgres:// URL (use postgres or timescale)");
  }
  Result<PgConnectOptions> connect =
      ParsePostgresUrl(url.scheme + "://" + url.rest, config.max_connections);
  if (!connect.ok()) return connect.status();
  options.connect = std::move(*connect);
  Result<std::unique_ptr<PostgresStore>> store = PostgresStore::Open(options);
  if (!store.ok()) return store.status();
  return std::unique_ptr<Store>(std::move(*store));
}

}  // namespace refserver
