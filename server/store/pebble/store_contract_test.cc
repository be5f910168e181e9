// The Store contract (store.h), run against every backend opened through
// OpenStore: SQLite on disk, SQLite in memory and pebble (RocksDB). A
// backend-specific test belongs next to its backend; a semantic rule every
// backend must follow belongs here.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <functional>
#include <map>
#include <regex>
#include <set>
#include <thread>
#include <vector>

#include "server/store/store.h"
#include "server/store/store_factory.h"
#include "server/store/stream_name.h"
#include "server/testing/scoped_temp_dir.h"

namespace refserver {
namespace {

using mdbprof::StatusCode;

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
void PrintTo(const Backend& backend, std::ostream* os) { *os << backend.name; }

std::vector<Backend> Backends() {
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

TEST_P(StoreContractTest, PositionsPerStreamGlobalPositionsAcrossNamespace) {
  EXPECT_EQ(Write(Msg("a-1")).position, 0);
  EXPECT_EQ(Write(Msg("b-1")).position, 0);
  WriteResult third = Write(Msg("a-1"));
  EXPECT_EQ(third.position, 1);
  EXPECT_EQ(third.global_position, 3);
  WriteResult fourth = Write(Msg("a-1"));
  EXPECT_EQ(fourth.position, 2);
  EXPECT_EQ(fourth.global_position, 4);

  ASSERT_TRUE(store_->CreateNamespace(Record("other")).ok());
  WriteResult other = Write(Msg("a-1"), "other");
  EXPECT_EQ(other.position, 0);
  EXPECT_EQ(other.global_position, 1)
      << "each namespace counts global positions from 1";
}

TEST_P(StoreContractTest, ExpectedVersionIsCheckedInsideTheWrite) {
  EXPECT_EQ(Write(Msg("s-1", "T", -1)).position, 0);

  Result<WriteResult> stale =
      store_->WriteMessage("default", Msg("s-1", "T", -1));
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(stale.status().message().find(
                "expected version -1, stream is at version 0"),
            std::string::npos)
      << stale.status().message();
  EXPECT_NE(stale.status().message().find("s-1"), std::string::npos);

  Result<WriteResult> ahead =
      store_->WriteMessage("default", Msg("s-1", "T", 5));
  EXPECT_EQ(ahead.status().code(), StatusCode::kFailedPrecondition);

  WriteResult ok = Write(Msg("s-1", "T", 0));
  EXPECT_EQ(ok.position, 1);
  EXPECT_EQ(ok.global_position, 2) << "rejected writes take no position";
}

TEST_P(StoreContractTest, DuplicateMessageIdIsInvalidArgument) {
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
  EXPECT_EQ(Write(Msg("s-2")).global_position, 2);
}

TEST_P(StoreContractTest, GetStreamHonoursPositionGlobalPositionAndBatch) {
  for (int i = 0; i < 5; ++i) {
    Write(Msg("s-1"));
    Write(Msg("noise-1"));
  }
  StreamQuery q;
  q.stream_name = "s-1";
  q.position = 2;
  q.batch_size = 2;
  std::vector<Message> rows = Stream(q);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].position, 2);
  EXPECT_EQ(rows[0].global_position, 5);
  EXPECT_EQ(rows[1].position, 3);
  EXPECT_EQ(rows[0].stream_name, "s-1");

  q.position = 0;
  q.global_position = 6;  // s-1 has global positions 1,3,5,7,9
  q.batch_size = kUnlimitedBatch;
  EXPECT_EQ(GlobalPositions(Stream(q)), (std::vector<int64_t>{7, 9}));

  q.global_position = 0;
  q.position = 99;
  EXPECT_TRUE(Stream(q).empty());

