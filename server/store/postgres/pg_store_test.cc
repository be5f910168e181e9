// The Store contract (store.h) against the postgres store: PostgreSQL with
// a pool of 1 and of 4 connections, and TimescaleDB (the local PGlite
// server, one connection). Same cases and expectations as the SQLite and
// pebble stores, so every backend answers alike.
#include <map>
#include <regex>
#include <set>

#include "server/store/postgres/pg_store_test_util.h"
#include "server/store/stream_name.h"

namespace refserver::testing {
namespace {

using mdbprof::StatusCode;

class PgStoreContractTest : public PgStoreFixture {};

TEST_P(PgStoreContractTest, PositionsPerStreamGlobalPositionsAcrossNamespace) {
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

TEST_P(PgStoreContractTest, ExpectedVersionIsCheckedInsideTheWrite) {
  EXPECT_EQ(Write(Msg("s-1", "T", -1)).position, 0);
  Result<WriteResult> stale =
      store_->WriteMessage("default", Msg("s-1", "T", -1));
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(stale.status().message().find(
                "stream 's-1': expected version -1, stream is at version 0"),
            std::string::npos)
      << stale.status().message();
  Result<WriteResult> ahead =
      store_->WriteMessage("default", Msg("s-1", "T", 5));
  EXPECT_EQ(ahead.status().code(), StatusCode::kFailedPrecondition);

  WriteResult ok = Write(Msg("s-1", "T", 0));
  EXPECT_EQ(ok.position, 1);
  EXPECT_EQ(ok.global_position, 2) << "rejected writes take no position";
}

TEST_P(PgStoreContractTest, DuplicateMessageIdIsInvalidArgument) {
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

TEST_P(PgStoreContractTest, MalformedIdOrJsonIsInvalidArgument) {
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

TEST_P(PgStoreContractTest, GetStreamHonoursPositionGlobalPositionAndBatch) {
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

TEST_P(PgStoreContractTest, MessagesRoundTripVerbatim) {
  NewMessage m = Msg("s-1", "Deposited");
  m.data = R"({"amount":100,  "nested":{"a":[1,2,"x"]},"u":"\u00e9","a":0})";
  m.metadata = R"({"correlationStreamName":"workflow-9"})";
  Write(m);
  Write(Msg("s-1"));  // metadata null

  StreamQuery q;
  q.stream_name = "s-1";
  std::vector<Message> rows = Stream(q);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].id, m.id);
  EXPECT_EQ(rows[0].type, "Deposited");
  EXPECT_EQ(rows[0].data, m.data) << "key order, spacing and escapes kept";
  EXPECT_EQ(rows[0].metadata, m.metadata);
  EXPECT_FALSE(rows[1].metadata.has_value());
  EXPECT_TRUE(std::regex_match(
      rows[0].time, std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)")))
      << rows[0].time;
}

TEST_P(PgStoreContractTest, StreamNamesWithSeparatorsDoNotCollide) {
  const std::vector<std::string> streams = {
      "a-1", "a-1:0", "a-1%3A", "a-1:", "a:b-1", "a%b-1", "a-1'; --"};
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
  }
  CategoryQuery q;
  q.category = "a";
  q.batch_size = kUnlimitedBatch;
  EXPECT_EQ(Category(q).size(), 15u) << "five streams of category 'a'";
  q.category = "a:b";
  EXPECT_EQ(Category(q).size(), 3u);
}

TEST_P(PgStoreContractTest, LastWithAndWithoutType) {
  Write(Msg("s-1", "Opened"));
  Write(Msg("s-1", "Deposited"));
  Write(Msg("s-1", "Withdrawn"));
  Write(Msg("s-1", "Deposited"));
  Write(Msg("s-1", "Closed"));
  Write(Msg("s-10", "Other"));

  Result<std::optional<Message>> last =
      store_->GetLastStreamMessage("default", "s-1", std::nullopt);
  ASSERT_TRUE(last.ok() && last->has_value()) << last.status().message();
  EXPECT_EQ((*last)->type, "Closed");
  EXPECT_EQ((*last)->position, 4);
  last = store_->GetLastStreamMessage("default", "s-1", "Deposited");
  ASSERT_TRUE(last.ok() && last->has_value());
  EXPECT_EQ((*last)->position, 3);
  last = store_->GetLastStreamMessage("default", "s-1", "Other");
  ASSERT_TRUE(last.ok());
  EXPECT_FALSE(last->has_value());
  last = store_->GetLastStreamMessage("default", "missing-1", std::nullopt);
  ASSERT_TRUE(last.ok());
  EXPECT_FALSE(last->has_value());
}

TEST_P(PgStoreContractTest, VersionOfMissingStreamIsNullopt) {
  Result<std::optional<int64_t>> v = store_->GetStreamVersion("default", "s-1");
  ASSERT_TRUE(v.ok());
  EXPECT_FALSE(v->has_value());
  Write(Msg("s-1"));
  Write(Msg("s-1"));
  v = store_->GetStreamVersion("default", "s-1");
  ASSERT_TRUE(v.ok() && v->has_value());
  EXPECT_EQ(**v, 1);
}

TEST_P(PgStoreContractTest, CategoryGetOrdersByGlobalPositionWithBatch) {
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
  q.global_position = 4;
  q.batch_size = kUnlimitedBatch;
  rows = Category(q);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].position, 1);
  EXPECT_EQ(rows[1].stream_name, "acct");
  q.global_position = 0;
  q.batch_size = 0;
  EXPECT_TRUE(Category(q).empty()) << "batch size 0 returns nothing";
}

TEST_P(PgStoreContractTest, ConsumerGroupMatchesHash64OfTheCardinalId) {
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
      EXPECT_EQ(it->second, member) << m.stream_name << " in two members";
      EXPECT_EQ(ConsumerGroupMember(m.stream_name, kSize), member)
          << m.stream_name << ": must match stream_name.h (and SQLite)";
    }
  }
  EXPECT_EQ(total, streams.size() * 2);
  std::set<int> used;
  for (const auto& [stream, member] : member_of) used.insert(member);
  EXPECT_EQ(used.size(), 3u);

