#include "server/store/sqlite_store.h"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <map>
#include <regex>
#include <set>
#include <thread>
#include <vector>

#include "server/store/stream_name.h"
#include "server/testing/scoped_temp_dir.h"

namespace refserver {
namespace {

using mdbprof::StatusCode;

NewMessage Msg(std::string stream, std::string type = "Tested",
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

NamespaceRecord Record(std::string name) {
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

TEST_P(SqliteStoreTest, PositionsPerStreamGlobalPositionsAcrossNamespace) {
  EXPECT_EQ(Write(Msg("a-1")).position, 0);
  EXPECT_EQ(Write(Msg("b-1")).position, 0);
  WriteResult third = Write(Msg("a-1"));
  EXPECT_EQ(third.position, 1);
  EXPECT_EQ(third.global_position, 3);
  WriteResult fourth = Write(Msg("a-1"));
  EXPECT_EQ(fourth.position, 2);
  EXPECT_EQ(fourth.global_position, 4);

  // Another namespace counts its own global positions from 1.
  ASSERT_TRUE(store_->CreateNamespace(Record("other")).ok());
  WriteResult other = Write(Msg("a-1"), "other");
  EXPECT_EQ(other.position, 0);
  EXPECT_EQ(other.global_position, 1);
}

TEST_P(SqliteStoreTest, ExpectedVersionIsCheckedInsideTheWrite) {
  EXPECT_EQ(Write(Msg("s-1", "T", -1)).position, 0);  // -1: empty stream

  Result<WriteResult> stale = store_->WriteMessage("default", Msg("s-1", "T", -1));
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(stale.status().message().find("expected version -1, stream is at "
                                          "version 0"),
            std::string::npos)
      << stale.status().message();

  Result<WriteResult> ahead = store_->WriteMessage("default", Msg("s-1", "T", 5));
  EXPECT_EQ(ahead.status().code(), StatusCode::kFailedPrecondition);

  WriteResult ok = Write(Msg("s-1", "T", 0));
  EXPECT_EQ(ok.position, 1);
  // Rejected writes consumed no global position.
  EXPECT_EQ(ok.global_position, 2);
}

TEST_P(SqliteStoreTest, DuplicateMessageIdIsInvalidArgument) {
  NewMessage m = Msg("s-1");
  Write(m);
  m.stream_name = "s-2";
  Result<WriteResult> again = store_->WriteMessage("default", m);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(again.status().message().find(m.id), std::string::npos);
  Result<std::optional<int64_t>> v = store_->GetStreamVersion("default", "s-2");
  ASSERT_TRUE(v.ok());
  EXPECT_FALSE(v->has_value()) << "the failed write must leave nothing behind";
}

TEST_P(SqliteStoreTest, GetStreamHonoursPositionGlobalPositionAndBatch) {
  for (int i = 0; i < 5; ++i) {
    Write(Msg("s-1"));
    Write(Msg("noise-1"));
  }
  StreamQuery q;
  q.stream_name = "s-1";
  q.position = 2;
  q.batch_size = 2;
  Result<std::vector<Message>> rows = store_->GetStreamMessages("default", q);
  ASSERT_TRUE(rows.ok()) << rows.status().message();
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].position, 2);
  EXPECT_EQ((*rows)[0].global_position, 5);
  EXPECT_EQ((*rows)[1].position, 3);
  EXPECT_EQ((*rows)[0].stream_name, "s-1");

  q.position = 0;
  q.global_position = 6;  // s-1 has global positions 1,3,5,7,9
  q.batch_size = kUnlimitedBatch;
  rows = store_->GetStreamMessages("default", q);
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].global_position, 7);
  EXPECT_EQ((*rows)[1].global_position, 9);

  q.stream_name = "missing-1";
  rows = store_->GetStreamMessages("default", q);
  ASSERT_TRUE(rows.ok());
  EXPECT_TRUE(rows->empty());
}

