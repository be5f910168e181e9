// Categories: category.get with positions, batch size, consumer groups and
// correlation, the same on every backend (EventoDB contract).
#include <functional>
#include <map>
#include <set>
#include <utility>
#include <vector>

#include "tests/conformance/conformance_test.h"

namespace mdbprof::conformance {
namespace {

using namespace category_row;

class Categories : public ConformanceTest {};

// Messages of one category: `per_stream` messages for each id, written round
// robin so the streams interleave in global order. Returns the write results
// in write order as (stream, globalPosition).
std::vector<std::pair<std::string, int64_t>> WriteInterleaved(
    ConformanceTest* test, const std::string& category,
    const std::vector<std::string>& ids, int per_stream,
    const std::function<json(const std::string&, int)>& write) {
  std::vector<std::pair<std::string, int64_t>> written;
  for (int i = 0; i < per_stream; ++i) {
    for (const std::string& id : ids) {
      const std::string stream = category + "-" + id;
      json w = write(stream, i);
      if (!w.is_object()) {
        ADD_FAILURE() << "write to " << stream << " failed";
        continue;
      }
      written.emplace_back(stream, w["globalPosition"].get<int64_t>());
    }
  }
  (void)test;
  return written;
}

TEST_P(Categories, GetReturnsEveryStreamOfTheCategoryInGlobalOrder) {
  const std::string category = UniqueName("cat");
  // Neighbours that a prefix match would wrongly include.
  Write(category + "x-1", "T", {{"neighbour", true}});
  Write(category + "x", "T", {{"neighbour", true}});
  auto written = WriteInterleaved(this, category, {"1", "2", "3+retry"}, 3,
                                  [&](const std::string& stream, int i) {
                                    return Write(stream, "T", {{"i", i}});
                                  });
  Write(UniqueName("other") + "-1", "T", {{"neighbour", true}});

  json rows = Ok({"category.get", category});
  ASSERT_TRUE(rows.is_array()) << rows;
  ASSERT_EQ(rows.size(), written.size()) << rows;
  std::map<std::string, int> next_position;
  for (size_t i = 0; i < rows.size(); ++i) {
    const json& row = rows[i];
    ASSERT_EQ(row.size(), static_cast<size_t>(kSize)) << row;
    EXPECT_EQ(row[kStream], written[i].first) << row;
    EXPECT_EQ(row[kGlobalPosition], written[i].second) << row;
    EXPECT_EQ(row[kType], "T");
    // Per-stream positions as in the stream.
    EXPECT_EQ(row[kPosition], next_position[written[i].first]++) << row;
    EXPECT_FALSE(row[kData].contains("neighbour")) << row;
    EXPECT_TRUE(row[kMetadata].is_null()) << row;
    EXPECT_TRUE(row[kTime].is_string()) << row;
  }
  // The same message reads the same through stream.get.
  json stream_rows = Ok({"stream.get", category + "-2"});
  ASSERT_EQ(stream_rows.size(), 3u);
  for (const json& row : rows) {
    if (row[kStream] != category + "-2") continue;
    const json& s = stream_rows[row[kPosition].get<size_t>()];
    EXPECT_EQ(s[stream_row::kId], row[kId]);
    EXPECT_EQ(s[stream_row::kGlobalPosition], row[kGlobalPosition]);
    EXPECT_EQ(s[stream_row::kTime], row[kTime]);
  }
}

TEST_P(Categories, GetPagesWithPositionAndBatchSize) {
  const std::string category = UniqueName("catpage");
  auto written = WriteInterleaved(this, category, {"a", "b"}, 4,
                                  [&](const std::string& stream, int i) {
                                    return Write(stream, "T", {{"i", i}});
                                  });
  ASSERT_EQ(written.size(), 8u);

  json first = Ok({"category.get", category, {{"batchSize", 3}}});
  ASSERT_EQ(first.size(), 3u) << first;

  std::vector<int64_t> seen;
  int64_t next = 0;
  for (int round = 0; round < 10; ++round) {
    json batch =
        Ok({"category.get", category, {{"position", next}, {"batchSize", 3}}});
    ASSERT_TRUE(batch.is_array()) << batch;
    if (batch.empty()) break;
    EXPECT_LE(batch.size(), 3u);
    for (const json& row : batch) seen.push_back(row[kGlobalPosition]);
    next = batch.back()[kGlobalPosition].get<int64_t>() + 1;
  }
  std::vector<int64_t> expected;
  for (const auto& w : written) expected.push_back(w.second);
  EXPECT_EQ(seen, expected);

  // position and globalPosition are both global positions here.
  json from = Ok({"category.get",
                  category,
                  {{"globalPosition", written[5].second}, {"batchSize", -1}}});
  ASSERT_EQ(from.size(), 3u) << from;
  EXPECT_EQ(from[0][kGlobalPosition], written[5].second);
  EXPECT_EQ(
      Ok({"category.get", category, {{"position", written.back().second + 1}}}),
      json::array());
  EXPECT_EQ(Ok({"category.get", UniqueName("nothing")}), json::array());
}

// Expected members from Message DB's documented hash: |first 8 bytes of
// MD5(cardinal id), big-endian signed| mod size, computed
// independently of the server (Python's hashlib).
struct Assignment {
  const char* id;
  int member_of_2;
  int member_of_3;
};
constexpr Assignment kAssignments[] = {
    {"1", 0, 0},   {"2", 1, 1},   {"3", 0, 2},       {"4", 1, 0},
    {"5", 1, 0},   {"6", 1, 2},   {"7", 0, 2},       {"8", 1, 1},
    {"9", 1, 1},   {"10", 1, 1},  {"11", 0, 2},      {"12", 1, 0},
    {"abc", 0, 2}, {"xyz", 0, 2}, {"7+retry", 0, 2}, {"a1b2", 0, 1},
};

TEST_P(Categories, ConsumerGroupsGiveEveryStreamToItsHashedMember) {
  const std::string category = UniqueName("cg");
  std::vector<std::string> ids;
  for (const Assignment& a : kAssignments) ids.push_back(a.id);
  auto written = WriteInterleaved(this, category, ids, 2,
                                  [&](const std::string& stream, int i) {
                                    return Write(stream, "T", {{"i", i}});
                                  });
  ASSERT_EQ(written.size(), ids.size() * 2);

  for (int size : {1, 2, 3}) {
    std::map<std::string, int> member_of;  // stream -> member seen
    std::set<int64_t> all;
    for (int member = 0; member < size; ++member) {
      json rows =
          Ok({"category.get",
              category,
              {{"batchSize", -1},
               {"consumerGroup", {{"member", member}, {"size", size}}}}});
      ASSERT_TRUE(rows.is_array()) << rows;
      int64_t last = 0;
      for (const json& row : rows) {
        const std::string stream = row[kStream];
        auto [it, fresh] = member_of.emplace(stream, member);
        EXPECT_EQ(it->second, member)
            << stream << " read by members " << it->second << " and " << member
            << " of " << size;
        EXPECT_TRUE(all.insert(row[kGlobalPosition].get<int64_t>()).second)
            << "message read twice: " << row;
        EXPECT_GT(row[kGlobalPosition].get<int64_t>(), last);
        last = row[kGlobalPosition];
      }
    }
    EXPECT_EQ(all.size(), written.size()) << "group of " << size;
    for (const Assignment& a : kAssignments) {
      const std::string stream = category + "-" + a.id;
      int expected =
          size == 1 ? 0 : (size == 2 ? a.member_of_2 : a.member_of_3);
      ASSERT_TRUE(member_of.count(stream)) << stream << " read by no member";
      EXPECT_EQ(member_of[stream], expected)
          << stream << " in a group of " << size;
    }
  }
}

TEST_P(Categories, ConsumerGroupPagesWithBatchSize) {
  const std::string category = UniqueName("cgpage");
  auto written =
      WriteInterleaved(this, category, {"1", "2", "3", "4", "5", "6"}, 3,
                       [&](const std::string& stream, int i) {
                         return Write(stream, "T", {{"i", i}});
                       });
  // Member 0 of 3 owns ids 1 and 4 and 5 (kAssignments).
  std::set<std::string> owned;
  for (const Assignment& a : kAssignments) {
    if (a.member_of_3 == 0) owned.insert(category + "-" + a.id);
  }
  std::vector<int64_t> expected;
  for (const auto& [stream, gp] : written) {
    if (owned.count(stream)) expected.push_back(gp);
  }
  ASSERT_EQ(expected.size(), 9u);
  std::vector<int64_t> seen;
  int64_t next = 0;
  for (int round = 0; round < 20; ++round) {
    json batch = Ok({"category.get",
                     category,
                     {{"position", next},
                      {"batchSize", 2},
                      {"consumerGroup", {{"member", 0}, {"size", 3}}}}});
    ASSERT_TRUE(batch.is_array()) << batch;
    if (batch.empty()) break;
    // A batch is full of the member's messages (not 2 candidates filtered).
    if (seen.size() + 2 <= expected.size()) EXPECT_EQ(batch.size(), 2u);
    for (const json& row : batch) seen.push_back(row[kGlobalPosition]);
    next = batch.back()[kGlobalPosition].get<int64_t>() + 1;
  }
  EXPECT_EQ(seen, expected);
}

TEST_P(Categories, CorrelationKeepsMessagesCorrelatedToTheCategory) {
  const std::string category = UniqueName("corr");
  const std::string origin = UniqueName("origin");
  // Streams <category>-1 (member 0 of 2) and <category>-2 (member 1 of 2).
  std::vector<int64_t> correlated;
  std::vector<int64_t> correlated_by_member[2];
  for (int i = 0; i < 6; ++i) {
    json metadata;
    switch (i % 3) {
      case 0:
        metadata = {
            {"correlationStreamName", origin + "-" + std::to_string(i)}};
        break;
      case 1:  // a category that merely starts with the same letters
        metadata = {
            {"correlationStreamName", origin + "x-" + std::to_string(i)}};
        break;
      default:
        metadata = nullptr;
    }
    const int id = 1 + i % 2;
    json w =
        Write(category + "-" + std::to_string(id), "T", {{"i", i}}, metadata);
    if (i % 3 == 0) {
      correlated.push_back(w["globalPosition"]);
      correlated_by_member[id - 1].push_back(w["globalPosition"]);
    }
  }
  auto positions = [](const json& rows) {
    std::vector<int64_t> gps;
    if (!rows.is_array()) return gps;
    for (const json& row : rows) gps.push_back(row[kGlobalPosition]);
    return gps;
  };
  json rows = Ok({"category.get", category, {{"correlation", origin}}});
  EXPECT_EQ(positions(rows), correlated) << rows;
  for (const json& row : rows) {
    EXPECT_EQ(row[kMetadata]["correlationStreamName"].get<std::string>().substr(
                  0, origin.size() + 1),
              origin + "-");
  }
  // Correlation and consumer group together: the intersection.
  for (int member = 0; member < 2; ++member) {
    json part = Ok({"category.get",
                    category,
                    {{"correlation", origin},
                     {"consumerGroup", {{"member", member}, {"size", 2}}}}});
    EXPECT_EQ(positions(part), correlated_by_member[member])
        << "member " << member << ": " << part;
  }
  EXPECT_EQ(Ok({"category.get", category, {{"correlation", UniqueName("no")}}}),
            json::array());
}

// A stream named like its category (no id) belongs to the category. (Which
// consumer-group member reads it differs: refserver_streams_test.cc.)
TEST_P(Categories, AStreamNamedLikeItsCategoryBelongsToIt) {
  const std::string category = UniqueName("bare");
  json bare = Write(category, "T", {{"bare", true}});
  json other = Write(category + "-1", "T", {{"bare", false}});
  json rows = Ok({"category.get", category});
  ASSERT_TRUE(rows.is_array()) << rows;
  ASSERT_EQ(rows.size(), 2u) << rows;
  EXPECT_EQ(rows[0][kStream], category);
  EXPECT_EQ(rows[0][kGlobalPosition], bare["globalPosition"]);
  EXPECT_EQ(rows[1][kStream], category + "-1");
  EXPECT_EQ(rows[1][kGlobalPosition], other["globalPosition"]);
}

// Category names with characters special to some backend (LIKE wildcards,
// key separators, case) match exactly.
TEST_P(Categories, OddCategoryNamesMatchExactly) {
  const std::string base = UniqueName("oddcat");
  const std::vector<std::string> categories = {
      base + "ab",   base + "a_",     base + "a%",  base + "AB",
      base + "ab:c", base + "ab%3Ac", base + "abc", base + "ü",
  };
  for (size_t n = 0; n < categories.size(); ++n) {
    for (size_t i = 0; i <= n % 2; ++i) {
      Write(categories[n] + "-" + std::to_string(i), "T",
            {{"category", categories[n]}});
    }
  }
  for (size_t n = 0; n < categories.size(); ++n) {
    json rows = Ok({"category.get", categories[n]});
    ASSERT_TRUE(rows.is_array()) << rows;
    EXPECT_EQ(rows.size(), n % 2 + 1) << categories[n] << ": " << rows;
    for (const json& row : rows) {
      EXPECT_EQ(row[kData]["category"], categories[n]) << row;
    }
  }
}

MDBPROF_INSTANTIATE_CONFORMANCE(Categories);

}  // namespace
}  // namespace mdbprof::conformance
