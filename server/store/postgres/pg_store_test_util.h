// Test-only helpers of the postgres store tests: message builders and a
// fixture opening a store (through OpenStore, as the server does) against
// a fresh database of the variant's server.
#ifndef REFSERVER_STORE_POSTGRES_PG_STORE_TEST_UTIL_H_
#define REFSERVER_STORE_POSTGRES_PG_STORE_TEST_UTIL_H_

#include <gtest/gtest.h>

#include <atomic>
#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "server/store/postgres/pg_test_servers.h"
#include "server/store/store.h"
#include "server/store/store_factory.h"
#include "server/testing/test_messages.h"

namespace refserver::testing {

inline std::vector<int64_t> GlobalPositions(const std::vector<Message>& ms) {
  std::vector<int64_t> gps;
  for (const Message& m : ms) gps.push_back(m.global_position);
  return gps;
}

struct PgVariant {
  std::string name;
  bool timescale = false;
  int pool_size = 1;
};

inline std::string VariantName(const ::testing::TestParamInfo<PgVariant>& i) {
  return i.param.name;
}

// Opens a store of the variant on a fresh database with namespace
// "default" created. Skips when the variant's server cannot run here.
class PgStoreFixture : public ::testing::TestWithParam<PgVariant> {
 protected:
  void SetUp() override {
    mdbprof::Result<PgTestServer*> server = GetParam().timescale
                                                ? PgTestServer::Timescale()
                                                : PgTestServer::Postgres();
    if (!server.ok() && IsSkip(server.status())) {
      GTEST_SKIP() << server.status().message();
    }
    ASSERT_TRUE(server.ok()) << server.status().message();
    server_ = *server;
    mdbprof::Status reset = server_->Reset();
    ASSERT_TRUE(reset.ok()) << reset.message();
    Reopen();
    ASSERT_TRUE(store_ != nullptr);
    mdbprof::Status created = store_->CreateNamespace(Record("default"));
    ASSERT_TRUE(created.ok()) << created.message();
  }

  void TearDown() override { store_.reset(); }

  StoreConfig Config(int pool_size) const {
    StoreConfig config;
    config.db_url = server_->Url(pool_size);
    if (GetParam().timescale) config.db_type = "timescale";
    return config;
  }

  void Reopen() {
    store_.reset();  // the old store's connections close first
    mdbprof::Result<std::unique_ptr<Store>> store =
        OpenStore(Config(GetParam().pool_size));
    ASSERT_TRUE(store.ok()) << store.status().message();
    store_ = std::move(*store);
  }

  // Runs `sql` on the server with the store closed (the local TimescaleDB
  // would queue the query behind the store's connection), then reopens.
  std::vector<std::string> QueryWithStoreClosed(const std::string& sql) {
    store_.reset();
    mdbprof::Result<std::vector<std::string>> rows = server_->Query(sql);
    EXPECT_TRUE(rows.ok()) << rows.status().message();
    Reopen();
    return rows.ok() ? *rows : std::vector<std::string>{"<error>"};
  }

  WriteResult Write(const NewMessage& m, const std::string& ns = "default") {
    mdbprof::Result<WriteResult> r = store_->WriteMessage(ns, m);
    EXPECT_TRUE(r.ok()) << r.status().message();
    return r.ok() ? *r : WriteResult{-1, -1};
  }

  std::vector<Message> Stream(StreamQuery q) {
    mdbprof::Result<std::vector<Message>> r =
        store_->GetStreamMessages("default", q);
    EXPECT_TRUE(r.ok()) << r.status().message();
    return r.ok() ? *r : std::vector<Message>();
  }

  std::vector<Message> Category(CategoryQuery q) {
    mdbprof::Result<std::vector<Message>> r =
        store_->GetCategoryMessages("default", q);
    EXPECT_TRUE(r.ok()) << r.status().message();
    return r.ok() ? *r : std::vector<Message>();
  }

  PgTestServer* server_ = nullptr;
  std::unique_ptr<Store> store_;
};

}  // namespace refserver::testing

#endif  // REFSERVER_STORE_POSTGRES_PG_STORE_TEST_UTIL_H_
