#include "server/store/store_factory.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "server/store/db_url.h"
#include "server/testing/scoped_temp_dir.h"

namespace refserver {
namespace {

using mdbprof::StatusCode;

TEST(DbUrl, SplitsSchemeAndRest) {
  Result<DbUrl> url = ParseDbUrl("SQLite://dir/file.db");
  ASSERT_TRUE(url.ok());
  EXPECT_EQ(url->scheme, "sqlite");
  EXPECT_EQ(url->rest, "dir/file.db");
  EXPECT_FALSE(ParseDbUrl("file.db").ok());
  EXPECT_FALSE(ParseDbUrl("://x").ok());
  EXPECT_FALSE(ParseDbUrl("1sql://x").ok());
}

TEST(OpenStore, UnknownSchemeNamesTheKnownOnes) {
  StoreConfig config;
  config.db_url = "mysql://localhost/db";
  Result<std::unique_ptr<Store>> store = OpenStore(config);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(store.status().message().find("mysql"), std::string::npos);
  EXPECT_NE(store.status().message().find("sqlite://"), std::string::npos)
      << store.status().message();
}

TEST(OpenStore, MissingUrlIsAnErrorOutsideTestMode) {
  StoreConfig config;
  Result<std::unique_ptr<Store>> store = OpenStore(config);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kInvalidArgument);

  config.in_memory = true;
  store = OpenStore(config);
  ASSERT_TRUE(store.ok()) << store.status().message();
  Result<StoreHealth> health = (*store)->Health();
  ASSERT_TRUE(health.ok());
  EXPECT_EQ(health->backend, "sqlite");
}

TEST(OpenStore, SqliteRejectsForeignDbTypeAndEmptyFile) {
  StoreConfig config;
  config.db_url = "sqlite://x.db";
  config.db_type = "timescale";
  Result<std::unique_ptr<Store>> store = OpenStore(config);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(store.status().message().find("timescale"), std::string::npos);

  config.db_type.clear();
  config.db_url = "sqlite://";
  store = OpenStore(config);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kInvalidArgument);
}

TEST(OpenStore, SqliteRelativeFileLivesInDataDir) {
  testing::ScopedTempDir dir;
  ASSERT_TRUE(dir.ok());
  StoreConfig config;
  config.db_url = "sqlite://registry.db";
  config.data_dir = dir.path() + "/data";
  Result<std::unique_ptr<Store>> store = OpenStore(config);
  ASSERT_TRUE(store.ok()) << store.status().message();
  ASSERT_TRUE(
      (*store)->CreateNamespace(NamespaceRecord{"default", "h", "", "t"}).ok());
  EXPECT_TRUE(std::filesystem::exists(dir.path() + "/data/registry.db"));
  EXPECT_TRUE(std::filesystem::exists(dir.path() + "/data/ns_default.db"));
}

TEST(OpenStore, SqliteAbsoluteFileWithoutDataDirUsesItsDirectory) {
  testing::ScopedTempDir dir;
  ASSERT_TRUE(dir.ok());
  StoreConfig config;
  config.db_url = "sqlite://" + dir.path() + "/registry.db";
  Result<std::unique_ptr<Store>> store = OpenStore(config);
  ASSERT_TRUE(store.ok()) << store.status().message();
  ASSERT_TRUE(
      (*store)->CreateNamespace(NamespaceRecord{"default", "h", "", "t"}).ok());
  EXPECT_TRUE(std::filesystem::exists(dir.path() + "/ns_default.db"));
}

}  // namespace
}  // namespace refserver
