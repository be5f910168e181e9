// One opener per store backend, called by OpenStore (store_factory.cc) for
// the URL's scheme. Each validates the parts of StoreConfig it uses and
// returns InvalidArgument for a bad URL or flag combination.
//
//   Result<std::unique_ptr<Store>> s = OpenSqliteStore(config, url);
#ifndef REFSERVER_STORE_BACKEND_OPENERS_H_
#define REFSERVER_STORE_BACKEND_OPENERS_H_

#include <memory>

#include "server/store/db_url.h"
#include "server/store/store.h"
#include "server/store/store_factory.h"

namespace refserver {

// `sqlite://FILE`: see store_factory.h. Accepts db_type "" or "sqlite".
Result<std::unique_ptr<Store>> OpenSqliteStore(const StoreConfig& config,
                                               const DbUrl& url);

// `pebble://DIR` (RocksDB; server/store/pebble/): DIR absolute, or relative
// to data_dir when given; `pebble://` alone uses data_dir. DIR is created
// when missing. Accepts db_type "" or "pebble".
Result<std::unique_ptr<Store>> OpenPebbleStore(const StoreConfig& config,
                                               const DbUrl& url);

// `postgres://user:pass@host:port/db` (libpq URI; `?host=/dir` for a unix
// socket; `?pool_size=N` overrides max_connections as the pool size;
// server/store/postgres/). Accepts db_type "", "postgres" or "timescale"
// (the messages table becomes a TimescaleDB hypertable).
Result<std::unique_ptr<Store>> OpenPostgresStore(const StoreConfig& config,
                                                 const DbUrl& url);

}  // namespace refserver

#endif  // REFSERVER_STORE_BACKEND_OPENERS_H_
