// PgPool: at most `size` PgConnections to one server, opened on demand and
// leased to one thread at a time.
//
//   PgPool pool(options);  // options.pool_size connections at most
//   Result<PgPool::Lease> lease = pool.Acquire();
//   if (!lease.ok()) return lease.status();
//   PgResult r = (*lease)->Exec("SELECT 1");
//
// A lease returns its connection when destroyed; a connection that broke or
// was left inside a transaction is closed instead and reopened later.
// A thread must not hold two leases at once: with a pool of 1 that would
// wait forever.
//
// Threading: every method may be called from any thread.
#ifndef REFSERVER_STORE_POSTGRES_PG_POOL_H_
#define REFSERVER_STORE_POSTGRES_PG_POOL_H_

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <vector>

#include "base/status.h"
#include "server/store/postgres/pg_connection.h"
#include "server/store/postgres/pg_url.h"

namespace refserver {

class PgPool {
 public:
  class Lease {
   public:
    Lease(Lease&& other) noexcept;
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    PgConnection* operator->() const { return conn_.get(); }
    PgConnection& operator*() const { return *conn_; }

   private:
    friend class PgPool;
    Lease(PgPool* pool, std::unique_ptr<PgConnection> conn)
        : pool_(pool), conn_(std::move(conn)) {}
    PgPool* pool_;
    std::unique_ptr<PgConnection> conn_;
  };

  explicit PgPool(PgConnectOptions options);
  // REQUIRES: no lease outstanding.
  ~PgPool() = default;

  // An idle connection, a new one while fewer than size() are open, or the
  // next one returned within `wait` (DeadlineExceeded after that).
  // Connection failures are returned as they are (Unavailable).
  mdbprof::Result<Lease> Acquire(
      std::chrono::milliseconds wait = std::chrono::seconds(30));

  int size() const { return options_.pool_size; }
  // Connections currently open (idle or leased).
  int open_connections() const;

 private:
  void Release(std::unique_ptr<PgConnection> conn);

  const PgConnectOptions options_;
  mutable std::mutex mu_;
  std::condition_variable returned_;
  std::vector<std::unique_ptr<PgConnection>> idle_;  // guarded by mu_
  int open_ = 0;  // guarded by mu_; idle + leased + being opened
};

}  // namespace refserver

#endif  // REFSERVER_STORE_POSTGRES_PG_POOL_H_
