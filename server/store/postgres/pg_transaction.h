// PgTransaction: BEGIN ... COMMIT on one connection, rolled back when the
// scope ends without Commit().
//
//   PgTransaction txn(conn);
//   MDBPROF_RETURN_IF_ERROR(txn.Begin());
//   ... statements; return on error (rolls back) ...
//   return txn.Commit();
#ifndef REFSERVER_STORE_POSTGRES_PG_TRANSACTION_H_
#define REFSERVER_STORE_POSTGRES_PG_TRANSACTION_H_

#include "base/status.h"
#include "server/store/postgres/pg_connection.h"

namespace refserver {

class PgTransaction {
 public:
  explicit PgTransaction(PgConnection& conn) : conn_(conn) {}
  ~PgTransaction() {
    if (open_) (void)conn_.Exec("ROLLBACK");
  }
  PgTransaction(const PgTransaction&) = delete;
  PgTransaction& operator=(const PgTransaction&) = delete;

  mdbprof::Status Begin() {
    PgResult r = conn_.Exec("BEGIN");
    if (!r.ok()) return r.ToStatus("PostgreSQL at " + conn_.target());
    open_ = true;
    return mdbprof::Status::Ok();
  }

  mdbprof::Status Commit() {
    PgResult r = conn_.Exec("COMMIT");
    open_ = false;  // a failed COMMIT has ended the transaction too
    if (!r.ok()) return r.ToStatus("PostgreSQL at " + conn_.target());
    return mdbprof::Status::Ok();
  }

 private:
  PgConnection& conn_;
  bool open_ = false;
};

}  // namespace refserver

#endif  // REFSERVER_STORE_POSTGRES_PG_TRANSACTION_H_
