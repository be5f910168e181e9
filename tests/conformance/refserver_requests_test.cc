// RefserverRequests: the reference server's input limits and its stricter
// validation (server/api/input_limits.h), beyond the 400s of the EventoDB
// contract (Requests.MalformedRequestsAre400). Each test says what EventoDB
// does instead and skips with "refserver-only: ..." against any other kind
// of server.
#include <string>
#include <vector>

#include "tests/conformance/conformance_test.h"

namespace mdbprof::conformance {
namespace {

class RefserverRequests : public ConformanceTest {
 protected:
  // Expects 400 INVALID_REQUEST for every body.
  void ExpectAll400(const std::vector<std::string>& bodies) {
    for (const std::string& body : bodies) {
      RpcReply r = admin().Post(body);
      const std::string shown =
          body.size() > 120 ? body.substr(0, 120) + "..." : body;
      EXPECT_EQ(r.status, 400) << shown << " -> " << r.Describe();
      EXPECT_EQ(r.code(), "INVALID_REQUEST") << shown << " -> " << r.Describe();
    }
  }
};

TEST_P(RefserverRequests, OutOfRangeOptionsAndOddNamesAre400) {
  MDBPROF_REFSERVER_ONLY(
      "EventoDB takes expectedVersion -2 (409), any id string (500 or "
      "stored), batchSize 0 (no limit), position -1, a stream name as "
      "category, a stream name as correlation and any namespace name");
  const std::string stream = Stream("strict");
  ExpectAll400({
      "[\"stream.write\",\"" + stream +
          "\",{\"type\":\"T\",\"data\":{}},{\"expectedVersion\":-2}]",
      "[\"stream.write\",\"" + stream +
          "\",{\"type\":\"T\",\"data\":{}},{\"id\":\"not-a-uuid\"}]",
      "[\"stream.get\",\"" + stream + "\",{\"batchSize\":0}]",
      "[\"stream.get\",\"" + stream + "\",{\"position\":-1}]",
      "[\"category.get\",\"" + stream + "\"]",
      "[\"category.get\",\"strict\",{\"correlation\":\"x-1\"}]",
      "[\"ns.create\",\"../etc\"]",
      "[\"ns.create\",\"bad/name\"]",
  });
  EXPECT_TRUE(Ok({"stream.version", stream}).is_null());
}

TEST_P(RefserverRequests, ABodyOverOneMebibyteIs413) {
  MDBPROF_REFSERVER_ONLY("EventoDB (fasthttp) takes bodies up to 4 MiB");
  const std::string stream = Stream("huge");
  const std::string body = "[\"stream.write\",\"" + stream +
                           "\",{\"type\":\"T\",\"data\":{\"x\":\"" +
                           std::string((1 << 20) + 1, 'x') + "\"}}]";
  RpcReply r = admin().Post(body);
  EXPECT_EQ(r.status, 413) << r.Describe();
  EXPECT_EQ(r.code(), "INVALID_REQUEST") << r.Describe();
  Reconnect();  // the server may have closed the connection
  EXPECT_TRUE(Ok({"stream.version", stream}).is_null());
}

TEST_P(RefserverRequests, JsonNestedDeeperThan64LevelsIs400) {
  MDBPROF_REFSERVER_ONLY(
      "EventoDB takes any depth Go's encoding/json takes (10000)");
  const std::string stream = Stream("deep");
  auto nested = [](int depth) {
    return std::string(depth, '[') + std::string(depth, ']');
  };
  // The body's array, the message and its data are three levels.
  const std::string prefix =
      "[\"stream.write\",\"" + stream + "\",{\"type\":\"T\",\"data\":{\"x\":";
  ExpectAll400({prefix + nested(62) + "}}]"});
  EXPECT_TRUE(Ok({"stream.version", stream}).is_null());
  RpcReply inside = admin().Post(prefix + nested(61) + "}}]");
  EXPECT_EQ(inside.status, 200) << inside.Describe();
}

TEST_P(RefserverRequests, StreamNamesOver1024BytesOrWithControlCharsAre400) {
  MDBPROF_REFSERVER_ONLY(
      "EventoDB takes any non-empty stream or category name");
  const json message = {{"type", "T"}, {"data", json::object()}};
  const std::string too_long =
      UniqueName("long") + "-" + std::string(1024, 'a');
  std::vector<std::string> bodies = {
      json::array({"stream.write", too_long, message}).dump(),
      json::array({"stream.get", too_long}).dump(),
      json::array({"category.get", std::string(1025, 'c')}).dump(),
  };
  for (const std::string& odd :
       {std::string("a\n-1"), std::string("a\0-1", 4),
        std::string("\x1b[31m-1"), std::string("a\x7f-1")}) {
    bodies.push_back(json::array({"stream.write", odd, message}).dump());
    bodies.push_back(json::array({"stream.version", odd}).dump());
  }
  ExpectAll400(bodies);
  const std::string longest = UniqueName("max") + "-";
  RpcReply at_limit = Call(WriteRequest(
      longest + std::string(1024 - longest.size(), 'a'), "T", {{"i", 0}}));
  EXPECT_EQ(at_limit.status, 200) << at_limit.Describe();
}

MDBPROF_INSTANTIATE_CONFORMANCE(RefserverRequests);

}  // namespace
}  // namespace mdbprof::conformance
