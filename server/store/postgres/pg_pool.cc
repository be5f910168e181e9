#include "server/store/postgres/pg_pool.h"

#include <utility>

namespace refserver {

PgPool::Lease::Lease(Lease&& other) noexcept
    : pool_(other.pool_), conn_(std::move(other.conn_)) {}

PgPool::Lease::~Lease() {
  if (conn_ != nullptr) pool_->Release(std::move(conn_));
}

PgPool::PgPool(PgConnectOptions options) : options_(std::move(options)) {}

mdbprof::Result<PgPool::Lease> PgPool::Acquire(std::chrono::milliseconds wait) {
  const auto deadline = std::chrono::steady_clock::now() + wait;
  std::unique_lock<std::mutex> lock(mu_);
  while (idle_.empty() && open_ >= options_.pool_size) {
    if (returned_.wait_until(lock, deadline) == std::cv_status::timeout &&
        idle_.empty() && open_ >= options_.pool_size) {
      return mdbprof::DeadlineExceeded(
          "all " + std::to_string(options_.pool_size) +
          " PostgreSQL connections stayed busy for " +
          std::to_string(wait.count()) + " ms");
    }
  }
  if (!idle_.empty()) {
    std::unique_ptr<PgConnection> conn = std::move(idle_.back());
    idle_.pop_back();
    return Lease(this, std::move(conn));
  }
  ++open_;  // reserve the slot, connect without holding the lock
  lock.unlock();
  mdbprof::Result<std::unique_ptr<PgConnection>> conn =
      PgConnection::Connect(options_);
  if (!conn.ok()) {
    lock.lock();
    --open_;
    returned_.notify_one();
    return conn.status();
  }
  return Lease(this, std::move(*conn));
}

void PgPool::Release(std::unique_ptr<PgConnection> conn) {
  if (conn->NeedsDiscard()) {
    // A transaction left open by an error path: try to end it; close the
    // connection if that does not bring it back to idle.
    if (!conn->Exec("ROLLBACK").ok() || conn->NeedsDiscard()) conn.reset();
  }
  std::lock_guard<std::mutex> lock(mu_);
  if (conn == nullptr) {
    --open_;
  } else {
    idle_.push_back(std::move(conn));
  }
  returned_.notify_one();
}

int PgPool::open_connections() const {
  std::lock_guard<std::mutex> lock(mu_);
  return open_;
}

}  // namespace refserver
