// RefserverStreams, RefserverCategories: what the reference server promises
// about messages beyond the EventoDB contract (streams_test.cc,
// categories_test.cc). Each test says what EventoDB does instead and skips
// with "refserver-only: ..." against any other kind of server.
#include <cstdint>
#include <limits>
#include <regex>
#include <string>
#include <utility>

#include "tests/conformance/conformance_test.h"

namespace mdbprof::conformance {
namespace {

class RefserverStreams : public ConformanceTest {};

TEST_P(RefserverStreams, IntegersBeyond2To53RoundTripExactly) {
  MDBPROF_REFSERVER_ONLY(
      "EventoDB decodes JSON numbers into float64, so integers beyond 2^53 "
      "come back rounded");
  const std::string stream = Stream("bigint");
  const json data = {{"above", 9007199254740993},
                     {"max", std::numeric_limits<int64_t>::max()},
                     {"min", std::numeric_limits<int64_t>::min()}};
  Write(stream, "T", data, {{"max", std::numeric_limits<int64_t>::max()}});
  json rows = Ok({"stream.get", stream});
  ASSERT_EQ(rows.size(), 1u) << rows;
  EXPECT_EQ(rows[0][stream_row::kData], data);
  EXPECT_EQ(rows[0][stream_row::kMetadata]["max"],
            std::numeric_limits<int64_t>::max());
}

TEST_P(RefserverStreams, TimesHaveMillisecondPrecision) {
  MDBPROF_REFSERVER_ONLY(
      "EventoDB writes Go's RFC3339Nano (trailing zeros dropped) and its "
      "SQLite store keeps whole seconds");
  const std::string stream = Stream("millis");
  Write(stream, "T", {{"i", 0}});
  const std::regex millis(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)");
  json rows = Ok({"stream.get", stream});
  ASSERT_EQ(rows.size(), 1u) << rows;
  const std::string time = rows[0][stream_row::kTime];
  EXPECT_TRUE(std::regex_match(time, millis)) << time;
  json category = Ok({"category.get", stream.substr(0, stream.find('-'))});
  ASSERT_EQ(category.size(), 1u) << category;
  EXPECT_EQ(category[0][category_row::kTime], time);
}

TEST_P(RefserverStreams, GeneratedIdsAreVersion4Uuids) {
  MDBPROF_REFSERVER_ONLY("EventoDB generates version-7 (time-ordered) UUIDs");
  const std::string stream = Stream("v4");
  for (int i = 0; i < 3; ++i) Write(stream, "T", {{"i", i}});
  const std::regex v4(
      "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  for (const json& row : Ok({"stream.get", stream})) {
    EXPECT_TRUE(std::regex_match(row[stream_row::kId].get<std::string>(), v4))
        << row;
  }
}

TEST_P(RefserverStreams, DuplicateMessageIdIsRejected) {
  MDBPROF_REFSERVER_ONLY(
      "EventoDB's Pebble store accepts a duplicate id; its SQL stores fail "
      "the insert with 500 BACKEND_ERROR");
  const std::string stream = Stream("dup");
  const std::string id = NewUuid();
  Write(stream, "T", {{"i", 0}}, nullptr, {{"id", id}});
  RpcReply again = Call(WriteRequest(UniqueName("dup") + "-2", "T", {{"i", 1}},
                                     nullptr, {{"id", id}}));
  EXPECT_EQ(again.status, 400) << again.Describe();
  EXPECT_EQ(again.code(), "INVALID_REQUEST") << again.Describe();
  EXPECT_EQ(Ok({"stream.get", stream}).size(), 1u);
}

class RefserverCategories : public ConformanceTest {};

// |Hash64("")| mod size is member 0 of 2 and member 2 of 3.
TEST_P(RefserverCategories, AStreamWithoutIdBelongsToTheMemberOfTheEmptyId) {
  MDBPROF_REFSERVER_ONLY(
      "EventoDB, like Message DB, gives a stream without an id (no cardinal "
      "id) to no consumer-group member");
  const std::string category = UniqueName("bare");
  Write(category, "T", {{"bare", true}});
  Write(category + "-1", "T", {{"bare", false}});
  for (auto [size, member] : {std::pair{2, 0}, std::pair{3, 2}}) {
    json mine = Ok({"category.get",
                    category,
                    {{"consumerGroup", {{"member", member}, {"size", size}}}}});
    ASSERT_TRUE(mine.is_array()) << mine;
    bool found = false;
    for (const json& row : mine)
      found |= row[category_row::kStream] == category;
    EXPECT_TRUE(found) << "size " << size << ": " << mine;
  }
}

MDBPROF_INSTANTIATE_CONFORMANCE(RefserverStreams);
MDBPROF_INSTANTIATE_CONFORMANCE(RefserverCategories);

}  // namespace
}  // namespace mdbprof::conformance
