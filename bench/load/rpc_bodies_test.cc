#include "bench/load/rpc_bodies.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace mdbprof::bench {
namespace {

using nlohmann::json;

TEST(RpcBodies, WriteBodyIsTheLoadTestEvent) {
  std::string body;
  AppendWriteBody(1234, 7, 42, &body);
  const json doc = json::parse(body);  // throws (fails the test) if invalid
  ASSERT_TRUE(doc.is_array());
  ASSERT_EQ(doc.size(), 3u);
  EXPECT_EQ(doc[0], "stream.write");
  EXPECT_EQ(doc[1], "test-stream-42");
  EXPECT_EQ(doc[2]["type"], "TestEvent");
  EXPECT_EQ(doc[2]["data"]["counter"], 1234);
  EXPECT_EQ(doc[2]["data"]["workerId"], 7);
  EXPECT_TRUE(doc[2]["data"]["message"].is_string());
  EXPECT_TRUE(doc[2]["data"]["nested"]["tags"].is_array());
  EXPECT_TRUE(doc[2]["data"]["nested"]["details"].is_object());
  EXPECT_EQ(doc[2]["metadata"]["correlationStreamName"], "load-correlation-42");
  EXPECT_EQ(doc[2]["metadata"]["workerId"], 7);
}

TEST(RpcBodies, WriteBodyChangesWithCounterAndAppends) {
  std::string body = "x";
  AppendWriteBody(1, 0, 0, &body);
  EXPECT_EQ(body[0], 'x');
  std::string a, b;
  AppendWriteBody(1, 0, 0, &a);
  AppendWriteBody(2, 0, 0, &b);
  EXPECT_NE(a, b);
}

TEST(RpcBodies, ReadBody) {
  std::string body;
  AppendReadBody(9, 10, &body);
  EXPECT_EQ(json::parse(body),
            json::parse(R"(["stream.get","test-stream-9",)"
                        R"({"position":0,"batchSize":10}])"));
}

TEST(RpcBodies, ErrorReasonNamesStatusAndCode) {
  std::string reason = "stale";
  FormatErrorReason(
      409,
      R"({"error":{"code":"STREAM_VERSION_CONFLICT","message":"expected 3"}})",
      &reason);
  EXPECT_EQ(reason, "409 STREAM_VERSION_CONFLICT");
  FormatErrorReason(500, R"({"error": {"code" : "BACKEND_ERROR"}})", &reason);
  EXPECT_EQ(reason, "500 BACKEND_ERROR");
  FormatErrorReason(502, "<html>bad gateway</html>", &reason);
  EXPECT_EQ(reason, "502");
  FormatErrorReason(400, R"({"code":42})", &reason);
  EXPECT_EQ(reason, "400");
  FormatErrorReason(400, R"({"code":"unterminated)", &reason);
  EXPECT_EQ(reason, "400");
}

}  // namespace
}  // namespace mdbprof::bench
