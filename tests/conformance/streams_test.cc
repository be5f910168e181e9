// Streams: stream.write / get / last / version and expectedVersion, the same
// on every backend (EventoDB contract).
#include <time.h>

#include <algorithm>
#include <atomic>
#include <barrier>
#include <regex>
#include <thread>
#include <vector>

#include "tests/conformance/conformance_test.h"

namespace mdbprof::conformance {
namespace {

using namespace stream_row;

class Streams : public ConformanceTest {};

// Seconds between `iso` ("YYYY-MM-DDTHH:MM:SS.mmmZ") and now; a huge value
// when it does not parse.
double SecondsFromNow(const std::string& iso) {
  struct tm tm = {};
  if (strptime(iso.c_str(), "%Y-%m-%dT%H:%M:%S", &tm) == nullptr) return 1e12;
  return std::difftime(timegm(&tm), time(nullptr));
}

TEST_P(Streams, WriteThenReadReturnsEveryField) {
  const std::string stream = Stream("round");
  const json data = {
      {"text", "grüße ✓ \"quoted\"\n"},
      {"int", 9007199254740991},  // 2^53 - 1: exact as a double too
      {"negative", -42},
      {"float", 1.5},
      {"bool", true},
      {"null", nullptr},
      {"list", {1, "two", {{"three", 3}}}},
      {"nested", {{"a", {{"b", {{"c", "deep"}}}}}}}};
  const json metadata = {{"correlationStreamName", "other-7"},
                         {"causationMessageId", "x"}};
  const std::string id = NewUuid();
  json written = Write(stream, "Deposited", data, metadata, {{"id", id}});
  EXPECT_EQ(written, json({{"position", 0},
                           {"globalPosition", written["globalPosition"]}}));
  ASSERT_TRUE(written["globalPosition"].is_number_integer()) << written;
  EXPECT_GE(written["globalPosition"].get<int64_t>(), 1);

  json rows = Ok({"stream.get", stream});
  ASSERT_TRUE(rows.is_array()) << rows;
  ASSERT_EQ(rows.size(), 1u) << rows;
  const json& row = rows[0];
  ASSERT_EQ(row.size(), static_cast<size_t>(kSize)) << row;
  EXPECT_EQ(row[kId], id);
  EXPECT_EQ(row[kType], "Deposited");
  EXPECT_EQ(row[kPosition], 0);
  EXPECT_EQ(row[kGlobalPosition], written["globalPosition"]);
  EXPECT_EQ(row[kData], data);  // JSON equality: key order may differ
  EXPECT_EQ(row[kMetadata], metadata);
  ASSERT_TRUE(row[kTime].is_string()) << row;
  const std::string time = row[kTime];
  // RFC 3339 in UTC; the fraction is the server's (EventoDB: Go's
  // RFC3339Nano, none when the store keeps seconds).
  EXPECT_TRUE(std::regex_match(
      time, std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z)")))
      << time;
  EXPECT_LT(std::abs(SecondsFromNow(time)), 300) << time;
}

TEST_P(Streams, MissingMetadataReadsAsNullAndIdsAreGenerated) {
  const std::string stream = Stream("nometa");
  Write(stream, "A", json::object());
  Write(stream, "B", {{"k", "v"}});
  json rows = Ok({"stream.get", stream});
  ASSERT_EQ(rows.size(), 2u) << rows;
  EXPECT_TRUE(rows[0][kMetadata].is_null()) << rows[0];
  EXPECT_EQ(rows[0][kData], json::object());
  // Any RFC 4122 version (the refserver makes version 4, EventoDB 7).
  const std::regex uuid(
      "[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{"
      "12}");
  for (const json& row : rows) {
    EXPECT_TRUE(std::regex_match(row[kId].get<std::string>(), uuid)) << row;
  }
  EXPECT_NE(rows[0][kId], rows[1][kId]);
}

TEST_P(Streams, PositionsCountFromZeroPerStreamAndGlobalPositionsGrow) {
  const std::string a = Stream("pos");
  const std::string b = UniqueName("pos") + "-2";
  std::vector<json> results;
  const std::vector<std::string> order = {a, b, a, a, b};
  for (const std::string& stream : order) {
    results.push_back(Write(stream, "T", {{"n", results.size()}}));
  }
  const std::vector<int> expected_positions = {0, 0, 1, 2, 1};
  for (size_t i = 0; i < results.size(); ++i) {
    EXPECT_EQ(results[i]["position"], expected_positions[i]) << i;
    if (i > 0) {
      EXPECT_GT(results[i]["globalPosition"].get<int64_t>(),
                results[i - 1]["globalPosition"].get<int64_t>())
          << i;
    }
  }
  json rows = Ok({"stream.get", a});
  ASSERT_EQ(rows.size(), 3u) << rows;
  const size_t a_writes[] = {0, 2, 3};
  for (size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(rows[i][kPosition], i);
    EXPECT_EQ(rows[i][kGlobalPosition], results[a_writes[i]]["globalPosition"]);
    EXPECT_EQ(rows[i][kData]["n"], a_writes[i]);
  }
  EXPECT_EQ(Ok({"stream.version", a}), 2);
  EXPECT_EQ(Ok({"stream.version", b}), 1);
}

TEST_P(Streams, GetPagesByPositionAndBatchSize) {
  const std::string stream = Stream("page");
  for (int i = 0; i < 7; ++i) Write(stream, "T", {{"i", i}});

  json page = Ok({"stream.get", stream, {{"position", 2}, {"batchSize", 3}}});
  ASSERT_EQ(page.size(), 3u) << page;
  for (int i = 0; i < 3; ++i) EXPECT_EQ(page[i][kPosition], 2 + i);

  std::vector<int> seen;
  int64_t next = 0;
  for (int round = 0; round < 10; ++round) {
    json batch =
        Ok({"stream.get", stream, {{"position", next}, {"batchSize", 2}}});
    ASSERT_TRUE(batch.is_array()) << batch;
    if (batch.empty()) break;
    EXPECT_LE(batch.size(), 2u);
    for (const json& row : batch) seen.push_back(row[kData]["i"]);
    next = batch.back()[kPosition].get<int64_t>() + 1;
  }
  EXPECT_EQ(seen, (std::vector<int>{0, 1, 2, 3, 4, 5, 6}));

  EXPECT_EQ(Ok({"stream.get", stream, {{"position", 7}}}), json::array());
  EXPECT_EQ(Ok({"stream.get", stream, {{"batchSize", -1}}}).size(), 7u);
}

TEST_P(Streams, GetFromGlobalPosition) {
  const std::string stream = Stream("gpos");
  std::vector<int64_t> gps;
  for (int i = 0; i < 4; ++i) {
    gps.push_back(Write(stream, "T", {{"i", i}})["globalPosition"]);
  }
  json rows = Ok({"stream.get", stream, {{"globalPosition", gps[2]}}});
  ASSERT_EQ(rows.size(), 2u) << rows;
  EXPECT_EQ(rows[0][kGlobalPosition], gps[2]);
  EXPECT_EQ(rows[1][kGlobalPosition], gps[3]);
}

TEST_P(Streams, MissingStreamReadsEmptyAndHasNoVersion) {
  const std::string stream = Stream("missing");
  EXPECT_EQ(Ok({"stream.get", stream}), json::array());
  EXPECT_TRUE(Ok({"stream.version", stream}).is_null());
  EXPECT_TRUE(Ok({"stream.last", stream}).is_null());
}

TEST_P(Streams, StreamNamesMatchExactly) {
  const std::string category = UniqueName("exact");
  Write(category + "-1", "T", {{"s", "1"}});
  Write(category + "-10", "T", {{"s", "10"}});
  Write(category + "-1+x", "T", {{"s", "1+x"}});
  Write(category + "x-1", "T", {{"s", "x-1"}});
  json rows = Ok({"stream.get", category + "-1"});
  ASSERT_EQ(rows.size(), 1u) << rows;
  EXPECT_EQ(rows[0][kData]["s"], "1");
  EXPECT_EQ(Ok({"stream.version", category + "-1"}), 0);
  EXPECT_EQ(Ok({"stream.last", category + "-1"})[kData]["s"], "1");
}

// Names with characters that are special to some backend (key separators,
// LIKE wildcards, quotes, case, non-ASCII) are still just names.
TEST_P(Streams, OddStreamNamesStayApart) {
  const std::string base = UniqueName("odd");
  const std::vector<std::string> names = {
      base + "-a",        base + "-a:b",
      base + "-a%3Ab",    base + "-a:00000000000000000000",
      base + "-a_",       base + "-a%",
      base + "-A",        base + "-with space",
      base + "-quote'\"", base + "-ü",
      base + "-a+b",      base + "-a-b",
  };
  for (size_t n = 0; n < names.size(); ++n) {
    for (size_t i = 0; i <= n % 3; ++i) {
      json w = Write(names[n], "Odd", {{"name", names[n]}, {"i", i}});
      EXPECT_EQ(w["position"], i) << names[n];
    }
  }
  for (size_t n = 0; n < names.size(); ++n) {
    json rows = Ok({"stream.get", names[n]});
    ASSERT_TRUE(rows.is_array()) << rows;
    EXPECT_EQ(rows.size(), n % 3 + 1) << names[n] << ": " << rows;
    for (const json& row : rows) EXPECT_EQ(row[kData]["name"], names[n]);
    EXPECT_EQ(Ok({"stream.version", names[n]}), n % 3) << names[n];
    json last = Ok({"stream.last", names[n]});
    ASSERT_TRUE(last.is_array()) << names[n] << ": " << last;
    EXPECT_EQ(last[kData]["name"], names[n]);
  }
  EXPECT_TRUE(Ok({"stream.version", base + "-a:"}).is_null());
  EXPECT_TRUE(Ok({"stream.version", base + "-ab"}).is_null());
}

TEST_P(Streams, LargeMessagesRoundTrip) {
  const std::string stream = Stream("large");
  std::string text;
  for (int i = 0; text.size() < 200 * 1024; ++i) {
    text += "chunk " + std::to_string(i) + " äöü \\ \" \n;";
  }
  json data = {{"text", text}, {"list", json::array()}};
  for (int i = 0; i < 2000; ++i) data["list"].push_back(i * 1.25);
  Write(stream, "Big", data, {{"size", text.size()}});
  json rows = Ok({"stream.get", stream});
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0][kData], data);
  EXPECT_EQ(rows[0][kMetadata]["size"], text.size());
}

TEST_P(Streams, LastWithAndWithoutType) {
  const std::string stream = Stream("last");
  const char* types[] = {"Opened", "Deposited", "Opened", "Deposited",
                         "Closed"};
  for (int i = 0; i < 5; ++i) Write(stream, types[i], {{"i", i}});

  json last = Ok({"stream.last", stream});
  ASSERT_TRUE(last.is_array()) << last;
  ASSERT_EQ(last.size(), static_cast<size_t>(kSize)) << last;
  EXPECT_EQ(last[kType], "Closed");
  EXPECT_EQ(last[kPosition], 4);
  EXPECT_EQ(last[kData]["i"], 4);

  json deposited = Ok({"stream.last", stream, {{"type", "Deposited"}}});
  ASSERT_TRUE(deposited.is_array()) << deposited;
  EXPECT_EQ(deposited[kType], "Deposited");
  EXPECT_EQ(deposited[kPosition], 3);

  json opened = Ok({"stream.last", stream, {{"type", "Opened"}}});
  ASSERT_TRUE(opened.is_array()) << opened;
  EXPECT_EQ(opened[kPosition], 2);

  EXPECT_TRUE(Ok({"stream.last", stream, {{"type", "Never"}}}).is_null());
  // The full row matches what stream.get returns for that position.
  json all = Ok({"stream.get", stream});
  ASSERT_EQ(all.size(), 5u);
  EXPECT_EQ(last, all[4]);
  EXPECT_EQ(deposited, all[3]);
}

TEST_P(Streams, ExpectedVersionAcceptsTheLastPositionAndRejectsOthers) {
  const std::string stream = Stream("ev");
  // An empty stream expects -1.
  RpcReply wrong_empty = Call(
      WriteRequest(stream, "T", {{"i", 0}}, nullptr, {{"expectedVersion", 0}}));
  EXPECT_EQ(wrong_empty.status, 409) << wrong_empty.Describe();
  EXPECT_EQ(wrong_empty.code(), "STREAM_VERSION_CONFLICT");
  EXPECT_EQ(Write(stream, "T", {{"i", 0}}, nullptr,
                  {{"expectedVersion", -1}})["position"],
            0);
  RpcReply again_empty = Call(WriteRequest(stream, "T", {{"i", 1}}, nullptr,
                                           {{"expectedVersion", -1}}));
  EXPECT_EQ(again_empty.status, 409) << again_empty.Describe();
  EXPECT_EQ(again_empty.code(), "STREAM_VERSION_CONFLICT");

  EXPECT_EQ(Write(stream, "T", {{"i", 1}}, nullptr,
                  {{"expectedVersion", 0}})["position"],
            1);
  for (int stale : {0, 2, 5}) {
    RpcReply conflict =
        Call(WriteRequest(stream, "T", {{"stale", stale}}, nullptr,
                          {{"expectedVersion", stale}}));
    EXPECT_EQ(conflict.status, 409) << stale << ": " << conflict.Describe();
    EXPECT_EQ(conflict.code(), "STREAM_VERSION_CONFLICT") << stale;
  }
  // Rejected writes left nothing behind.
  json rows = Ok({"stream.get", stream});
  ASSERT_EQ(rows.size(), 2u) << rows;
  EXPECT_EQ(Ok({"stream.version", stream}), 1);
  EXPECT_EQ(Write(stream, "T", {{"i", 2}}, nullptr,
                  {{"expectedVersion", 1}})["position"],
            2);
}

// Writers racing with the same expectedVersion: exactly one wins each round,
// whatever the backend's locking.
TEST_P(Streams, RacingWritersWithTheSameExpectedVersionExactlyOneWins) {
  constexpr int kWriters = 4;
  constexpr int kRounds = 15;
  const std::string stream = Stream("race");
  std::vector<RpcClient> clients;
  for (int w = 0; w < kWriters; ++w) {
    clients.push_back(backend().Client(backend().admin_token()));
    ASSERT_EQ(clients.back().Call({"sys.version"}).status, 200);  // connect
  }
  std::vector<std::vector<RpcReply>> replies(kRounds,
                                             std::vector<RpcReply>(kWriters));
  std::barrier start(kWriters);
  std::vector<std::thread> threads;
  for (int w = 0; w < kWriters; ++w) {
    threads.emplace_back([&, w] {
      for (int round = 0; round < kRounds; ++round) {
        start.arrive_and_wait();
        replies[round][w] = clients[w].Call(
            WriteRequest(stream, "T", {{"round", round}, {"writer", w}},
                         nullptr, {{"expectedVersion", round - 1}}));
        start.arrive_and_wait();  // everyone done before the next round
      }
    });
  }
  for (std::thread& t : threads) t.join();

  std::vector<int> winners;
  for (int round = 0; round < kRounds; ++round) {
    int won = 0;
    for (int w = 0; w < kWriters; ++w) {
      const RpcReply& r = replies[round][w];
      if (r.status == 200) {
        ++won;
        winners.push_back(w);
        EXPECT_EQ(r.json["position"], round) << r.Describe();
      } else {
        EXPECT_EQ(r.status, 409) << "round " << round << ": " << r.Describe();
        EXPECT_EQ(r.code(), "STREAM_VERSION_CONFLICT") << r.Describe();
      }
    }
    EXPECT_EQ(won, 1) << "round " << round;
  }
  json rows = Ok({"stream.get", stream, {{"batchSize", -1}}});
  ASSERT_EQ(rows.size(), static_cast<size_t>(kRounds)) << rows;
  for (int round = 0; round < kRounds && round < (int)winners.size(); ++round) {
    EXPECT_EQ(rows[round][kPosition], round);
    EXPECT_EQ(rows[round][kData]["round"], round);
    EXPECT_EQ(rows[round][kData]["writer"], winners[round]);
  }
}

// Concurrent writers without expectedVersion all succeed, with distinct,
// gap-free positions in the stream.
TEST_P(Streams, ConcurrentUnconditionalWritesGetDistinctPositions) {
  constexpr int kWriters = 4;
  constexpr int kEach = 10;
  const std::string stream = Stream("concurrent");
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int w = 0; w < kWriters; ++w) {
    threads.emplace_back([&, w] {
      RpcClient client = backend().Client(backend().admin_token());
      for (int i = 0; i < kEach; ++i) {
        RpcReply r =
            client.Call(WriteRequest(stream, "T", {{"writer", w}, {"i", i}}));
        if (r.status == 200) ++ok;
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(ok.load(), kWriters * kEach);
  json rows = Ok({"stream.get", stream, {{"batchSize", -1}}});
  ASSERT_EQ(rows.size(), static_cast<size_t>(kWriters * kEach));
  int64_t last_gp = 0;
  for (size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(rows[i][kPosition], i);
    EXPECT_GT(rows[i][kGlobalPosition].get<int64_t>(), last_gp);
    last_gp = rows[i][kGlobalPosition];
  }
}

// Concurrent writers on different streams never share a global position,
// and a category read lists every write once, in global order.
TEST_P(Streams, ConcurrentWritersNeverShareAGlobalPosition) {
  constexpr int kWriters = 4;
  constexpr int kEach = 10;
  const std::string category = UniqueName("gp");
  std::vector<RpcClient> clients;
  for (int w = 0; w < kWriters; ++w) {
    clients.push_back(backend().Client(backend().admin_token()));
  }
  std::vector<std::vector<int64_t>> gps(kWriters);
  std::vector<std::thread> threads;
  for (int w = 0; w < kWriters; ++w) {
    threads.emplace_back([&, w] {
      for (int i = 0; i < kEach; ++i) {
        RpcReply r = clients[w].Call(
            WriteRequest(category + "-" + std::to_string(w), "T", {{"i", i}}));
        if (r.status == 200) gps[w].push_back(r.json["globalPosition"]);
      }
    });
  }
  for (std::thread& t : threads) t.join();
  std::vector<int64_t> all;
  for (const auto& mine : gps) {
    EXPECT_EQ(mine.size(), static_cast<size_t>(kEach));
    EXPECT_TRUE(std::is_sorted(mine.begin(), mine.end()));
    all.insert(all.end(), mine.begin(), mine.end());
  }
  std::sort(all.begin(), all.end());
  EXPECT_EQ(std::adjacent_find(all.begin(), all.end()), all.end())
      << "a global position was given twice";
  json rows = Ok({"category.get", category, {{"batchSize", -1}}});
  ASSERT_TRUE(rows.is_array()) << rows;
  std::vector<int64_t> read;
  for (const json& row : rows) {
    read.push_back(row[category_row::kGlobalPosition]);
  }
  EXPECT_EQ(read, all);
}

MDBPROF_INSTANTIATE_CONFORMANCE(Streams);

}  // namespace
}  // namespace mdbprof::conformance
