#include "server/store/sqlite_reader_pool.h"

#include <utility>

namespace refserver {

SqliteReaderPool::SqliteReaderPool(std::string path, int max_connections)
    : path_(std::move(path)), max_connections_(max_connections) {}

Result<SqliteReaderPool::Lease> SqliteReaderPool::Acquire() {
  std::unique_lock<std::mutex> lock(mu_);
  available_.wait(
      lock, [this] { return !idle_.empty() || open_ < max_connections_; });
  if (!idle_.empty()) {
    std::unique_ptr<SqliteConnection> connection = std::move(idle_.back());
    idle_.pop_back();
    return Lease(this, std::move(connection));
  }
  ++open_;
  lock.unlock();
  Result<std::unique_ptr<SqliteConnection>> opened =
      SqliteConnection::Open(path_);
  if (!opened.ok()) {
    lock.lock();
    --open_;
    available_.notify_one();
    return opened.status();
  }
  return Lease(this, std::move(*opened));
}

int SqliteReaderPool::open_connections() const {
  std::lock_guard<std::mutex> lock(mu_);
  return open_;
}

void SqliteReaderPool::Release(std::unique_ptr<SqliteConnection> connection) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    idle_.push_back(std::move(connection));
  }
  available_.notify_one();
}

}  // namespace refserver
