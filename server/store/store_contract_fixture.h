// StoreContractTest: a fixture running the Store contract (store.h) against
// every backend a test binary lists in Backends(): refserver_store_test
// has SQLite on disk, SQLite in memory and pebble (RocksDB)
// (store_contract_backends.cc); refserver_postgres_test has PostgreSQL with
// pools of 1 and 4 and TimescaleDB (postgres/pg_contract_backends.cc).
// Test files derive a suite from it and instantiate it over Backends():
//
//   class MyContractTest : public StoreContractTest {};
//   TEST_P(MyContractTest, Something) { Write(Msg("s-1")); ... }
//   INSTANTIATE_TEST_SUITE_P(Backends, MyContractTest,
//                            ::testing::ValuesIn(Backends()), BackendName);
#ifndef REFSERVER_STORE_STORE_CONTRACT_FIXTURE_H_
#define REFSERVER_STORE_STORE_CONTRACT_FIXTURE_H_

#include <gtest/gtest.h>

#include <atomic>
#include <cstdio>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "server/store/store.h"
#include "server/store/store_factory.h"
#include "server/testing/scoped_temp_dir.h"
#include "server/testing/test_messages.h"

namespace refserver::contract {

struct Backend {
  std::string name;
  std::string expected_health_backend;
  // Run before every test (may be empty): brings the backend's server up
  // once per process and empties it. A Skipped() status (mdbprof::IsSkip)
  // skips the test (the server cannot run here; the message says why);
  // other errors fail it.
  std::function<mdbprof::Status()> prepare;
  // The StoreConfig opening this backend with its files (if any) under
  // `dir`.
  std::function<StoreConfig(const std::string& dir)> config;
  // Where namespace `ns`'s files live under `dir`; "" when not in files.
  std::function<std::string(const std::string& dir, const std::string& ns)>
      storage_path =
          [](const std::string&, const std::string&) { return std::string(); };
  bool persistent = true;  // data survives closing and reopening the store
  // What Health() may report with namespace "default" open.
  int min_connections = 1;
  int max_connections = 1 << 20;
};

// gtest prints a parameter with this instead of its bytes.
inline void PrintTo(const Backend& backend, std::ostream* os) {
  *os << backend.name;
}

// The backends of this test binary (defined once per binary, see above).
std::vector<Backend> Backends();

using testing::Msg;
using testing::Record;

class StoreContractTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    ASSERT_TRUE(dir_.ok());
    if (GetParam().prepare) {
      mdbprof::Status ready = GetParam().prepare();
      if (mdbprof::IsSkip(ready)) {
        GTEST_SKIP() << ready.message();
      }
      ASSERT_TRUE(ready.ok()) << ready.message();
    }
    Reopen();
    ASSERT_TRUE(store_ != nullptr);
    ASSERT_TRUE(store_->CreateNamespace(Record("default")).ok());
  }

  void Reopen() {
    store_.reset();
    Result<std::unique_ptr<Store>> store =
        OpenStore(GetParam().config(dir_.path()));
    ASSERT_TRUE(store.ok()) << store.status().message();
    store_ = std::move(*store);
  }

  bool persistent() const { return GetParam().persistent; }

  WriteResult Write(const NewMessage& m, const std::string& ns = "default") {
    Result<WriteResult> r = store_->WriteMessage(ns, m);
    EXPECT_TRUE(r.ok()) << r.status().message();
    return r.ok() ? *r : WriteResult{-1, -1};
  }

  std::vector<Message> Stream(StreamQuery q) {
    Result<std::vector<Message>> r = store_->GetStreamMessages("default", q);
    EXPECT_TRUE(r.ok()) << r.status().message();
    return r.ok() ? *r : std::vector<Message>();
  }

  std::vector<Message> Category(CategoryQuery q) {
    Result<std::vector<Message>> r = store_->GetCategoryMessages("default", q);
    EXPECT_TRUE(r.ok()) << r.status().message();
    return r.ok() ? *r : std::vector<Message>();
  }

  static std::vector<int64_t> GlobalPositions(const std::vector<Message>& ms) {
    std::vector<int64_t> gps;
    for (const Message& m : ms) gps.push_back(m.global_position);
    return gps;
  }

  testing::ScopedTempDir dir_;
  std::unique_ptr<Store> store_;
};

inline std::string BackendName(const ::testing::TestParamInfo<Backend>& info) {
  return info.param.name;
}

}  // namespace refserver::contract

#endif  // REFSERVER_STORE_STORE_CONTRACT_FIXTURE_H_
