// What only SqliteStore does. The Store contract (messages, namespaces,
// concurrency, reopen) runs on SQLite in store_contract_test.cc and
// store_contract_namespace_test.cc.
#include "server/store/sqlite_store.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace refserver {
namespace {

TEST(SqliteStoreFiles, UnwritableDataDirIsAnErrorNamingIt) {
  SqliteStore::Options options;
  options.metadata_path = "/proc/refserver-nope/meta.db";
  options.data_dir = "/proc/refserver-nope";
  Result<std::unique_ptr<SqliteStore>> store = SqliteStore::Open(options);
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.status().message().find("/proc/refserver-nope"),
            std::string::npos)
      << store.status().message();
}

}  // namespace
}  // namespace refserver
