#include "server/store/postgres/pg_test_cluster.h"

#include <libpq-fe.h>
#include <sys/stat.h>
#include <unistd.h>

#include <mutex>

namespace refserver::testing {

using mdbprof::fixtures::PgCluster;
using mdbprof::fixtures::PgClusterOptions;
using mdbprof::fixtures::ScratchDir;

mdbprof::Result<PgTestCluster*> PgTestCluster::Get() {
  static std::once_flag once;
  static std::unique_ptr<PgTestCluster> instance;
  static mdbprof::Status failure;
  std::call_once(once, [] {
    PgClusterOptions options;
    failure = mdbprof::fixtures::CheckPgClusterPrerequisites(options);
    if (!failure.ok()) return;
    mdbprof::Result<ScratchDir> scratch = ScratchDir::Create("refserver-pg");
    if (!scratch.ok()) {
      failure = scratch.status();
      return;
    }
    if (geteuid() == 0) chmod(scratch->path().c_str(), 0711);
    options.root_dir = scratch->path() + "/postgres";
    std::unique_ptr<PgTestCluster> made(new PgTestCluster(std::move(*scratch)));
    mdbprof::Result<std::unique_ptr<PgCluster>> cluster = PgCluster::Start(options);
    if (!cluster.ok()) {
      failure = mdbprof::Unavailable(cluster.status().message());
      return;
    }
    made->cluster_ = std::move(*cluster);
    instance = std::move(made);
  });
  if (instance == nullptr) return failure;
  return instance.get();
}

std::string PgTestCluster::Url(int pool_size) const {
  std::string url = cluster_->Url();
  if (pool_size > 0) url += "&pool_size=" + std::to_string(pool_size);
  return url;
}

mdbprof::Result<std::vector<std::string>> PgTestCluster::Query(
    const std::string& sql) {
  PGconn* conn = PQconnectdb(cluster_->ConnInfo().c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string why = PQerrorMessage(conn);
    PQfinish(conn);
    return mdbprof::Unavailable("test cluster: " + why);
  }
  PQsetNoticeProcessor(conn, [](void*, const char*) {}, nullptr);
  PGresult* r = PQexec(conn, sql.c_str());
  std::vector<std::string> rows;
  mdbprof::Status status;
  if (PQresultStatus(r) == PGRES_TUPLES_OK) {
    for (int i = 0; i < PQntuples(r); ++i) {
      rows.emplace_back(PQgetisnull(r, i, 0) ? "<null>" : PQgetvalue(r, i, 0));
    }
  } else if (PQresultStatus(r) != PGRES_COMMAND_OK) {
    status = mdbprof::Internal(sql + ": " + PQerrorMessage(conn));
  }
  PQclear(r);
  PQfinish(conn);
  if (!status.ok()) return status;
  return rows;
}

mdbprof::Status PgTestCluster::Reset() {
  mdbprof::Result<std::vector<std::string>> drops = Query(
      "SELECT format('DROP SCHEMA %I CASCADE', nspname) FROM pg_namespace "
      "WHERE nspname = 'refserver_meta' OR nspname LIKE 'mdb\\_ns\\_%'");
  if (!drops.ok()) return drops.status();
  for (const std::string& sql : *drops) {
    mdbprof::Result<std::vector<std::string>> dropped = Query(sql);
    if (!dropped.ok()) return dropped.status();
  }
  return mdbprof::Status::Ok();
}

}  // namespace refserver::testing
