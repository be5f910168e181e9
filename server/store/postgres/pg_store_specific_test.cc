// What only the postgres store has: schemas per namespace, the pool,
// typed columns, connection errors, the URL and flag handling of OpenStore.
#include <unistd.h>

#include "server/store/postgres/pg_schema.h"
#include "server/store/postgres/pg_store_test_util.h"

namespace refserver::testing {
namespace {

using mdbprof::StatusCode;

class PgStoreSchemaTest : public PgStoreFixture {
 protected:
  bool SchemaExists(const std::string& schema) {
    std::vector<std::string> rows = QueryWithStoreClosed(
        "SELECT count(*) FROM pg_namespace WHERE nspname = '" + schema + "'");
    return rows.size() == 1 && rows[0] == "1";
  }
};

// The uuid and jsonb columns check what the other stores take as given
// (the RPC layer validates ids and JSON before any store sees them).
TEST_P(PgStoreSchemaTest, MalformedIdOrJsonIsInvalidArgument) {
  NewMessage bad_id = Msg("s-1");
  bad_id.id = "not-a-uuid";
  EXPECT_EQ(store_->WriteMessage("default", bad_id).status().code(),
            StatusCode::kInvalidArgument);
  NewMessage bad_json = Msg("s-1");
  bad_json.data = "{not json";
  Result<WriteResult> r = store_->WriteMessage("default", bad_json);
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument)
      << r.status().message();
  EXPECT_EQ(Write(Msg("s-1")).global_position, 1);
}

TEST_P(PgStoreSchemaTest, NamespacesAreIsolatedInTheirOwnSchemas) {
  ASSERT_TRUE(store_->CreateNamespace(Record("tenant-b")).ok());
  Write(Msg("acct-1"));
  Write(Msg("acct-1"));
  WriteResult b = Write(Msg("acct-1"), "tenant-b");
  EXPECT_EQ(b.position, 0);
  EXPECT_EQ(b.global_position, 1);

  std::vector<std::string> counts = QueryWithStoreClosed(
      "SELECT (SELECT count(*) FROM mdb_ns_default.messages) || '/' || "
      "(SELECT count(*) FROM \"mdb_ns_tenant-b\".messages)");
  EXPECT_EQ(counts, (std::vector<std::string>{"2/1"}));

  CategoryQuery q;
  q.category = "acct";
  q.batch_size = kUnlimitedBatch;
  Result<std::vector<Message>> rows =
      store_->GetCategoryMessages("tenant-b", q);
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows->size(), 1u);
}

TEST_P(PgStoreSchemaTest, DeleteNamespaceDropsItsSchema) {
  ASSERT_TRUE(store_->CreateNamespace(Record("gone")).ok());
  Write(Msg("s-1"), "gone");
  EXPECT_TRUE(SchemaExists("mdb_ns_gone"));
  Result<int64_t> deleted = store_->DeleteNamespace("gone");
  ASSERT_TRUE(deleted.ok()) << deleted.status().message();
  EXPECT_EQ(*deleted, 1);
  EXPECT_FALSE(SchemaExists("mdb_ns_gone"));
  EXPECT_TRUE(SchemaExists("mdb_ns_default"));
}

TEST_P(PgStoreSchemaTest, LongNamespaceNamesWork) {
  const std::string a = std::string(60, 'n') + "-aaa";
  const std::string b = std::string(60, 'n') + "-bbb";
  ASSERT_TRUE(store_->CreateNamespace(Record(a)).ok());
  ASSERT_TRUE(store_->CreateNamespace(Record(b)).ok());
  EXPECT_EQ(Write(Msg("s-1"), a).global_position, 1);
  EXPECT_EQ(Write(Msg("s-1"), b).global_position, 1);
  EXPECT_EQ(Write(Msg("s-1"), a).position, 1);
  EXPECT_TRUE(SchemaExists(NamespaceSchemaName(a)));
  Result<int64_t> deleted = store_->DeleteNamespace(a);
  ASSERT_TRUE(deleted.ok());
  EXPECT_EQ(*deleted, 2);
  EXPECT_FALSE(SchemaExists(NamespaceSchemaName(a)));
  EXPECT_TRUE(SchemaExists(NamespaceSchemaName(b)));
}

TEST_P(PgStoreSchemaTest, ASchemaDroppedBehindTheStoresBackIsNotFound) {
  Write(Msg("s-1"));
  QueryWithStoreClosed("SELECT 1");  // reopen: a fresh store, nothing cached
  Write(Msg("s-1"));                 // caches the namespace entry
  if (!GetParam().timescale) {       // a second connection: not on PGlite
    ASSERT_TRUE(server_->Query("DROP SCHEMA mdb_ns_default CASCADE").ok());
    Result<WriteResult> w = store_->WriteMessage("default", Msg("s-1"));
    EXPECT_EQ(w.status().code(), StatusCode::kNotFound) << w.status().message();
  }
}

