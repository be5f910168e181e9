// `pebble://` through OpenStore: URL forms, --data-dir and --db-type.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "server/store/store_factory.h"
#include "server/testing/scoped_temp_dir.h"

namespace refserver {
namespace {

using mdbprof::StatusCode;

bool IsPebbleDir(const std::string& dir) {
  return std::filesystem::exists(dir + "/_metadata/CURRENT");
}

Result<std::unique_ptr<Store>> Open(std::string url, std::string data_dir = "",
                                    std::string db_type = "") {
  StoreConfig config;
  config.db_url = std::move(url);
  config.data_dir = std::move(data_dir);
  config.db_type = std::move(db_type);
  return OpenStore(config);
}

TEST(OpenPebbleStore, AbsoluteDirectoryIsCreated) {
  testing::ScopedTempDir tmp;
  ASSERT_TRUE(tmp.ok());
  const std::string dir = tmp.path() + "/a/b";
  Result<std::unique_ptr<Store>> store = Open("pebble://" + dir);
  ASSERT_TRUE(store.ok()) << store.status().message();
  EXPECT_TRUE(IsPebbleDir(dir));
  Result<StoreHealth> health = (*store)->Health();
  ASSERT_TRUE(health.ok());
  EXPECT_EQ(health->backend, "pebble");
  EXPECT_EQ(health->connections, 1);
}

TEST(OpenPebbleStore, RelativeDirectoryLivesInDataDir) {
  testing::ScopedTempDir tmp;
  ASSERT_TRUE(tmp.ok());
  Result<std::unique_ptr<Store>> store = Open("pebble://events", tmp.path());
  ASSERT_TRUE(store.ok()) << store.status().message();
  ASSERT_TRUE(
      (*store)->CreateNamespace(NamespaceRecord{"default", "h", "", "t"}).ok());
  EXPECT_TRUE(IsPebbleDir(tmp.path() + "/events"));
  EXPECT_TRUE(std::filesystem::exists(tmp.path() + "/events/default/CURRENT"));
}

TEST(OpenPebbleStore, BareSchemeUsesDataDir) {
  testing::ScopedTempDir tmp;
  ASSERT_TRUE(tmp.ok());
  Result<std::unique_ptr<Store>> store = Open("pebble://", tmp.path());
  ASSERT_TRUE(store.ok()) << store.status().message();
  EXPECT_TRUE(IsPebbleDir(tmp.path()));

  store = Open("pebble://");
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(store.status().message().find("--data-dir"), std::string::npos)
      << store.status().message();
}

TEST(OpenPebbleStore, ForeignDbTypeIsRejected) {
  testing::ScopedTempDir tmp;
  ASSERT_TRUE(tmp.ok());
  Result<std::unique_ptr<Store>> store =
      Open("pebble://" + tmp.path(), "", "timescale");
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(store.status().message().find("timescale"), std::string::npos);
  EXPECT_TRUE(Open("pebble://" + tmp.path(), "", "pebble").ok());
}

TEST(OpenPebbleStore, UnusableDirectoryIsNamedInTheError) {
  testing::ScopedTempDir tmp;
  ASSERT_TRUE(tmp.ok());
  const std::string file = tmp.path() + "/plain-file";
  { std::ofstream(file) << "not a directory"; }
  Result<std::unique_ptr<Store>> store = Open("pebble://" + file);
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.status().message().find(file), std::string::npos)
      << store.status().message();
}

TEST(OpenPebbleStore, SchemeIsListedAmongTheKnownOnes) {
  EXPECT_NE(KnownSchemes().find("pebble://"), std::string::npos)
      << KnownSchemes();
}

}  // namespace
}  // namespace refserver
