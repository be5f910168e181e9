// SqliteNamespaceDb: the messages of one namespace in one SQLite database
// (a WAL file, or a private in-memory database), with Message DB semantics.
//
//   Result<std::unique_ptr<SqliteNamespaceDb>> db =
//       SqliteNamespaceDb::Open("/data/ns_default.db", /*max_readers=*/8);
//   Result<WriteResult> w = (*db)->Write(message);
//
// Writes go through one writer connection under a mutex, each in its own
// BEGIN IMMEDIATE transaction that also checks expected_version. Reads use a
// pool of reader connections (file databases) or the writer connection
// under the same mutex (in-memory databases, which cannot be shared).
// Global positions are SQLite rowids: 1, 2, 3, ... per database.
//
// Threading: all methods are safe to call concurrently.
#ifndef REFSERVER_STORE_SQLITE_NAMESPACE_DB_H_
#define REFSERVER_STORE_SQLITE_NAMESPACE_DB_H_

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "server/store/sqlite_connection.h"
#include "server/store/sqlite_reader_pool.h"
#include "server/store/store.h"

namespace refserver {

class SqliteNamespaceDb {
 public:
  // Opens or creates the database at `path` (":memory:" for in-memory) and
  // its schema. REQUIRES: max_readers >= 1.
  static Result<std::unique_ptr<SqliteNamespaceDb>> Open(
      const std::string& path, int max_readers);

  Result<WriteResult> Write(const NewMessage& message);
  Result<std::vector<Message>> GetStream(const StreamQuery& query);
  Result<std::optional<Message>> GetLast(
      const std::string& stream_name, const std::optional<std::string>& type);
  Result<std::optional<int64_t>> GetVersion(const std::string& stream_name);
  Result<std::vector<Message>> GetCategory(const CategoryQuery& query);
  Result<NamespaceStats> Stats();

  // Open connections (writer + readers).
  int connection_count() const;

 private:
  SqliteNamespaceDb(std::string path, std::unique_ptr<SqliteConnection> writer,
                    int max_readers);

  // Runs `read(connection)` on a reader (or the guarded writer in memory).
  template <typename T, typename F>
  Result<T> WithReader(F&& read);

  const std::string path_;
  const bool in_memory_;
  std::mutex write_mu_;
  std::unique_ptr<SqliteConnection> writer_;   // guarded by write_mu_
  std::unique_ptr<SqliteReaderPool> readers_;  // null when in memory
};

}  // namespace refserver

#endif  // REFSERVER_STORE_SQLITE_NAMESPACE_DB_H_