TEST_P(PgStoreSchemaTest, RecoversWhenTheServerDropsItsConnections) {
  if (GetParam().timescale) GTEST_SKIP() << "needs a second connection";
  Write(Msg("s-1"));
  Result<std::vector<std::string>> killed = server_->Query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
      "WHERE application_name = 'refserver'");
  ASSERT_TRUE(killed.ok()) << killed.status().message();
  ASSERT_FALSE(killed->empty());
  // The first call on a dead connection fails as Unavailable (never a
  // crash); the pool then replaces the connection.
  int failures = 0;
  for (int i = 0; i < 2 * GetParam().pool_size + 1; ++i) {
    Result<std::optional<int64_t>> v =
        store_->GetStreamVersion("default", "s-1");
    if (!v.ok()) {
      ++failures;
      EXPECT_EQ(v.status().code(), StatusCode::kUnavailable)
          << v.status().message();
    }
  }
  EXPECT_LE(failures, GetParam().pool_size);
  EXPECT_EQ(Write(Msg("s-1")).position, 1);
}

TEST_P(PgStoreSchemaTest, ALeftoverSchemaIsReplacedOnCreate) {
  EXPECT_TRUE(QueryWithStoreClosed("CREATE SCHEMA mdb_ns_stale; "
                                   "CREATE TABLE mdb_ns_stale.junk (x int)")
                  .empty());
  ASSERT_TRUE(store_->CreateNamespace(Record("stale")).ok());
  EXPECT_EQ(Write(Msg("s-1"), "stale").global_position, 1);
}

INSTANTIATE_TEST_SUITE_P(Variants, PgStoreSchemaTest,
                         ::testing::Values(PgVariant{"Postgres", false, 2},
                                           PgVariant{"Timescale", true, 1}),
                         VariantName);

TEST(PgStoreOpen, UnreachableServerNamesHostPortDatabaseButNotThePassword) {
  StoreConfig config;
  config.db_url = "postgres://app:hunter2@127.0.0.1:1/events?connect_timeout=2";
  Result<std::unique_ptr<Store>> store = OpenStore(config);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(store.status().message().find("127.0.0.1:1/events"),
            std::string::npos)
      << store.status().message();
  EXPECT_EQ(store.status().message().find("hunter2"), std::string::npos)
      << store.status().message();
}

TEST(PgStoreOpen, UnknownDbTypeIsInvalidArgument) {
  StoreConfig config;
  config.db_url = "postgres://u@h/db";
  config.db_type = "oracle";
  Result<std::unique_ptr<Store>> store = OpenStore(config);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(store.status().message().find("oracle"), std::string::npos);
}

TEST(PgStoreOpen, BadPoolSizeIsInvalidArgument) {
  StoreConfig config;
  config.db_url = "postgres://u@h/db?pool_size=0";
  EXPECT_EQ(OpenStore(config).status().code(), StatusCode::kInvalidArgument);
}

TEST(PgStoreOpen, TimescaleOnPlainPostgresSaysTheExtensionIsMissing) {
  Result<PgTestServer*> pg = PgTestServer::Postgres();
  if (!pg.ok() && IsSkip(pg.status())) GTEST_SKIP() << pg.status().message();
  ASSERT_TRUE(pg.ok()) << pg.status().message();
  StoreConfig config;
  config.db_url = (*pg)->Url();
  config.db_type = "timescale";
  Result<std::unique_ptr<Store>> store = OpenStore(config);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kFailedPrecondition);
  const std::string where = (*pg)->cluster()->socket_dir() + ":5432";
  EXPECT_NE(store.status().message().find(
                "timescaledb extension not available on " + where + ": "),
            std::string::npos)
      << store.status().message();
}

TEST(PgStoreOpen, PoolSizeComesFromTheUrlElseMaxConnections) {
  Result<PgTestServer*> pg = PgTestServer::Postgres();
  if (!pg.ok() && IsSkip(pg.status())) GTEST_SKIP() << pg.status().message();
  ASSERT_TRUE(pg.ok()) << pg.status().message();
  ASSERT_TRUE((*pg)->Reset().ok());
  StoreConfig config;
  config.db_url = (*pg)->Url();
  config.max_connections = 3;
  Result<std::unique_ptr<Store>> store = OpenStore(config);
  ASSERT_TRUE(store.ok()) << store.status().message();
  // Open's set-up connection is gone once its backend exited.
  std::vector<std::string> rows;
  for (int i = 0; i < 100; ++i) {
    rows = *(*pg)->Query(
        "SELECT count(*) FROM pg_stat_activity WHERE application_name = "
        "'refserver'");
    if (rows == std::vector<std::string>{"1"}) break;
    usleep(20000);
  }
  EXPECT_EQ(rows, (std::vector<std::string>{"1"}))
      << "one pooled connection open after Open";
  Result<StoreHealth> lazily = (*store)->Health();
  ASSERT_TRUE(lazily.ok());
  EXPECT_EQ(lazily->connections, 1) << "the pool opens connections on demand";
  store->reset();
  config.db_url = (*pg)->Url(/*pool_size=*/1);
  store = OpenStore(config);
  ASSERT_TRUE(store.ok());
  Result<StoreHealth> health = (*store)->Health();
  ASSERT_TRUE(health.ok());
  EXPECT_EQ(health->connections, 1);
}

}  // namespace
}  // namespace refserver::testing
