// Authentication and authorization through the RPC dispatcher.
#include <gtest/gtest.h>

#include "server/api/token.h"
#include "server/testing/rpc_harness.h"

namespace refserver {
namespace {

using testing::kDefaultToken;
using testing::RpcHarness;

constexpr char kVersion[] = R"(["stream.version","a-1"])";

std::string Bearer(const std::string& token) { return "Bearer " + token; }

TEST(Auth, MissingTokenIs401AuthRequired) {
  RpcHarness h(/*test_mode=*/false);
  RpcHarness::Reply r = h.CallAs("", kVersion);
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.code(), "AUTH_REQUIRED");
}

TEST(Auth, BadTokensAre401AuthInvalidToken) {
  RpcHarness h(/*test_mode=*/false);
  const std::string wrong_secret = MakeToken("default", std::string(64, '0'));
  const std::string unknown_ns = MakeToken("nobody", std::string(64, '1'));
  for (const std::string& header :
       {std::string("Basic abc"), Bearer("garbage"), Bearer(wrong_secret),
        Bearer(unknown_ns), std::string("Bearer")}) {
    RpcHarness::Reply r = h.CallAs(header, kVersion);
    EXPECT_EQ(r.status, 401) << header;
    EXPECT_EQ(r.code(), "AUTH_INVALID_TOKEN") << header;
  }
  // Authentication comes before parsing: no body details leak out.
  EXPECT_EQ(h.CallAs(Bearer(wrong_secret), "not json").status, 401);
}

TEST(Auth, ValidTokenIsAcceptedCaseInsensitiveScheme) {
  RpcHarness h(/*test_mode=*/false);
  EXPECT_EQ(h.CallAs(std::string("bearer ") + kDefaultToken, kVersion).status,
            200);
  EXPECT_EQ(
      h.CallAs(std::string("Bearer  ") + kDefaultToken + " ", kVersion).status,
      200);
}

TEST(Auth, NamespaceTokensAreIsolatedAndNotAdmin) {
  RpcHarness h(/*test_mode=*/false);
  RpcHarness::Reply created =
      h.Call(R"(["ns.create","tenant-a",{"description":"A"}])");
  ASSERT_EQ(created.status, 200) << created.body;
  EXPECT_EQ(created.json["namespace"], "tenant-a");
  const std::string token = created.json["token"];
  mdbprof::Result<std::string> named = TokenNamespace(token);
  ASSERT_TRUE(named.ok());
  EXPECT_EQ(*named, "tenant-a");

  RpcHarness::Reply again = h.Call(R"(["ns.create","tenant-a"])");
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(again.code(), "NAMESPACE_EXISTS");

  // Data written with the tenant token stays in the tenant namespace.
  ASSERT_EQ(h.CallAs(Bearer(token),
                     R"(["stream.write","a-1",{"type":"T","data":{}}])")
                .status,
            200);
  EXPECT_EQ(h.CallAs(Bearer(token), kVersion).json, 0);
  EXPECT_TRUE(h.Call(kVersion).json.is_null());

  // Admin methods need the default token.
  for (const char* admin : {R"(["ns.create","tenant-b"])", R"(["ns.list"])",
                            R"(["ns.delete","tenant-a"])"}) {
    RpcHarness::Reply r = h.CallAs(Bearer(token), admin);
    EXPECT_EQ(r.status, 403) << admin;
    EXPECT_EQ(r.code(), "AUTH_UNAUTHORIZED") << admin;
  }
  // ns.info: own namespace yes, another no; the admin may read any.
  RpcHarness::Reply info = h.CallAs(Bearer(token), R"(["ns.info"])");
  ASSERT_EQ(info.status, 200) << info.body;
  EXPECT_EQ(info.json["namespace"], "tenant-a");
  EXPECT_EQ(info.json["messageCount"], 1);
  EXPECT_EQ(info.json["streamCount"], 1);
  EXPECT_EQ(info.json["description"], "A");
  EXPECT_EQ(h.CallAs(Bearer(token), R"(["ns.info","default"])").status, 403);
  EXPECT_EQ(h.Call(R"(["ns.info","tenant-a"])").status, 200);
  EXPECT_EQ(h.Call(R"(["ns.info","ghost"])").code(), "NAMESPACE_NOT_FOUND");

  RpcHarness::Reply list = h.Call(R"(["ns.list"])");
  ASSERT_EQ(list.status, 200);
  ASSERT_EQ(list.json.size(), 2u);
  EXPECT_EQ(list.json[1]["namespace"], "tenant-a");
  EXPECT_EQ(list.json[1]["messageCount"], 1);
  EXPECT_FALSE(list.json[1].contains("token"));

  RpcHarness::Reply deleted = h.Call(R"(["ns.delete","tenant-a"])");
  ASSERT_EQ(deleted.status, 200) << deleted.body;
  EXPECT_EQ(deleted.json["messagesDeleted"], 1);
  EXPECT_EQ(h.CallAs(Bearer(token), kVersion).code(), "AUTH_INVALID_TOKEN");
  EXPECT_EQ(h.Call(R"(["ns.delete","tenant-a"])").code(),
            "NAMESPACE_NOT_FOUND");
  EXPECT_EQ(h.Call(R"(["ns.delete","default"])").status, 400);
}

TEST(Auth, CreateWithChosenToken) {
  RpcHarness h(/*test_mode=*/false);
  const std::string token = MakeToken("tenant-c", std::string(64, 'c'));
  std::string body = R"(["ns.create","tenant-c",{"token":")" + token + "\"}]";
  RpcHarness::Reply r = h.Call(body);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json["token"], token);
  EXPECT_EQ(h.CallAs(Bearer(token), kVersion).status, 200);

  const std::string foreign = MakeToken("other", std::string(64, 'c'));
  body = R"(["ns.create","tenant-d",{"token":")" + foreign + "\"}]";
  r = h.Call(body);
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.message().find("'other'"), std::string::npos) << r.message();
  EXPECT_EQ(h.Call(R"(["ns.create","bad/name"])").status, 400);
}

TEST(Auth, TestModeDefaultsAndAutoCreates) {
  RpcHarness h(/*test_mode=*/true);
  ASSERT_EQ(
      h.CallAs("", R"(["stream.write","a-1",{"type":"T","data":{}}])").status,
      200);
  EXPECT_EQ(h.Call(kVersion).json, 0) << "no header means namespace default";

  // A well-formed token for an unknown namespace creates it (EventoDB).
  const std::string token = MakeToken("scratch", std::string(64, 'e'));
  RpcHarness::Reply r = h.CallAs(Bearer(token), kVersion);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(r.json.is_null()) << "fresh namespace, no stream yet";
  // ...and from then on only that token opens it.
  EXPECT_EQ(
      h.CallAs(Bearer(MakeToken("scratch", std::string(64, 'f'))), kVersion)
          .status,
      401);
  // Garbage is still rejected, and a missing token is not admin elsewhere.
  EXPECT_EQ(h.CallAs(Bearer("garbage"), kVersion).status, 401);
  EXPECT_EQ(h.CallAs(Bearer(token), R"(["ns.list"])").status, 403);
}

}  // namespace
}  // namespace refserver
