// SqliteReaderPool: up to N read connections to one SQLite file, handed out
// one caller at a time. With WAL, readers run concurrently with each other
// and with the single writer.
//
//   SqliteReaderPool pool("/data/ns_default.db", 8);
//   Result<SqliteReaderPool::Lease> lease = pool.Acquire();
//   if (!lease.ok()) return lease.status();
//   SqliteConnection& db = **lease;  // exclusive until the lease ends
//
// Threading: Acquire may be called from any thread; it blocks while all N
// connections are leased. Connections are opened lazily and kept open.
// The pool must outlive its leases.
#ifndef REFSERVER_STORE_SQLITE_READER_POOL_H_
#define REFSERVER_STORE_SQLITE_READER_POOL_H_

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "base/status.h"
#include "server/store/sqlite_connection.h"

namespace refserver {

class SqliteReaderPool {
 public:
  class Lease {
   public:
    Lease(SqliteReaderPool* pool, std::unique_ptr<SqliteConnection> c)
        : pool_(pool), connection_(std::move(c)) {}
    Lease(Lease&& other) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (connection_ != nullptr) pool_->Release(std::move(connection_));
    }
    SqliteConnection& operator*() const { return *connection_; }
    SqliteConnection* operator->() const { return connection_.get(); }

   private:
    SqliteReaderPool* pool_;
    std::unique_ptr<SqliteConnection> connection_;
  };

  // REQUIRES: max_connections >= 1.
  SqliteReaderPool(std::string path, int max_connections);

  Result<Lease> Acquire();
  int open_connections() const;

 private:
  void Release(std::unique_ptr<SqliteConnection> connection);

  const std::string path_;
  const int max_connections_;
  mutable std::mutex mu_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<SqliteConnection>> idle_;  // guarded by mu_
  int open_ = 0;                                         // guarded by mu_
};

}  // namespace refserver

#endif  // REFSERVER_STORE_SQLITE_READER_POOL_H_