  CategoryQuery q;  // a batch limit counts only the member's messages
  q.category = "acct";
  q.batch_size = 5;
  q.consumer_group = ConsumerGroup{1, kSize};
  std::vector<Message> batch = Category(q);
  EXPECT_EQ(batch.size(), 5u);
  for (const Message& m : batch) EXPECT_EQ(member_of[m.stream_name], 1);
}

TEST_P(PgStoreContractTest, CorrelationFiltersOnCorrelationStreamCategory) {
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
  Write(with_meta(R"([1,2])"));                                     // gp 8

  CategoryQuery q;
  q.category = "acct";
  q.correlation = "workflow";
  EXPECT_EQ(GlobalPositions(Category(q)), (std::vector<int64_t>{1, 2, 7}));
  q.batch_size = 2;
  EXPECT_EQ(GlobalPositions(Category(q)), (std::vector<int64_t>{1, 2}));
  q.global_position = 3;
  EXPECT_EQ(GlobalPositions(Category(q)), (std::vector<int64_t>{7}));
}

TEST_P(PgStoreContractTest, NamespaceLifecycle) {
  ASSERT_TRUE(store_->CreateNamespace(Record("tenant-a")).ok());
  EXPECT_EQ(store_->CreateNamespace(Record("tenant-a")).code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(store_->CreateNamespace(Record("../evil")).code(),
            StatusCode::kInvalidArgument);
  ASSERT_TRUE(store_->CreateNamespace(Record("Tenant-A")).ok())
      << "names are case-sensitive, like the other backends";

  Result<std::vector<NamespaceRecord>> list = store_->ListNamespaces();
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 3u);
  EXPECT_EQ((*list)[0].name, "Tenant-A") << "byte order, as SQLite sorts";
  EXPECT_EQ((*list)[1].name, "default");
  EXPECT_EQ((*list)[2].name, "tenant-a");
  EXPECT_EQ((*list)[2].created_at, "2024-01-01T00:00:00.000Z");

  Write(Msg("s-1"), "tenant-a");
  Write(Msg("s-1"), "tenant-a");
  Write(Msg("s-2"), "tenant-a");
  Result<NamespaceStats> stats = store_->GetNamespaceStats("tenant-a");
  ASSERT_TRUE(stats.ok()) << stats.status().message();
  EXPECT_EQ(stats->message_count, 3);
  EXPECT_EQ(stats->stream_count, 2);
  Result<std::optional<Message>> newest =
      store_->GetLastStreamMessage("tenant-a", "s-2", std::nullopt);
  ASSERT_TRUE(newest.ok() && newest->has_value());
  ASSERT_TRUE(stats->last_activity.has_value());
  EXPECT_EQ(*stats->last_activity, (*newest)->time);

  ASSERT_TRUE(store_->SetTokenHash("tenant-a", "newhash").ok());
  Result<std::optional<NamespaceRecord>> found =
      store_->FindNamespace("tenant-a");
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->token_hash, "newhash");

  Result<int64_t> deleted = store_->DeleteNamespace("tenant-a");
  ASSERT_TRUE(deleted.ok()) << deleted.status().message();
  EXPECT_EQ(*deleted, 3);
  found = store_->FindNamespace("tenant-a");
  ASSERT_TRUE(found.ok());
  EXPECT_FALSE(found->has_value());
  EXPECT_EQ(store_->WriteMessage("tenant-a", Msg("s-1")).status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(store_->DeleteNamespace("tenant-a").status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(store_->SetTokenHash("tenant-a", "x").code(),
            StatusCode::kNotFound);

  ASSERT_TRUE(store_->CreateNamespace(Record("tenant-a")).ok());
  EXPECT_EQ(Write(Msg("s-1"), "tenant-a").global_position, 1)
      << "a re-created namespace starts empty";
  stats = store_->GetNamespaceStats("tenant-a");
  ASSERT_TRUE(stats.ok()) << stats.status().message();
  EXPECT_EQ(stats->message_count, 1);
}

TEST_P(PgStoreContractTest, EmptyNamespaceStats) {
  Result<NamespaceStats> stats = store_->GetNamespaceStats("default");
  ASSERT_TRUE(stats.ok()) << stats.status().message();
  EXPECT_EQ(stats->message_count, 0);
  EXPECT_EQ(stats->stream_count, 0);
  EXPECT_FALSE(stats->last_activity.has_value());
}

TEST_P(PgStoreContractTest, EveryMessageCallOnAMissingNamespaceIsNotFound) {
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

TEST_P(PgStoreContractTest, DataSurvivesReopen) {
  Write(Msg("s-1"));
  Write(Msg("s-1"));
  ASSERT_TRUE(store_->SetTokenHash("default", "rotated").ok());
  Reopen();
  Result<std::optional<NamespaceRecord>> found =
      store_->FindNamespace("default");
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->token_hash, "rotated");
  Result<std::optional<int64_t>> v = store_->GetStreamVersion("default", "s-1");
  ASSERT_TRUE(v.ok() && v->has_value()) << v.status().message();
  EXPECT_EQ(**v, 1);
  EXPECT_EQ(Write(Msg("s-2")).global_position, 3);
}

TEST_P(PgStoreContractTest, HealthNamesTheBackendAndCountsConnections) {
  Result<StoreHealth> health = store_->Health();
  ASSERT_TRUE(health.ok()) << health.status().message();
  EXPECT_EQ(health->backend, GetParam().timescale ? "timescale" : "postgres");
  EXPECT_GE(health->connections, 1);
  EXPECT_LE(health->connections, GetParam().pool_size);
}

INSTANTIATE_TEST_SUITE_P(Variants, PgStoreContractTest,
                         ::testing::Values(PgVariant{"PostgresPool1", false, 1},
                                           PgVariant{"PostgresPool4", false, 4},
                                           PgVariant{"Timescale", true, 1}),
                         VariantName);

}  // namespace
}  // namespace refserver::testing
