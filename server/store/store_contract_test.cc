// The Store contract for messages: positions, expected versions, stream,
// last, version and category reads, consumer groups and correlation.
#include <map>
#include <regex>
#include <set>

#include "server/store/store_contract_fixture.h"
#include "server/store/stream_name.h"

namespace refserver::contract {
namespace {

using mdbprof::StatusCode;

class StoreMessageContractTest : public StoreContractTest {};

TEST_P(StoreMessageContractTest,
       PositionsPerStreamGlobalPositionsAcrossNamespace) {
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

TEST_P(StoreMessageContractTest, ExpectedVersionIsCheckedInsideTheWrite) {
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

TEST_P(StoreMessageContractTest, DuplicateMessageIdIsInvalidArgument) {
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

TEST_P(StoreMessageContractTest,
       GetStreamHonoursPositionGlobalPositionAndBatch) {
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

TEST_P(StoreMessageContractTest, MessagesRoundTripVerbatim) {
  NewMessage m = Msg("s-1", "Deposited");
  m.data = R"({"amount":100,  "nested":{"a":[1,2,"x"]},"u":"\u00e9","a":0})";
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
  EXPECT_EQ(first.data, m.data) << "key order, spacing and escapes kept";
  EXPECT_EQ(first.metadata, m.metadata);
  EXPECT_FALSE(rows[1].metadata.has_value());
  EXPECT_TRUE(std::regex_match(
      first.time, std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)")))
      << first.time;
}

TEST_P(StoreMessageContractTest, StreamNamesWithSeparatorsDoNotCollide) {
  // ':' and '%' are the pebble key separator and escape character; the
  // quote would end an SQL string literal.
  const std::vector<std::string> streams = {
      "a-1", "a-1:0", "a-1:00", "a-1%3A", "a-1:", "a:b-1", "a%b-1", "a-1'; --"};
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
  EXPECT_EQ(Category(q).size(), 18u) << "six streams of category 'a'";
  q.category = "a:b";
  EXPECT_EQ(Category(q).size(), 3u);
}

TEST_P(StoreMessageContractTest, LastWithAndWithoutType) {
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

TEST_P(StoreMessageContractTest, VersionOfMissingStreamIsNullopt) {
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

TEST_P(StoreMessageContractTest, CategoryGetOrdersByGlobalPositionWithBatch) {
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

TEST_P(StoreMessageContractTest,
       ConsumerGroupPutsEveryStreamInExactlyOneMember) {
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

TEST_P(StoreMessageContractTest,
       CorrelationFiltersOnCorrelationStreamCategory) {
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

INSTANTIATE_TEST_SUITE_P(Backends, StoreMessageContractTest,
                         ::testing::ValuesIn(Backends()), BackendName);

}  // namespace
}  // namespace refserver::contract
