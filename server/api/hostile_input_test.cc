// The reference server under hostile input (issue #6): deep nesting,
// odd and oversized names, SQL-looking names and data, missing or foreign
// tokens, /debug/pprof from a non-loopback peer.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <ifaddrs.h>
#include <netinet/in.h>

#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "server/api/app.h"
#include "server/api/input_limits.h"
#include "server/testing/rpc_harness.h"

namespace refserver {
namespace {

using nlohmann::json;
using testing::RpcHarness;

std::string Bearer(const std::string& token) { return "Bearer " + token; }

std::string Nested(size_t depth) {
  return std::string(depth, '[') + std::string(depth, ']');
}

TEST(HostileInput, DeepNestingIsA400NotACrash) {
  RpcHarness h(/*test_mode=*/false);
  // ~1 MiB of '[' fits under the body limit; unbounded, storing and
  // serialising it would recurse 500k levels deep.
  const std::string deep = R"(["stream.write","a-1",{"type":"T","data":{"x":)" +
                           Nested(500000) + "}}]";
  RpcHarness::Reply r = h.Call(deep);
  EXPECT_EQ(r.status, 400) << r.body.substr(0, 200);
  EXPECT_EQ(r.code(), "INVALID_REQUEST");
  EXPECT_NE(r.message().find("levels deep; at most 64"), std::string::npos)
      << r.message();
  // Just inside the limit works and round-trips.
  const std::string ok = R"(["stream.write","a-1",{"type":"T","data":{"x":)" +
                         Nested(kMaxJsonDepth - 3) + "}}]";
  ASSERT_EQ(h.Call(ok).status, 200) << h.Call(ok).body;
  RpcHarness::Reply got = h.Call(R"(["stream.get","a-1"])");
  ASSERT_EQ(got.status, 200);
  EXPECT_EQ(
      got.json.dump().find(Nested(kMaxJsonDepth - 3)) != std::string::npos,
      true);
}

TEST(HostileInput, StreamAndCategoryNamesAreValidated) {
  RpcHarness h(/*test_mode=*/false);
  const std::string too_long(kMaxStreamNameBytes + 1, 'a');
  for (const std::string& body :
       {json::array({"stream.write",
                     "a\n-1",
                     {{"type", "T"}, {"data", json::object()}}})
            .dump(),
        json::array({"stream.write",
                     too_long,
                     {{"type", "T"}, {"data", json::object()}}})
            .dump(),
        json::array({"stream.get", std::string("a\0-1", 4)}).dump(),
        json::array({"stream.version", "\x1b[31m-1"}).dump(),
        json::array({"category.get", "cat\r"}).dump()}) {
    RpcHarness::Reply r = h.Call(body);
    EXPECT_EQ(r.status, 400) << body << " -> " << r.body;
    EXPECT_EQ(r.code(), "INVALID_REQUEST") << body;
  }
  EXPECT_EQ(h.Call(json::array({"stream.version",
                                std::string(kMaxStreamNameBytes, 'a')})
                       .dump())
                .status,
            200);
  EXPECT_EQ(h.Call(R"(["ns.create","bad/name"])").status, 400);
  EXPECT_EQ(h.Call(R"(["ns.create","x'; DROP TABLE namespaces; --"])").status,
            400);
}

// Names and data that would break a query built by string concatenation
// are stored and read back verbatim (real SQLite behind the harness).
TEST(HostileInput, SqlIsAlwaysParameterized) {
  RpcHarness h(/*test_mode=*/false);
  const std::vector<std::string> names = {
      "it's-1",         "x'); DROP TABLE messages; --",
      "o\"brien-2",     "cat'--3",
      "a-1' OR '1'='1", "semi;colon-4",
      "back\\slash-5",  "percent%_-6"};
  for (const std::string& name : names) {
    json data = {
        {"q", "'; DROP TABLE messages; --"}, {"name", name}, {"quote", "\"'`"}};
    json body = json::array({"stream.write",
                             name,
                             {{"type", "Robert'); DROP TABLE streams;--"},
                              {"data", data},
                              {"metadata", {{"m", "' OR 1=1 --"}}}}});
    RpcHarness::Reply w = h.Call(body.dump());
    ASSERT_EQ(w.status, 200) << name << " -> " << w.body;
  }
  for (const std::string& name : names) {
    RpcHarness::Reply got = h.Call(json::array({"stream.get", name}).dump());
    ASSERT_EQ(got.status, 200) << got.body;
    ASSERT_EQ(got.json.size(), 1u) << name << " -> " << got.body;
    EXPECT_NE(got.body.find("DROP TABLE messages"), std::string::npos);
    EXPECT_EQ(h.Call(json::array({"stream.version", name}).dump()).json, 0)
        << name;
  }
  // A category that looks like a LIKE pattern or an injection matches only
  // itself.
  EXPECT_EQ(h.Call(R"(["category.get","a"])").json.size(), 1u);
  EXPECT_EQ(
      h.Call(R"(["category.get","x'); DROP TABLE messages; "])").json.size(),
      1u);
  EXPECT_EQ(h.Call(R"(["category.get","percent%_"])").json.size(), 1u);
  EXPECT_EQ(h.Call(R"(["category.get","%"])").json.size(), 0u);
  EXPECT_EQ(h.Call(R"(["category.get","' OR '1'='1"])").json.size(), 0u);
  // Every table is still there and whole.
  RpcHarness::Reply info = h.Call(R"(["ns.info"])");
  ASSERT_EQ(info.status, 200) << info.body;
  EXPECT_EQ(info.json["messageCount"], names.size());
  EXPECT_EQ(info.json["streamCount"], names.size());
}

TEST(HostileInput, OutsideTestModeEveryMethodNeedsAValidToken) {
  StoreConfig config;
  config.in_memory = true;
  auto store = OpenStore(config);
  ASSERT_TRUE(store.ok());
  ASSERT_TRUE(EnsureDefaultNamespace(**store, testing::kDefaultToken).ok());
  Authenticator auth(**store, /*test_mode=*/false);
  RpcDispatcher rpc(**store, auth, "9.9.9");
  std::string forged = testing::kDefaultToken;
  forged.back() = forged.back() == 'a' ? 'b' : 'a';  // right shape, wrong key
  ASSERT_FALSE(rpc.methods().empty());
  for (const auto& [method, spec] : rpc.methods()) {
    const std::string body = json::array({method}).dump();
    for (const std::string& authorization :
         {std::string(""), std::string("Bearer"), Bearer("ns_bogus"),
          Bearer(forged), std::string("Basic ") + testing::kDefaultToken}) {
      RpcReply r = rpc.Handle(authorization, body);
      EXPECT_EQ(r.http_status, 401)
          << method << " with '" << authorization << "' -> " << r.body;
    }
  }
}

TEST(HostileInput, ANamespacesTokenCannotReadAnotherNamespace) {
  RpcHarness h(/*test_mode=*/false);
  RpcHarness::Reply a = h.Call(R"(["ns.create","tenant-a"])");
  RpcHarness::Reply b = h.Call(R"(["ns.create","tenant-b"])");
  ASSERT_EQ(a.status, 200);
  ASSERT_EQ(b.status, 200);
  const std::string ta = a.json["token"], tb = b.json["token"];
  ASSERT_EQ(
      h.CallAs(Bearer(ta),
               R"(["stream.write","secret-1",{"type":"T","data":{"k":1}}])")
          .status,
      200);
  for (const std::string& other :
       {Bearer(tb), Bearer(testing::kDefaultToken)}) {
    EXPECT_EQ(h.CallAs(other, R"(["stream.get","secret-1"])").json.size(), 0u);
    EXPECT_TRUE(
        h.CallAs(other, R"(["stream.last","secret-1"])").json.is_null());
    EXPECT_EQ(h.CallAs(other, R"(["category.get","secret"])").json.size(), 0u);
  }
  EXPECT_EQ(h.CallAs(Bearer(ta), R"(["stream.get","secret-1"])").json.size(),
            1u);
  // Another namespace's info is refused, not empty.
  EXPECT_EQ(h.CallAs(Bearer(tb), R"(["ns.info","tenant-a"])").status, 403);
}

// A non-loopback address of this machine, "" if it has none.
std::string NonLoopbackAddress() {
  ifaddrs* list = nullptr;
  if (getifaddrs(&list) != 0) return "";
  std::string found;
  for (ifaddrs* i = list; i != nullptr && found.empty(); i = i->ifa_next) {
    if (i->ifa_addr == nullptr || i->ifa_addr->sa_family != AF_INET) continue;
    char text[INET_ADDRSTRLEN];
    auto* in = reinterpret_cast<sockaddr_in*>(i->ifa_addr);
    inet_ntop(AF_INET, &in->sin_addr, text, sizeof text);
    if (!IsLoopbackAddress(text)) found = text;
  }
  freeifaddrs(list);
  return found;
}

// The App on 0.0.0.0, reached through a non-loopback address of this
// machine, so the server sees a non-loopback peer.
class PprofAccess : public ::testing::TestWithParam<bool> {};

TEST_P(PprofAccess, NonLoopbackPeersGet403UnlessTheFlagOpensIt) {
  const std::string address = NonLoopbackAddress();
  if (address.empty()) GTEST_SKIP() << "no non-loopback IPv4 address here";
  const bool allow_remote = GetParam();
  ServerConfig config;
  config.host = "0.0.0.0";
  config.port = 0;
  config.token = testing::kDefaultToken;
  config.log_level = LogLevel::kError;
  config.test_mode = true;
  config.pprof_allow_remote = allow_remote;
  auto app = App::Create(config);
  ASSERT_TRUE(app.ok()) << app.status().message();
  ASSERT_TRUE((*app)->Bind().ok());
  Status served;
  std::thread serve([&] { served = (*app)->Serve(); });
  httplib::Client remote(address, (*app)->port());
  httplib::Client local("127.0.0.1", (*app)->port());
  bool up = false;
  for (int i = 0; i < 200 && !up; ++i) {
    auto res = local.Get("/health");
    up = res && res->status == 200;
    if (!up) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_TRUE(up);
  auto from_remote = remote.Get("/debug/pprof/goroutine");
  auto from_local = local.Get("/debug/pprof/goroutine");
  auto health = remote.Get("/health");
  (*app)->Stop();
  serve.join();
  ASSERT_TRUE(from_remote);
  ASSERT_TRUE(from_local);
  EXPECT_NE(from_local->status, 403);
  EXPECT_EQ(from_remote->status, allow_remote ? from_local->status : 403)
      << from_remote->body;
  if (!allow_remote) {
    EXPECT_NE(from_remote->body.find("--pprof-allow-remote"),
              std::string::npos);
  }
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
}

INSTANTIATE_TEST_SUITE_P(Flag, PprofAccess, ::testing::Bool(),
                         [](const auto& info) {
                           return info.param ? "AllowRemote" : "LoopbackOnly";
                         });

}  // namespace
}  // namespace refserver