TEST_P(SqliteStoreTest, MessagesRoundTripVerbatim) {
  NewMessage m = Msg("s-1", "Deposited");
  m.data = R"({"amount":100,"nested":{"a":[1,2,"x"]}})";
  m.metadata = R"({"correlationStreamName":"workflow-9"})";
  Write(m);
  Write(Msg("s-1"));  // metadata null

  StreamQuery q;
  q.stream_name = "s-1";
  Result<std::vector<Message>> rows = store_->GetStreamMessages("default", q);
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 2u);
  const Message& first = (*rows)[0];
  EXPECT_EQ(first.id, m.id);
  EXPECT_EQ(first.type, "Deposited");
  EXPECT_EQ(first.data, m.data);
  EXPECT_EQ(first.metadata, m.metadata);
  EXPECT_FALSE((*rows)[1].metadata.has_value());
  EXPECT_TRUE(std::regex_match(
      first.time,
      std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)")))
      << first.time;
}

TEST_P(SqliteStoreTest, LastWithAndWithoutType) {
  Write(Msg("s-1", "Opened"));
  Write(Msg("s-1", "Deposited"));
  Write(Msg("s-1", "Withdrawn"));
  Write(Msg("s-1", "Deposited"));
  Write(Msg("s-1", "Closed"));

  Result<std::optional<Message>> last =
      store_->GetLastStreamMessage("default", "s-1", std::nullopt);
  ASSERT_TRUE(last.ok());
  ASSERT_TRUE(last->has_value());
  EXPECT_EQ((*last)->type, "Closed");
  EXPECT_EQ((*last)->position, 4);

  last = store_->GetLastStreamMessage("default", "s-1", "Deposited");
  ASSERT_TRUE(last.ok());
  ASSERT_TRUE(last->has_value());
  EXPECT_EQ((*last)->position, 3);

  last = store_->GetLastStreamMessage("default", "s-1", "Never");
  ASSERT_TRUE(last.ok());
  EXPECT_FALSE(last->has_value());
  last = store_->GetLastStreamMessage("default", "missing-1", std::nullopt);
  ASSERT_TRUE(last.ok());
  EXPECT_FALSE(last->has_value());
}

TEST_P(SqliteStoreTest, VersionOfMissingStreamIsNullopt) {
  Result<std::optional<int64_t>> v = store_->GetStreamVersion("default", "s-1");
  ASSERT_TRUE(v.ok());
  EXPECT_FALSE(v->has_value());
  Write(Msg("s-1"));
  Write(Msg("s-1"));
  v = store_->GetStreamVersion("default", "s-1");
  ASSERT_TRUE(v.ok());
  ASSERT_TRUE(v->has_value());
  EXPECT_EQ(**v, 1);
}

TEST_P(SqliteStoreTest, CategoryGetOrdersByGlobalPositionWithBatch) {
  Write(Msg("acct-1"));   // gp 1
  Write(Msg("other-1"));  // gp 2
  Write(Msg("acct-2"));   // gp 3
  Write(Msg("acct-1"));   // gp 4
  Write(Msg("acct"));     // gp 5: a stream named like its category
  Write(Msg("accts-1"));  // gp 6: a different category with the same prefix

  CategoryQuery q;
  q.category = "acct";
  q.batch_size = 2;
  std::vector<Message> rows = Category(q);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].global_position, 1);
  EXPECT_EQ(rows[1].global_position, 3);
  EXPECT_EQ(rows[1].stream_name, "acct-2");
  EXPECT_EQ(rows[1].position, 0);

  q.global_position = 4;
  q.batch_size = kUnlimitedBatch;
  rows = Category(q);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].global_position, 4);
  EXPECT_EQ(rows[0].position, 1);
  EXPECT_EQ(rows[1].stream_name, "acct");
}

