// ParsePostgresUrl: the libpq connection settings and pool size of a
// `postgres://` --db-url.
//
//   Result<PgConnectOptions> o = ParsePostgresUrl(
//       "postgres://app:secret@db.local:5432/events?pool_size=4", 8);
//   o->pool_size == 4;  // o->params holds host, port, user, password, dbname
//
// Accepted: everything libpq accepts in a connection URI
// (`postgres://user:pass@host:port/db?sslmode=...`, `?host=/socket/dir` for
// a unix socket), plus `pool_size=N` (1..1024), which this server consumes.
// Error messages never contain the password.
#ifndef REFSERVER_STORE_POSTGRES_PG_URL_H_
#define REFSERVER_STORE_POSTGRES_PG_URL_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"

namespace refserver {

struct PgConnectOptions {
  // libpq keyword/value pairs (PQconnectdbParams), URL settings first, then
  // defaults the URL did not set (connect_timeout, application_name).
  std::vector<std::pair<std::string, std::string>> params;
  int pool_size = 1;  // >= 1
};

inline constexpr int kMaxPgPoolSize = 1024;

// InvalidArgument (naming the URL with its password masked) for anything
// libpq rejects or a bad pool_size. `default_pool_size` applies without
// `pool_size`. REQUIRES: default_pool_size >= 1.
mdbprof::Result<PgConnectOptions> ParsePostgresUrl(std::string_view url,
                                                   int default_pool_size);

// `url` with the password of its user-info part replaced by "***" (and any
// `password=` query parameter's value too).
std::string RedactPostgresUrl(std::string_view url);

}  // namespace refserver

#endif  // REFSERVER_STORE_POSTGRES_PG_URL_H_
