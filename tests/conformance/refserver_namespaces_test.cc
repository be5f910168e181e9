// RefserverNamespaces, RefserverAuth: what the reference server promises
// about namespaces and tokens beyond the EventoDB contract
// (namespaces_test.cc): full statistics, ns.info of the caller, ordering,
// per-namespace authorization and exact rejection codes. Each test says what
// EventoDB does instead and skips with "refserver-only: ..." against any
// other kind of server.
#include <algorithm>
#include <string>
#include <vector>

#include "tests/conformance/conformance_test.h"

namespace mdbprof::conformance {
namespace {

class RefserverNamespaces : public ConformanceTest {
 protected:
  // Creates namespace `name`; returns its token ("" after a failure).
  std::string Create(const std::string& name) {
    json created = Ok({"ns.create", name});
    return created.is_object() ? created.value("token", "") : "";
  }
};

TEST_P(RefserverNamespaces, ListInfoAndDeleteCountStreamsMessagesActivity) {
  MDBPROF_REFSERVER_ONLY(
      "EventoDB's ns.list reports messageCount 0, its ns.info streamCount 0 "
      "and lastActivity null, its ns.delete messagesDeleted 0");
  const std::string name = UniqueName("stats");
  const std::string token = Create(name);
  ASSERT_FALSE(token.empty());
  RpcClient client = backend().Client(token);
  const std::string s1 = UniqueName("acct") + "-1";
  const std::string s2 = UniqueName("acct") + "-2";
  for (const std::string& s : {s1, s1, s2}) {
    RpcReply w = client.Call(WriteRequest(s, "T", {{"x", 1}}));
    EXPECT_EQ(w.status, 200) << w.Describe();
  }
  bool listed = false;
  for (const json& entry : Ok({"ns.list"})) {
    if (entry["namespace"] != name) continue;
    listed = true;
    EXPECT_EQ(entry["messageCount"], 3) << entry;
  }
  EXPECT_TRUE(listed);
  json info = Ok({"ns.info", name});
  EXPECT_EQ(info["messageCount"], 3) << info;
  EXPECT_EQ(info["streamCount"], 2) << info;
  RpcReply newest = client.Call({"stream.last", s2});
  ASSERT_EQ(newest.status, 200) << newest.Describe();
  EXPECT_EQ(info["lastActivity"], newest.json[stream_row::kTime]) << info;
  json deleted = Ok({"ns.delete", name});
  EXPECT_EQ(deleted["messagesDeleted"], 3) << deleted;
}

TEST_P(RefserverNamespaces, InfoWithoutANameIsTheCallersNamespace) {
  MDBPROF_REFSERVER_ONLY(
      "EventoDB's ns.info requires the namespace name (400 without it)");
  const std::string name = UniqueName("self");
  const std::string token = Create(name);
  ASSERT_FALSE(token.empty());
  RpcReply own = backend().Client(token).Call({"ns.info"});
  ASSERT_EQ(own.status, 200) << own.Describe();
  EXPECT_EQ(own.json["namespace"], name);
  EXPECT_EQ(own.json, Ok({"ns.info", name}));
  Ok({"ns.delete", name});
}

TEST_P(RefserverNamespaces, ListIsOrderedByNameBytewise) {
  MDBPROF_REFSERVER_ONLY("EventoDB lists the newest namespace first");
  const std::string base = UniqueName("order");
  const std::vector<std::string> names = {"x" + base, "X" + base, base + "b",
                                          base + "a"};
  for (const std::string& name : names) ASSERT_FALSE(Create(name).empty());
  std::vector<std::string> listed;
  for (const json& entry : Ok({"ns.list"})) {
    listed.push_back(entry["namespace"]);
  }
  EXPECT_TRUE(std::is_sorted(listed.begin(), listed.end()));
  for (const std::string& name : names) Ok({"ns.delete", name});
}

TEST_P(RefserverNamespaces, NamesDifferingOnlyByDashOrUnderscoreAreDistinct) {
  MDBPROF_REFSERVER_ONLY(
      "EventoDB's PostgreSQL stores map '-' to '_' in the schema name, so the "
      "second of \"a-b\" and \"a_b\" gets 409 NAMESPACE_EXISTS");
  const std::string base = UniqueName("dash");
  const std::vector<std::string> names = {base + "-a", base + "_a"};
  std::vector<RpcClient> clients;
  for (const std::string& name : names) {
    const std::string token = Create(name);
    ASSERT_FALSE(token.empty()) << name;
    clients.push_back(backend().Client(token));
  }
  for (size_t n = 0; n < names.size(); ++n) {
    for (size_t i = 0; i <= n; ++i) {
      RpcReply w = clients[n].Call(WriteRequest("shared-1", "T", {{"i", i}}));
      ASSERT_EQ(w.status, 200) << names[n] << ": " << w.Describe();
      EXPECT_EQ(w.json["position"], i) << names[n];
    }
  }
  for (size_t n = 0; n < names.size(); ++n) {
    RpcReply rows = clients[n].Call({"stream.get", "shared-1"});
    ASSERT_EQ(rows.status, 200) << rows.Describe();
    EXPECT_EQ(rows.json.size(), n + 1) << names[n] << ": " << rows.body;
    Ok({"ns.delete", names[n]});
  }
}

class RefserverAuth : public ConformanceTest {};

TEST_P(RefserverAuth, ANamespaceTokenSeesOnlyItsOwnNamespace) {
  MDBPROF_REFSERVER_ONLY(
      "EventoDB lets any valid token call ns.create, ns.delete, ns.list and "
      "ns.info of any namespace");
  const std::string name = UniqueName("tenant");
  json created = Ok({"ns.create", name});
  ASSERT_TRUE(created.is_object());
  const std::string other = UniqueName("other");
  ASSERT_TRUE(Ok({"ns.create", other}).is_object());
  RpcClient tenant = backend().Client(created["token"]);
  for (const json& request :
       {json{"ns.list"}, json{"ns.create", UniqueName("evil")},
        json{"ns.delete", name}, json{"ns.delete", other},
        json{"ns.delete", "default"}, json{"ns.info", other}}) {
    RpcReply r = tenant.Call(request);
    EXPECT_EQ(r.status, 403) << request << ": " << r.Describe();
    EXPECT_EQ(r.code(), "AUTH_UNAUTHORIZED") << request;
  }
  // Still there.
  EXPECT_EQ(tenant.Call({"ns.info", name}).status, 200);
  EXPECT_EQ(Call({"ns.info", other}).status, 200);
  Ok({"ns.delete", name});
  Ok({"ns.delete", other});
}

TEST_P(RefserverAuth, TheDefaultNamespaceCannotBeDeleted) {
  MDBPROF_REFSERVER_ONLY("EventoDB deletes the default namespace when asked");
  RpcReply r = Call({"ns.delete", "default"});
  EXPECT_EQ(r.status, 400) << r.Describe();
  EXPECT_EQ(r.code(), "INVALID_REQUEST") << r.Describe();
  EXPECT_EQ(Call({"ns.info", "default"}).status, 200);
}

TEST_P(RefserverAuth, UnknownWellFormedTokensAre401InvalidToken) {
  MDBPROF_REFSERVER_ONLY(
      "EventoDB answers 403 AUTH_UNAUTHORIZED for a well-formed token it "
      "does not know");
  const std::string admin = backend().admin_token();
  std::string wrong_secret = admin;
  wrong_secret.back() = wrong_secret.back() == '0' ? '1' : '0';
  const std::string name = UniqueName("gone");
  json created = Ok({"ns.create", name});
  ASSERT_TRUE(created.is_object());
  const std::string deleted_token = created["token"];
  Ok({"ns.delete", name});
  for (const std::string& token :
       {wrong_secret, "ns_bm9zdWNobnM_" + std::string(64, 'a'),  // "nosuchns"
        deleted_token}) {
    RpcReply r = backend().Client(token).Call({"stream.version", "acct-1"});
    EXPECT_EQ(r.status, 401) << token << ": " << r.Describe();
    EXPECT_EQ(r.code(), "AUTH_INVALID_TOKEN") << token;
  }
}

MDBPROF_INSTANTIATE_CONFORMANCE(RefserverNamespaces);
MDBPROF_INSTANTIATE_CONFORMANCE(RefserverAuth);

}  // namespace
}  // namespace mdbprof::conformance
