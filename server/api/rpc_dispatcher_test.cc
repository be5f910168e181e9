#include "server/api/rpc_dispatcher.h"

#include <gtest/gtest.h>

#include <random>
#include <regex>

#include "server/testing/rpc_harness.h"

namespace refserver {
namespace {

using nlohmann::json;
using testing::RpcHarness;

class RpcDispatcherTest : public ::testing::Test {
 protected:
  RpcHarness h_{/*test_mode=*/false};

  // Expects a 400 INVALID_REQUEST whose message contains `needle`.
  void ExpectInvalid(const std::string& body, const std::string& needle) {
    RpcHarness::Reply r = h_.Call(body);
    EXPECT_EQ(r.status, 400) << body << " -> " << r.body;
    EXPECT_EQ(r.code(), "INVALID_REQUEST") << body;
    EXPECT_NE(r.message().find(needle), std::string::npos)
        << body << " -> " << r.message();
  }
};

TEST_F(RpcDispatcherTest, MalformedBodies) {
  ExpectInvalid("", "not valid JSON");
  ExpectInvalid("[\"stream.get\", ", "not valid JSON");
  ExpectInvalid(R"({"method":"stream.get"})", "must be a JSON array");
  ExpectInvalid("[]", "empty");
  ExpectInvalid("[42, \"a-1\"]", "method name");
  ExpectInvalid("\"stream.get\"", "must be a JSON array");
}

TEST_F(RpcDispatcherTest, UnknownMethodIs404) {
  RpcHarness::Reply r = h_.Call(R"(["stream.explode","a-1"])");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.code(), "METHOD_NOT_FOUND");
  EXPECT_NE(r.message().find("stream.explode"), std::string::npos);
}

TEST_F(RpcDispatcherTest, WriteArgumentValidation) {
  ExpectInvalid(R"(["stream.write"])", "argument 1 (stream name) is required");
  ExpectInvalid(R"(["stream.write", 5, {"type":"T","data":{}}])",
                "must be a string, got number");
  ExpectInvalid(R"(["stream.write", "", {"type":"T","data":{}}])",
                "must not be empty");
  ExpectInvalid(R"(["stream.write", "a-1"])",
                "argument 2 (message) is required");
  ExpectInvalid(R"(["stream.write", "a-1", []])",
                "must be an object, got array");
  ExpectInvalid(R"(["stream.write", "a-1", {"data":{}}])", "message.type");
  ExpectInvalid(R"(["stream.write", "a-1", {"type":"","data":{}}])",
                "message.type");
  ExpectInvalid(R"(["stream.write", "a-1", {"type":3,"data":{}}])",
                "message.type must be a string");
  ExpectInvalid(R"(["stream.write", "a-1", {"type":"T"}])", "message.data");
  ExpectInvalid(R"(["stream.write", "a-1", {"type":"T","data":[1]}])",
                "message.data must be an object");
  ExpectInvalid(
      R"(["stream.write", "a-1", {"type":"T","data":{},"metadata":"x"}])",
      "message.metadata must be an object");
  ExpectInvalid(R"(["stream.write", "a-1", {"type":"T","data":{}}, 7])",
                "argument 3 (options) must be an object");
  ExpectInvalid(
      R"(["stream.write", "a-1", {"type":"T","data":{}}, {"expectedVersion":"0"}])",
      "options.expectedVersion must be an integer, got string");
  ExpectInvalid(
      R"(["stream.write", "a-1", {"type":"T","data":{}}, {"expectedVersion":1.5}])",
      "must be an integer");
  ExpectInvalid(
      R"(["stream.write", "a-1", {"type":"T","data":{}}, {"expectedVersion":-2}])",
      ">= -1");
  ExpectInvalid(
      R"(["stream.write", "a-1", {"type":"T","data":{}}, {"id":"x"}])",
      "not a UUID");
  ExpectInvalid(R"(["stream.write", "a-1", {"type":"T","data":{}}, {}, {}])",
                "at most 3 arguments");
  EXPECT_EQ(h_.store().GetStreamVersion("default", "a-1")->has_value(), false)
      << "no invalid request may write";
}

TEST_F(RpcDispatcherTest, WriteThenReadBack) {
  RpcHarness::Reply w = h_.Call(
      R"(["stream.write","acct-1",{"type":"Opened","data":{"n":1},)"
      R"("metadata":{"correlationStreamName":"wf-1"}},)"
      R"({"id":"AAAAAAAA-bbbb-4ccc-8ddd-eeeeeeeeeeee","expectedVersion":-1}])");
  ASSERT_EQ(w.status, 200) << w.body;
  EXPECT_EQ(w.json, json::parse(R"({"position":0,"globalPosition":1})"));

  w = h_.Call(
      R"(["stream.write","acct-1",{"type":"Deposited","data":{"n":2}}])");
  ASSERT_EQ(w.status, 200) << w.body;
  EXPECT_EQ(w.json["position"], 1);

  RpcHarness::Reply get =
      h_.Call(R"(["stream.get","acct-1",{"position":0,"batchSize":10}])");
  ASSERT_EQ(get.status, 200) << get.body;
  ASSERT_EQ(get.json.size(), 2u);
  const json& row = get.json[0];
  ASSERT_EQ(row.size(), 7u);
  EXPECT_EQ(row[0], "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee");  // normalized
  EXPECT_EQ(row[1], "Opened");
  EXPECT_EQ(row[2], 0);
  EXPECT_EQ(row[3], 1);
  EXPECT_EQ(row[4], json::parse(R"({"n":1})"));
  EXPECT_EQ(row[5], json::parse(R"({"correlationStreamName":"wf-1"})"));
  EXPECT_TRUE(std::regex_match(
      row[6].get<std::string>(),
      std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)")));
  EXPECT_TRUE(get.json[1][5].is_null());
  // Generated ids are UUID v4.
  EXPECT_TRUE(std::regex_match(get.json[1][0].get<std::string>(),
                               std::regex("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}"
                                          "-[89ab][0-9a-f]{3}-[0-9a-f]{12}")))
      << get.json[1][0];

  RpcHarness::Reply last = h_.Call(R"(["stream.last","acct-1"])");
  ASSERT_EQ(last.status, 200);
  EXPECT_EQ(last.json[1], "Deposited");
  last = h_.Call(R"(["stream.last","acct-1",{"type":"Opened"}])");
  EXPECT_EQ(last.json[2], 0);
  EXPECT_TRUE(h_.Call(R"(["stream.last","none-1"])").json.is_null());

  EXPECT_EQ(h_.Call(R"(["stream.version","acct-1"])").json, 1);
  EXPECT_TRUE(h_.Call(R"(["stream.version","none-1"])").json.is_null());

  RpcHarness::Reply cat = h_.Call(R"(["category.get","acct",{"batchSize":1}])");
  ASSERT_EQ(cat.status, 200) << cat.body;
  ASSERT_EQ(cat.json.size(), 1u);
  ASSERT_EQ(cat.json[0].size(), 8u);
  EXPECT_EQ(cat.json[0][1], "acct-1");
  EXPECT_EQ(cat.json[0][2], "Opened");
  cat = h_.Call(R"(["category.get","acct",{"correlation":"wf"}])");
  ASSERT_EQ(cat.json.size(), 1u);
  EXPECT_EQ(cat.json[0][4], 1);
  cat = h_.Call(
      R"(["category.get","acct",{"position":2,"consumerGroup":{"member":0,"size":1}}])");
  ASSERT_EQ(cat.json.size(), 1u);
  EXPECT_EQ(cat.json[0][4], 2);
}

TEST_F(RpcDispatcherTest, ExpectedVersionConflictIs409) {
  ASSERT_EQ(h_.Call(R"(["stream.write","a-1",{"type":"T","data":{}}])").status,
            200);
  RpcHarness::Reply r = h_.Call(
      R"(["stream.write","a-1",{"type":"T","data":{}},{"expectedVersion":-1}])");
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.code(), "STREAM_VERSION_CONFLICT");
  EXPECT_NE(r.message().find("stream is at version 0"), std::string::npos)
      << r.message();
  RpcHarness::Reply dup = h_.Call(
      R"(["stream.write","a-2",{"type":"T","data":{}},{"id":"00000000-0000-4000-8000-000000000001"}])");
  ASSERT_EQ(dup.status, 200);
  dup = h_.Call(
      R"(["stream.write","a-3",{"type":"T","data":{}},{"id":"00000000-0000-4000-8000-000000000001"}])");
  EXPECT_EQ(dup.status, 400);
  EXPECT_NE(dup.message().find("already exists"), std::string::npos);
}

TEST_F(RpcDispatcherTest, ReadArgumentValidation) {
  ExpectInvalid(R"(["stream.get"])", "stream name");
  ExpectInvalid(R"(["stream.get","a-1","x"])", "options");
  ExpectInvalid(R"(["stream.get","a-1",{"batchSize":0}])", "batchSize");
  ExpectInvalid(R"(["stream.get","a-1",{"batchSize":10001}])", "batchSize");
  ExpectInvalid(R"(["stream.get","a-1",{"batchSize":true}])",
                "batchSize must be an integer, got boolean");
  ExpectInvalid(R"(["stream.get","a-1",{"position":-1}])", "position");
  ExpectInvalid(R"(["stream.get","a-1",{"position":18446744073709551615}])",
                "out of range");
  ExpectInvalid(R"(["stream.last","a-1",{"type":1}])", "options.type");
  ExpectInvalid(R"(["stream.version","a-1",{}])", "at most 1 argument");
  ExpectInvalid(R"(["category.get","acct-1"])", "category");
  ExpectInvalid(R"(["category.get","acct",{"correlation":"wf-1"}])",
                "options.correlation");
  ExpectInvalid(R"(["category.get","acct",{"consumerGroup":{"member":0}}])",
                "member and size");
  ExpectInvalid(
      R"(["category.get","acct",{"consumerGroup":{"member":2,"size":2}}])",
      "member must be in [0, 1]");
  ExpectInvalid(
      R"(["category.get","acct",{"consumerGroup":{"member":0,"size":0}}])",
      "size must be >= 1");
  ExpectInvalid(R"(["category.get","acct",{"consumerGroup":[0,2]}])",
                "consumerGroup must be an object");
  ExpectInvalid(R"(["category.get","acct",{"position":1,"globalPosition":2}])",
                "not both");
  ExpectInvalid(R"(["sys.version",1])", "at most 0 arguments");
}

TEST_F(RpcDispatcherTest, NullOptionsReadAsAbsent) {
  EXPECT_EQ(h_.Call(R"(["stream.get","a-1",null])").status, 200);
  EXPECT_EQ(h_.Call(R"(["stream.get","a-1",{"batchSize":null}])").status, 200);
  EXPECT_EQ(
      h_.Call(
            R"(["category.get","a",{"correlation":null,"consumerGroup":null}])")
          .status,
      200);
  EXPECT_EQ(h_.Call(R"(["stream.get","a-1",{"batchSize":5.0}])").status, 200);
}

TEST_F(RpcDispatcherTest, SystemMethods) {
  RpcHarness::Reply v = h_.Call(R"(["sys.version"])");
  EXPECT_EQ(v.status, 200);
  EXPECT_EQ(v.json, "9.9.9");
  RpcHarness::Reply health = h_.Call(R"(["sys.health"])");
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(health.json["status"], "ok");
  EXPECT_EQ(health.json["backend"], "sqlite");
}

// Arbitrary bytes and shapes must give a JSON reply, never a crash.
TEST_F(RpcDispatcherTest, RandomBodiesNeverCrash) {
  const std::vector<std::string> pieces = {"[",
                                           "]",
                                           "{",
                                           "}",
                                           ",",
                                           ":",
                                           "\"stream.write\"",
                                           "\"stream.get\"",
                                           "\"category.get\"",
                                           "\"ns.create\"",
                                           "\"a-1\"",
                                           "\"acct\"",
                                           "null",
                                           "1",
                                           "-1",
                                           "1e400",
                                           "true",
                                           "\"type\"",
                                           "\"data\"",
                                           "\"\\u0000\"",
                                           "\xff",
                                           "\"batchSize\"",
                                           "\"consumerGroup\"",
                                           "\"member\"",
                                           "\"size\""};
  std::mt19937 rng(1234);
  for (int i = 0; i < 3000; ++i) {
    std::string body;
    int n = 1 + static_cast<int>(rng() % 12);
    for (int k = 0; k < n; ++k) body += pieces[rng() % pieces.size()];
    RpcHarness::Reply r = h_.Call(body);
    EXPECT_TRUE(r.status == 200 || (r.status >= 400 && r.status < 500))
        << body << " -> " << r.status << " " << r.body;
  }
}

}  // namespace
}  // namespace refserver
