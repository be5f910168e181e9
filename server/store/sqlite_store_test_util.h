// Shared fixture for the SqliteStore tests: every test runs against an
// in-memory store and a file-backed one (parameter: in_memory), with the
// namespace "default" created.
//
//   class MyTest : public SqliteStoreTest {};
//   TEST_P(MyTest, Something) { Write(Msg("a-1")); }
//   INSTANTIATE_TEST_SUITE_P(Backends, MyTest, ::testing::Bool(), BackendName);
#ifndef REFSERVER_STORE_SQLITE_STORE_TEST_UTIL_H_
#define REFSERVER_STORE_SQLITE_STORE_TEST_UTIL_H_

#include <gtest/gtest.h>

#include <atomic>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "server/store/sqlite_store.h"
#include "server/testing/scoped_temp_dir.h"

namespace refserver {

// A message with a fresh, valid id.
using mdbprof::StatusCode;

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

// Runs every test against an in-memory store and a file-backed one.
class SqliteStoreTest : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    ASSERT_TRUE(dir_.ok());
    OpenStore();
    ASSERT_TRUE(store_->CreateNamespace(Record("default")).ok());
  }

  void OpenStore() {
    SqliteStore::Options options;
    options.in_memory = GetParam();
    options.metadata_path = dir_.path() + "/meta.db";
    options.data_dir = dir_.path();
    Result<std::unique_ptr<SqliteStore>> store = SqliteStore::Open(options);
    ASSERT_TRUE(store.ok()) << store.status().message();
    store_ = std::move(*store);
  }

  WriteResult Write(const NewMessage& m, const std::string& ns = "default") {
    Result<WriteResult> r = store_->WriteMessage(ns, m);
    EXPECT_TRUE(r.ok()) << r.status().message();
    return r.ok() ? *r : WriteResult{-1, -1};
  }

  std::vector<Message> Category(CategoryQuery q) {
    Result<std::vector<Message>> r = store_->GetCategoryMessages("default", q);
    EXPECT_TRUE(r.ok()) << r.status().message();
    return r.ok() ? *r : std::vector<Message>();
  }

  testing::ScopedTempDir dir_;
  std::unique_ptr<SqliteStore> store_;
};

inline std::string BackendName(const ::testing::TestParamInfo<bool>& info) {
  return info.param ? "InMemory" : "File";
}

}  // namespace refserver

#endif  // REFSERVER_STORE_SQLITE_STORE_TEST_UTIL_H_
