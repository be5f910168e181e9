// Backends() of refserver_postgres_test: the postgres store on the test
// servers of pg_test_servers.h, each test on an emptied database.
#include "server/store/postgres/pg_test_servers.h"
#include "server/store/store_contract_fixture.h"

namespace refserver::contract {
namespace {

using testing::PgTestServer;

Backend PgBackend(std::string name, bool timescale, int pool_size) {
  auto server = [timescale] {
    return timescale ? PgTestServer::Timescale() : PgTestServer::Postgres();
  };
  Backend b;
  b.name = std::move(name);
  b.expected_health_backend = timescale ? "timescale" : "postgres";
  b.prepare = [server]() -> mdbprof::Status {
    mdbprof::Result<PgTestServer*> s = server();
    if (!s.ok()) return s.status();
    return (*s)->Reset();  // no store is open between tests
  };
  b.config = [server, timescale, pool_size](const std::string&) {
    StoreConfig c;
    c.db_url = (*server())->Url(pool_size);  // prepare() brought it up
    if (timescale) c.db_type = "timescale";
    return c;
  };
  b.max_connections = pool_size;
  return b;
}

}  // namespace

std::vector<Backend> Backends() {
  // The local TimescaleDB multiplexes its clients onto one PGlite session:
  // a pool of 4 checks that transactions stay atomic there.
  return {PgBackend("PostgresPool1", false, 1),
          PgBackend("PostgresPool4", false, 4),
          PgBackend("Timescale", true, 4)};
}

}  // namespace refserver::contract
