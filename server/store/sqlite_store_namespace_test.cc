#include <gtest/gtest.h>

#include <filesystem>

#include "server/store/sqlite_store_test_util.h"

namespace refserver {
namespace {

using mdbprof::StatusCode;

class SqliteNamespacesTest : public SqliteStoreTest {};

TEST_P(SqliteNamespacesTest, NamespaceLifecycle) {
  ASSERT_TRUE(store_->CreateNamespace(Record("tenant-a")).ok());
  Status again = store_->CreateNamespace(Record("tenant-a"));
  EXPECT_EQ(again.code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(store_->CreateNamespace(Record("../evil")).code(),
            StatusCode::kInvalidArgument);

  Result<std::vector<NamespaceRecord>> list = store_->ListNamespaces();
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].name, "default");
  EXPECT_EQ((*list)[1].name, "tenant-a");
  EXPECT_EQ((*list)[1].description, "desc");

  Write(Msg("s-1"), "tenant-a");
  Write(Msg("s-1"), "tenant-a");
  Write(Msg("s-2"), "tenant-a");
  Result<NamespaceStats> stats = store_->GetNamespaceStats("tenant-a");
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->message_count, 3);
  EXPECT_EQ(stats->stream_count, 2);
  EXPECT_TRUE(stats->last_activity.has_value());

  ASSERT_TRUE(store_->SetTokenHash("tenant-a", "newhash").ok());
  Result<std::optional<NamespaceRecord>> found =
      store_->FindNamespace("tenant-a");
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->token_hash, "newhash");

  const std::string file = store_->NamespacePath("tenant-a");
  if (!GetParam()) {
    EXPECT_TRUE(std::filesystem::exists(file)) << file;
  }
  Result<int64_t> deleted = store_->DeleteNamespace("tenant-a");
  ASSERT_TRUE(deleted.ok()) << deleted.status().message();
  EXPECT_EQ(*deleted, 3);
  if (!GetParam()) {
    EXPECT_FALSE(std::filesystem::exists(file)) << file;
  }

  found = store_->FindNamespace("tenant-a");
  ASSERT_TRUE(found.ok());
  EXPECT_FALSE(found->has_value());
  EXPECT_EQ(store_->WriteMessage("tenant-a", Msg("s-1")).status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(store_->DeleteNamespace("tenant-a").status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(store_->SetTokenHash("tenant-a", "x").code(),
            StatusCode::kNotFound);

  // Re-created, it starts empty.
  ASSERT_TRUE(store_->CreateNamespace(Record("tenant-a")).ok());
  EXPECT_EQ(Write(Msg("s-1"), "tenant-a").global_position, 1);
}

TEST_P(SqliteNamespacesTest, HealthCountsConnections) {
  Result<StoreHealth> health = store_->Health();
  ASSERT_TRUE(health.ok());
  EXPECT_EQ(health->backend, "sqlite");
  EXPECT_GE(health->connections, 2);  // metadata + default's writer
}

INSTANTIATE_TEST_SUITE_P(Backends, SqliteNamespacesTest, ::testing::Bool(),
                         BackendName);

TEST(SqliteStoreFiles, DataSurvivesReopen) {
  testing::ScopedTempDir dir;
  ASSERT_TRUE(dir.ok());
  SqliteStore::Options options;
  options.metadata_path = dir.path() + "/meta.db";
  options.data_dir = dir.path() + "/data";
  {
    Result<std::unique_ptr<SqliteStore>> store = SqliteStore::Open(options);
    ASSERT_TRUE(store.ok()) << store.status().message();
    ASSERT_TRUE((*store)->CreateNamespace(Record("default")).ok());
    ASSERT_TRUE((*store)->WriteMessage("default", Msg("s-1")).ok());
    ASSERT_TRUE((*store)->WriteMessage("default", Msg("s-1")).ok());
  }
  EXPECT_TRUE(std::filesystem::exists(dir.path() + "/data/ns_default.db"));
  Result<std::unique_ptr<SqliteStore>> store = SqliteStore::Open(options);
  ASSERT_TRUE(store.ok()) << store.status().message();
  Result<std::optional<int64_t>> v =
      (*store)->GetStreamVersion("default", "s-1");
  ASSERT_TRUE(v.ok()) << v.status().message();
  ASSERT_TRUE(v->has_value());
  EXPECT_EQ(**v, 1);
  Result<WriteResult> w = (*store)->WriteMessage("default", Msg("s-2"));
  ASSERT_TRUE(w.ok());
  EXPECT_EQ(w->global_position, 3);
}

TEST(SqliteStoreFiles, UnwritableDataDirIsAnError) {
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
