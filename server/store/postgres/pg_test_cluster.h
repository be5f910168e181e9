// PgTestCluster (test-only): one throwaway PostgreSQL cluster per test
// process, started on first use and stopped at exit.
//
//   Result<PgTestCluster*> pg = PgTestCluster::Get();
//   if (!pg.ok() && IsSkip(pg.status())) GTEST_SKIP() << pg.status().message();
//   ASSERT_TRUE(pg.ok()) << pg.status().message();
//   ASSERT_TRUE((*pg)->Reset().ok());  // no namespaces left from other tests
//   StoreConfig config;
//   config.db_url = (*pg)->Url(/*pool_size=*/4);
//
// Call Get() first from the main thread (the cluster dies with the thread
// that started it).
#ifndef REFSERVER_STORE_POSTGRES_PG_TEST_CLUSTER_H_
#define REFSERVER_STORE_POSTGRES_PG_TEST_CLUSTER_H_

#include <memory>
#include <string>

#include "base/status.h"
#include "fixtures/pg_cluster.h"
#include "fixtures/scratch_dir.h"

namespace refserver::testing {

class PgTestCluster {
 public:
  // FailedPrecondition: PostgreSQL is not installed here (skip); other
  // errors: the cluster did not come up (fail). Later calls return the
  // first outcome.
  static mdbprof::Result<PgTestCluster*> Get();

  // The cluster's URL with `?pool_size=N` appended when pool_size > 0.
  std::string Url(int pool_size = 0) const;
  // Drops refserver_meta and every mdb_ns_* schema.
  mdbprof::Status Reset();
  // Runs `sql` (one statement) and returns the first column of every row.
  mdbprof::Result<std::vector<std::string>> Query(const std::string& sql);

  mdbprof::fixtures::PgCluster& cluster() { return *cluster_; }

 private:
  mdbprof::fixtures::ScratchDir scratch_;  // destroyed after the cluster
  std::unique_ptr<mdbprof::fixtures::PgCluster> cluster_;

  explicit PgTestCluster(mdbprof::fixtures::ScratchDir scratch)
      : scratch_(std::move(scratch)) {}
};

inline bool IsSkip(const mdbprof::Status& s) {
  return s.code() == mdbprof::StatusCode::kFailedPrecondition;
}

}  // namespace refserver::testing

#endif  // REFSERVER_STORE_POSTGRES_PG_TEST_CLUSTER_H_
