// StoreContractTest: a fixture running the Store contract (store.h) against
// every backend opened through OpenStore — SQLite on disk, SQLite in memory
// and pebble (RocksDB). Test files derive a suite from it and instantiate it
// over Backends():
//
//   class MyContractTest : public StoreContractTest {};
//   TEST_P(MyContractTest, Something) { Write(Msg("s-1")); ... }
//   INSTANTIATE_TEST_SUITE_P(Backends, MyContractTest,
//                            ::testing::ValuesIn(Backends()), BackendName);
#ifndef REFSERVER_STORE_PEBBLE_STORE_CONTRACT_FIXTURE_H_
#define REFSERVER_STORE_PEBBLE_STORE_CONTRACT_FIXTURE_H_

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

namespace refserver::contract {

struct Backend {
  std::string name;
  std::string expected_health_backend;
  // The StoreConfig opening this backend with its files under `dir`.
  std::function<StoreConfig(const std::string& dir)> config;
  // Where namespace `ns`'s data lives under `dir`; "" when in memory.
  std::function<std::string(const std::string& dir, const std::string& ns)>
      storage_path;
};

// gtest prints a parameter with this instead of its bytes.
inline void PrintTo(const Backend& backend, std::ostream* os) {
  *os << backend.name;
}

inline std::vector<Backend> Backends() {
  return {
      {"SqliteFile", "sqlite",
       [](const std::string& dir) {
         StoreConfig c;
         c.db_url = "sqlite://meta.db";
         c.data_dir = dir;
         return c;
       },
       [](const std::string& dir, const std::string& ns) {
         return dir + "/ns_" + ns + ".db";
       }},
      {"SqliteMemory", "sqlite",
       [](const std::string&) {
         StoreConfig c;
         c.in_memory = true;
         return c;
       },
       [](const std::string&, const std::string&) { return std::string(); }},
      {"Pebble", "pebble",
       [](const std::string& dir) {
         StoreConfig c;
         c.db_url = "pebble://" + dir + "/pebble";
         return c;
       },
       [](const std::string& dir, const std::string& ns) {
         return dir + "/pebble/" + ns;
       }},
  };
}

inline NewMessage Msg(std::string stream, std::string type = "Tested",
                      std::optional<int64_t> expected = std::nullopt) {
  static std::atomic<int> counter{0};
  NewMessage m;
  char id[40];
  std::snprintf(id, sizeof(id), "00000000-0000-4000-8000-%012d",
                counter.fetch_add(1));
  m.id = id;
  m.stream_name = std::move(stream);
  m.type = std::move(type);
  m.data = R"({"n":1})";
  m.expected_version = expected;
  return m;
}

inline NamespaceRecord Record(std::string name) {
  return NamespaceRecord{std::move(name), "hash", "desc",
                         "2024-01-01T00:00:00.000Z"};
}

class StoreContractTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    ASSERT_TRUE(dir_.ok());
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

  bool persistent() const {
    return !GetParam().storage_path(dir_.path(), "x").empty();
  }

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

#endif  // REFSERVER_STORE_PEBBLE_STORE_CONTRACT_FIXTURE_H_