TEST_P(SqliteStoreTest, ConsumerGroupPutsEveryStreamInExactlyOneMember) {
  std::vector<std::string> streams;
  for (int i = 0; i < 30; ++i) {
    streams.push_back("acct-" + std::to_string(i));
    streams.push_back("acct-" + std::to_string(i) + "+retry");
  }
  for (const std::string& s : streams) {
    Write(Msg(s));
    Write(Msg(s));
  }
  constexpr int kSize = 3;
  std::map<std::string, int> member_of;
  size_t total = 0;
  for (int member = 0; member < kSize; ++member) {
    CategoryQuery q;
    q.category = "acct";
    q.batch_size = kUnlimitedBatch;
    q.consumer_group = ConsumerGroup{member, kSize};
    for (const Message& m : Category(q)) {
      ++total;
      auto [it, inserted] = member_of.emplace(m.stream_name, member);
      EXPECT_EQ(it->second, member)
          << m.stream_name << " appears in two members";
      EXPECT_EQ(ConsumerGroupMember(m.stream_name, kSize), member)
          << m.stream_name;
    }
  }
  EXPECT_EQ(total, streams.size() * 2) << "every message in exactly one member";
  EXPECT_EQ(member_of.size(), streams.size());
  for (int i = 0; i < 30; ++i) {
    std::string base = "acct-" + std::to_string(i);
    EXPECT_EQ(member_of[base], member_of[base + "+retry"])
        << "compound ids follow their cardinal id";
  }
  std::set<int> used;
  for (const auto& [stream, member] : member_of) used.insert(member);
  EXPECT_EQ(used.size(), 3u) << "60 streams should spread over 3 members";
}

TEST_P(SqliteStoreTest, CorrelationFiltersOnCorrelationStreamCategory) {
  auto with_meta = [](std::string meta) {
    NewMessage m = Msg("acct-1");
    m.metadata = std::move(meta);
    return m;
  };
  Write(with_meta(R"({"correlationStreamName":"workflow-1"})"));    // gp 1
  Write(with_meta(R"({"correlationStreamName":"workflow"})"));      // gp 2
  Write(with_meta(R"({"correlationStreamName":"workflowx-1"})"));   // gp 3
  Write(with_meta(R"({"correlationStreamName":"other-1"})"));       // gp 4
  Write(with_meta(R"({"somethingElse":"workflow-1"})"));            // gp 5
  Write(Msg("acct-2"));                                             // gp 6
  Write(with_meta(R"({"correlationStreamName":"workflow-2+x"})"));  // gp 7

  CategoryQuery q;
  q.category = "acct";
  q.correlation = "workflow";
  std::vector<Message> rows = Category(q);
  std::vector<int64_t> positions;
  for (const Message& m : rows) positions.push_back(m.global_position);
  EXPECT_EQ(positions, (std::vector<int64_t>{1, 2, 7}));
}

TEST_P(SqliteStoreTest, NamespaceLifecycle) {
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
  EXPECT_EQ(store_->SetTokenHash("tenant-a", "x").code(), StatusCode::kNotFound);

  // Re-created, it starts empty.
  ASSERT_TRUE(store_->CreateNamespace(Record("tenant-a")).ok());
  EXPECT_EQ(Write(Msg("s-1"), "tenant-a").global_position, 1);
}

TEST_P(SqliteStoreTest, ConcurrentWritersGetDistinctPositions) {
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
  Result<std::vector<Message>> rows = store_->GetStreamMessages("default", q);
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), static_cast<size_t>(kThreads * kWrites));
  for (size_t i = 0; i < rows->size(); ++i) {
    EXPECT_EQ((*rows)[i].position, static_cast<int64_t>(i));
    EXPECT_EQ((*rows)[i].global_position, static_cast<int64_t>(i + 1));
  }
}

TEST_P(SqliteStoreTest, OptimisticWritersNeverBothWinTheSameVersion) {
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
  Result<std::optional<int64_t>> v = store_->GetStreamVersion("default", "race-1");
  ASSERT_TRUE(v.ok() && v->has_value());
  // Each win took exactly one version; no two writers won the same one.
  EXPECT_EQ(**v + 1, wins.load());
}

TEST_P(SqliteStoreTest, HealthCountsConnections) {
  Result<StoreHealth> health = store_->Health();
  ASSERT_TRUE(health.ok());
  EXPECT_EQ(health->backend, "sqlite");
  EXPECT_GE(health->connections, 2);  // metadata + default's writer
}

INSTANTIATE_TEST_SUITE_P(Backends, SqliteStoreTest, ::testing::Bool(),
                         [](const ::testing::TestParamInfo<bool>& info) {
                           return info.param ? "InMemory" : "File";
                         });

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
  Result<std::optional<int64_t>> v = (*store)->GetStreamVersion("default", "s-1");
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