  q.stream_name = "missing-1";
  q.position = 0;
  EXPECT_TRUE(Stream(q).empty());
}

TEST_P(StoreContractTest, MessagesRoundTripVerbatim) {
  NewMessage m = Msg("s-1", "Deposited");
  m.data = R"({"amount":100,"nested":{"a":[1,2,"x"]},"u":"\u00e9"})";
  m.metadata = R"({"correlationStreamName":"workflow-9"})";
  Write(m);
  Write(Msg("s-1"));  // metadata null

  StreamQuery q;
  q.stream_name = "s-1";
  std::vector<Message> rows = Stream(q);
  ASSERT_EQ(rows.size(), 2u);
  const Message& first = rows[0];
  EXPECT_EQ(first.id, m.id);
  EXPECT_EQ(first.type, "Deposited");
  EXPECT_EQ(first.data, m.data);
  EXPECT_EQ(first.metadata, m.metadata);
  EXPECT_FALSE(rows[1].metadata.has_value());
  EXPECT_TRUE(std::regex_match(
      first.time, std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)")))
      << first.time;
}

TEST_P(StoreContractTest, StreamNamesWithSeparatorsDoNotCollide) {
  // ':' and '%' are the pebble key separator and escape character.
  const std::vector<std::string> streams = {"a-1",  "a-1:0", "a-1:00", "a-1%3A",
                                            "a-1:", "a:b-1", "a%b-1"};
  for (int round = 0; round < 3; ++round) {
    for (const std::string& s : streams) Write(Msg(s));
  }
  for (const std::string& s : streams) {
    StreamQuery q;
    q.stream_name = s;
    q.batch_size = kUnlimitedBatch;
    std::vector<Message> rows = Stream(q);
    ASSERT_EQ(rows.size(), 3u) << s;
    for (size_t i = 0; i < rows.size(); ++i) {
      EXPECT_EQ(rows[i].stream_name, s);
      EXPECT_EQ(rows[i].position, static_cast<int64_t>(i)) << s;
    }
    Result<std::optional<int64_t>> v = store_->GetStreamVersion("default", s);
    ASSERT_TRUE(v.ok() && v->has_value()) << s;
    EXPECT_EQ(**v, 2) << s;
  }
  CategoryQuery q;
  q.category = "a";
  q.batch_size = kUnlimitedBatch;
  EXPECT_EQ(Category(q).size(), 15u) << "five streams of category 'a'";
  q.category = "a:b";
  EXPECT_EQ(Category(q).size(), 3u);
}

TEST_P(StoreContractTest, LastWithAndWithoutType) {
  Write(Msg("s-1", "Opened"));
  Write(Msg("s-1", "Deposited"));
  Write(Msg("s-1", "Withdrawn"));
  Write(Msg("s-1", "Deposited"));
  Write(Msg("s-1", "Closed"));
  Write(Msg("s-10", "Other"));  // a stream whose name extends s-1

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

  last = store_->GetLastStreamMessage("default", "s-1", "Opened");
  ASSERT_TRUE(last.ok() && last->has_value());
  EXPECT_EQ((*last)->position, 0);

  last = store_->GetLastStreamMessage("default", "s-1", "Other");
  ASSERT_TRUE(last.ok());
  EXPECT_FALSE(last->has_value());
  last = store_->GetLastStreamMessage("default", "missing-1", std::nullopt);
  ASSERT_TRUE(last.ok());
  EXPECT_FALSE(last->has_value());
}

TEST_P(StoreContractTest, VersionOfMissingStreamIsNullopt) {
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

TEST_P(StoreContractTest, CategoryGetOrdersByGlobalPositionWithBatch) {
  Write(Msg("acct-1"));   // gp 1
  Write(Msg("other-1"));  // gp 2
  Write(Msg("acct-2"));   // gp 3
  Write(Msg("acct-1"));   // gp 4
  Write(Msg("acct"));     // gp 5: a stream named like its category
  Write(Msg("accts-1"));  // gp 6: another category with the same prefix

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

  q.global_position = 0;
  q.batch_size = 0;
  EXPECT_TRUE(Category(q).empty()) << "batch size 0 returns nothing";
  q.category = "nothing";
  q.batch_size = kUnlimitedBatch;
  EXPECT_TRUE(Category(q).empty());
}

TEST_P(StoreContractTest, ConsumerGroupPutsEveryStreamInExactlyOneMember) {
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
    int64_t previous_gp = 0;
    for (const Message& m : Category(q)) {
      ++total;
      EXPECT_GT(m.global_position, previous_gp);
      previous_gp = m.global_position;
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

  CategoryQuery q;  // a batch limit counts only the member's messages
  q.category = "acct";
  q.batch_size = 5;
  q.consumer_group = ConsumerGroup{1, kSize};
  for (const Message& m : Category(q)) {
    EXPECT_EQ(member_of[m.stream_name], 1);
  }
  EXPECT_EQ(Category(q).size(), 5u);
}

TEST_P(StoreContractTest, CorrelationFiltersOnCorrelationStreamCategory) {
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
  EXPECT_EQ(GlobalPositions(Category(q)), (std::vector<int64_t>{1, 2, 7}));
  q.batch_size = 2;
  EXPECT_EQ(GlobalPositions(Category(q)), (std::vector<int64_t>{1, 2}));
  q.global_position = 3;
  EXPECT_EQ(GlobalPositions(Category(q)), (std::vector<int64_t>{7}));
}

TEST_P(StoreContractTest, NamespaceLifecycle) {
  ASSERT_TRUE(store_->CreateNamespace(Record("tenant-a")).ok());
  EXPECT_EQ(store_->CreateNamespace(Record("tenant-a")).code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(store_->CreateNamespace(Record("../evil")).code(),
            StatusCode::kInvalidArgument);

  Result<std::vector<NamespaceRecord>> list = store_->ListNamespaces();
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].name, "default");
  EXPECT_EQ((*list)[1].name, "tenant-a");
  EXPECT_EQ((*list)[1].description, "desc");
  EXPECT_EQ((*list)[1].created_at, "2024-01-01T00:00:00.000Z");

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

TEST_P(StoreContractTest, EmptyNamespaceStats) {
  Result<NamespaceStats> stats = store_->GetNamespaceStats("default");
  ASSERT_TRUE(stats.ok()) << stats.status().message();
  EXPECT_EQ(stats->message_count, 0);
  EXPECT_EQ(stats->stream_count, 0);
  EXPECT_FALSE(stats->last_activity.has_value());
}

TEST_P(StoreContractTest, EveryMessageCallOnAMissingNamespaceIsNotFound) {
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

TEST_P(StoreContractTest, ConcurrentWritersGetDistinctPositions) {
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

TEST_P(StoreContractTest, OptimisticWritersNeverBothWinTheSameVersion) {
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

TEST_P(StoreContractTest, DataSurvivesReopen) {
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

TEST_P(StoreContractTest, HealthNamesTheBackend) {
  Result<StoreHealth> health = store_->Health();
  ASSERT_TRUE(health.ok()) << health.status().message();
  EXPECT_EQ(health->backend, GetParam().expected_health_backend);
  EXPECT_GE(health->connections, 2);  // registry + default's database
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreContractTest,
                         ::testing::ValuesIn(Backends()),
                         [](const ::testing::TestParamInfo<Backend>& info) {
                           return info.param.name;
                         });

}  // namespace
}  // namespace refserver
