// The Store contract for namespaces, concurrency, durability and health.
#include <atomic>
#include <filesystem>
#include <thread>

#include "server/store/store_contract_fixture.h"

namespace refserver::contract {
namespace {

using mdbprof::StatusCode;

class StoreNamespaceContractTest : public StoreContractTest {};

TEST_P(StoreNamespaceContractTest, NamespaceLifecycle) {
  ASSERT_TRUE(store_->CreateNamespace(Record("tenant-a")).ok());
  EXPECT_EQ(store_->CreateNamespace(Record("tenant-a")).code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(store_->CreateNamespace(Record("../evil")).code(),
            StatusCode::kInvalidArgument);
  ASSERT_TRUE(store_->CreateNamespace(Record("Tenant-A")).ok())
      << "names are case-sensitive";

  Result<std::vector<NamespaceRecord>> list = store_->ListNamespaces();
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 3u);
  EXPECT_EQ((*list)[0].name, "Tenant-A") << "byte order";
  EXPECT_EQ((*list)[1].name, "default");
  EXPECT_EQ((*list)[2].name, "tenant-a");
  EXPECT_EQ((*list)[2].description, "desc");
  EXPECT_EQ((*list)[2].created_at, "2024-01-01T00:00:00.000Z");

  Write(Msg("s-1"), "tenant-a");
  Write(Msg("s-1"), "tenant-a");
  Write(Msg("s-2"), "tenant-a");
  Result<NamespaceStats> stats = store_->GetNamespaceStats("tenant-a");
  ASSERT_TRUE(stats.ok()) << stats.status().message();
  EXPECT_EQ(stats->message_count, 3);
  EXPECT_EQ(stats->stream_count, 2);
  ASSERT_TRUE(stats->last_activity.has_value());
  Result<std::optional<Message>> newest =
      store_->GetLastStreamMessage("tenant-a", "s-2", std::nullopt);
  ASSERT_TRUE(newest.ok() && newest->has_value());
  EXPECT_EQ(*stats->last_activity, (*newest)->time);

  ASSERT_TRUE(store_->SetTokenHash("tenant-a", "newhash").ok());
  Result<std::optional<NamespaceRecord>> found =
      store_->FindNamespace("tenant-a");
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->token_hash, "newhash");

  const std::string path = GetParam().storage_path(dir_.path(), "tenant-a");
  if (!path.empty()) {
    EXPECT_TRUE(std::filesystem::exists(path)) << path;
  }
  Result<int64_t> deleted = store_->DeleteNamespace("tenant-a");
  ASSERT_TRUE(deleted.ok()) << deleted.status().message();
  EXPECT_EQ(*deleted, 3);
  if (!path.empty()) {
    EXPECT_FALSE(std::filesystem::exists(path)) << path;
  }

