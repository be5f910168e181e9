// Test-only: the PostgreSQL servers the store tests run against, one of
// each per test process, started on first use and stopped at exit.
//
//   Result<PgTestServer*> pg = PgTestServer::Postgres();  // or ::Timescale()
//   if (!pg.ok() && IsSkip(pg.status())) GTEST_SKIP() << pg.status().message();
//   ASSERT_TRUE(pg.ok()) << pg.status().message();
//   ASSERT_TRUE((*pg)->Reset().ok());  // no namespaces left by earlier tests
//   StoreConfig config;
//   config.db_url = (*pg)->Url(/*pool_size=*/4);
//
// Postgres(): a throwaway cluster (fixtures/pg_cluster.h).
// Timescale(): the local TimescaleDB (fixtures/timescale/server.mjs: PGlite
// + TimescaleDB over the wire protocol, client connections multiplexed onto
// one PGlite session; Reset() only while no store is open).
// First call each from the main thread: the server dies with the thread
// that started it.
#ifndef REFSERVER_STORE_POSTGRES_PG_TEST_SERVERS_H_
#define REFSERVER_STORE_POSTGRES_PG_TEST_SERVERS_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "fixtures/child_process.h"
#include "fixtures/pg_cluster.h"
#include "fixtures/scratch_dir.h"

namespace refserver::testing {

class PgTestServer {
 public:
  // Skipped (mdbprof::IsSkip): this server cannot run here (skip, with why);
  // other errors: it did not come up (fail). Later calls repeat the first
  // outcome.
  static mdbprof::Result<PgTestServer*> Postgres();
  static mdbprof::Result<PgTestServer*> Timescale();

  // A --db-url for this server, with `pool_size=N` when pool_size > 0.
  std::string Url(int pool_size = 0) const;
  // libpq keyword/value connection string.
  const std::string& conninfo() const { return conninfo_; }
  // Runs `sql` on a connection of its own; the first column of every row
  // ("<null>" for NULL).
  mdbprof::Result<std::vector<std::string>> Query(const std::string& sql) const;
  // Drops refserver_meta and every mdb_ns_* schema.
  mdbprof::Status Reset() const;

  // The throwaway cluster (nullptr for the timescale server).
  mdbprof::fixtures::PgCluster* cluster() { return cluster_.get(); }

 private:
  explicit PgTestServer(mdbprof::fixtures::ScratchDir scratch)
      : scratch_(std::move(scratch)) {}
  static mdbprof::Result<std::unique_ptr<PgTestServer>> StartPostgres();
  static mdbprof::Result<std::unique_ptr<PgTestServer>> StartTimescale();

  mdbprof::fixtures::ScratchDir scratch_;  // destroyed after the processes
  std::unique_ptr<mdbprof::fixtures::PgCluster> cluster_;
  std::unique_ptr<mdbprof::fixtures::ChildProcess> node_;
  std::string url_;
  std::string conninfo_;
};

}  // namespace refserver::testing

#endif  // REFSERVER_STORE_POSTGRES_PG_TEST_SERVERS_H_