  found = store_->FindNamespace("tenant-a");
  ASSERT_TRUE(found.ok());
  EXPECT_FALSE(found->has_value());
  EXPECT_EQ(store_->WriteMessage("tenant-a", Msg("s-1")).status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(store_->GetNamespaceStats("tenant-a").status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(store_->DeleteNamespace("tenant-a").status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(store_->SetTokenHash("tenant-a", "x").code(),
            StatusCode::kNotFound);

  ASSERT_TRUE(store_->CreateNamespace(Record("tenant-a")).ok());
  EXPECT_EQ(Write(Msg("s-1"), "tenant-a").global_position, 1)
      << "a re-created namespace starts empty";
  stats = store_->GetNamespaceStats("tenant-a");
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->message_count, 1);
}

TEST_P(StoreNamespaceContractTest, EmptyNamespaceStats) {
  Result<NamespaceStats> stats = store_->GetNamespaceStats("default");
  ASSERT_TRUE(stats.ok()) << stats.status().message();
  EXPECT_EQ(stats->message_count, 0);
  EXPECT_EQ(stats->stream_count, 0);
  EXPECT_FALSE(stats->last_activity.has_value());
}

TEST_P(StoreNamespaceContractTest,
       EveryMessageCallOnAMissingNamespaceIsNotFound) {
  const std::string ns = "missing";
  EXPECT_EQ(store_->WriteMessage(ns, Msg("s-1")).status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(store_->GetStreamMessages(ns, StreamQuery{"s-1"}).status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(
      store_->GetLastStreamMessage(ns, "s-1", std::nullopt).status().code(),
      StatusCode::kNotFound);
  EXPECT_EQ(store_->GetStreamVersion(ns, "s-1").status().code(),
            StatusCode::kNotFound);
  CategoryQuery q;
  q.category = "s";
  EXPECT_EQ(store_->GetCategoryMessages(ns, q).status().code(),
            StatusCode::kNotFound);
  Result<NamespaceStats> stats = store_->GetNamespaceStats(ns);
  ASSERT_FALSE(stats.ok());
  EXPECT_EQ(stats.status().code(), StatusCode::kNotFound);
  EXPECT_NE(stats.status().message().find("missing"), std::string::npos);
}

TEST_P(StoreNamespaceContractTest, ConcurrentWritersGetDistinctPositions) {
  constexpr int kThreads = 8;
  constexpr int kWrites = 40;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kWrites; ++i) {
        if (!store_->WriteMessage("default", Msg("hot-1")).ok()) ++failures;
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);

  StreamQuery q;
  q.stream_name = "hot-1";
  q.batch_size = kUnlimitedBatch;
  std::vector<Message> rows = Stream(q);
  ASSERT_EQ(rows.size(), static_cast<size_t>(kThreads * kWrites));
  for (size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(rows[i].position, static_cast<int64_t>(i));
    EXPECT_EQ(rows[i].global_position, static_cast<int64_t>(i + 1));
  }
}

TEST_P(StoreNamespaceContractTest,
       OptimisticWritersNeverBothWinTheSameVersion) {
  constexpr int kThreads = 6;
  constexpr int kRounds = 30;
  std::atomic<int> wins{0};
  std::atomic<int> errors{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kRounds; ++i) {
        Result<std::optional<int64_t>> v =
            store_->GetStreamVersion("default", "race-1");
        if (!v.ok()) {
          ++errors;
          continue;
        }
        Result<WriteResult> w = store_->WriteMessage(
            "default", Msg("race-1", "T", v->value_or(-1)));
        if (w.ok()) {
          ++wins;
        } else if (w.status().code() != StatusCode::kFailedPrecondition) {
          ++errors;
        }
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(errors.load(), 0);
  Result<std::optional<int64_t>> v =
      store_->GetStreamVersion("default", "race-1");
  ASSERT_TRUE(v.ok() && v->has_value());
  EXPECT_EQ(**v + 1, wins.load()) << "each win took exactly one version";
}

TEST_P(StoreNamespaceContractTest, DataSurvivesReopen) {
  if (!persistent()) {
    GTEST_SKIP() << "in-memory backend";
  }
  Write(Msg("s-1"));
  Write(Msg("s-1"));
  ASSERT_TRUE(store_->SetTokenHash("default", "rotated").ok());
  Reopen();
  ASSERT_TRUE(store_ != nullptr);
  Result<std::optional<NamespaceRecord>> found =
      store_->FindNamespace("default");
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->token_hash, "rotated");
  Result<std::optional<int64_t>> v = store_->GetStreamVersion("default", "s-1");
  ASSERT_TRUE(v.ok()) << v.status().message();
  ASSERT_TRUE(v->has_value());
  EXPECT_EQ(**v, 1);
  EXPECT_EQ(Write(Msg("s-2")).global_position, 3);
  Result<NamespaceStats> stats = store_->GetNamespaceStats("default");
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->message_count, 3);
  EXPECT_EQ(stats->stream_count, 2);
}

TEST_P(StoreNamespaceContractTest, HealthNamesTheBackendAndCountsConnections) {
  Result<StoreHealth> health = store_->Health();
  ASSERT_TRUE(health.ok()) << health.status().message();
  EXPECT_EQ(health->backend, GetParam().expected_health_backend);
  EXPECT_GE(health->connections, GetParam().min_connections);
  EXPECT_LE(health->connections, GetParam().max_connections);
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreNamespaceContractTest,
                         ::testing::ValuesIn(Backends()), BackendName);

}  // namespace
}  // namespace refserver::contract
