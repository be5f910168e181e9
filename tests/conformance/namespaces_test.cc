// Namespaces and authentication: ns.create / list / info / delete, isolation
// between namespaces, tokens, and the error replies of the contract, the
// same on every backend (EventoDB contract; the refserver's stricter rules
// and fuller statistics are in refserver_namespaces_test.cc and
// refserver_requests_test.cc).
#include <string>
#include <vector>

#include "tests/conformance/conformance_test.h"

namespace mdbprof::conformance {
namespace {

class Namespaces : public ConformanceTest {
 protected:
  // Creates namespace `name`; returns its token ("" after a failure).
  std::string Create(const std::string& name,
                     const std::string& description = "") {
    json options = json::object();
    if (!description.empty()) options["description"] = description;
    json created = Ok({"ns.create", name, options});
    if (!created.is_object()) return "";
    EXPECT_EQ(created["namespace"], name) << created;
    EXPECT_TRUE(created["createdAt"].is_string()) << created;
    EXPECT_TRUE(created["token"].is_string()) << created;
    return created.value("token", "");
  }
  void Delete(const std::string& name) { Ok({"ns.delete", name}); }
};

TEST_P(Namespaces, CreateListInfoDelete) {
  const std::string name = UniqueName("ns");
  const std::string token = Create(name, "conformance");
  ASSERT_FALSE(token.empty());
  EXPECT_EQ(token.rfind("ns_", 0), 0u) << token;

  RpcClient client = backend().Client(token);
  const std::string s1 = UniqueName("acct") + "-1";
  const std::string s2 = UniqueName("acct") + "-2";
  for (const std::string& s : {s1, s1, s2}) {
    RpcReply w = client.Call(WriteRequest(s, "T", {{"x", 1}}));
    EXPECT_EQ(w.status, 200) << w.Describe();
  }

  json list = Ok({"ns.list"});
  ASSERT_TRUE(list.is_array()) << list;
  bool found = false, found_default = false;
  for (const json& entry : list) {
    if (entry["namespace"] == "default") found_default = true;
    if (entry["namespace"] != name) continue;
    found = true;
    EXPECT_EQ(entry["description"], "conformance");
    EXPECT_TRUE(entry["createdAt"].is_string()) << entry;
  }
  EXPECT_TRUE(found) << list;
  EXPECT_TRUE(found_default) << list;

  RpcReply own = client.Call({"ns.info", name});
  ASSERT_EQ(own.status, 200) << own.Describe();
  EXPECT_EQ(own.json["namespace"], name);
  EXPECT_EQ(own.json["description"], "conformance");
  EXPECT_TRUE(own.json["createdAt"].is_string()) << own.body;
  EXPECT_EQ(own.json["messageCount"], 3) << own.body;
  EXPECT_EQ(Ok({"ns.info", name}), own.json);  // the admin sees the same

  json deleted = Ok({"ns.delete", name});
  ASSERT_TRUE(deleted.is_object());
  EXPECT_EQ(deleted["namespace"], name);

  RpcReply gone = Call({"ns.info", name});
  EXPECT_EQ(gone.status, 404) << gone.Describe();
  EXPECT_EQ(gone.code(), "NAMESPACE_NOT_FOUND");
  for (const json& entry : Ok({"ns.list"})) {
    EXPECT_NE(entry["namespace"], name);
  }
  // Its token no longer opens anything.
  EXPECT_TRUE(IsRejectedToken(client.Call({"stream.version", s1})));
}

TEST_P(Namespaces, EmptyNamespaceInfo) {
  const std::string name = UniqueName("empty");
  const std::string token = Create(name);
  ASSERT_FALSE(token.empty());
  json info = Ok({"ns.info", name});
  EXPECT_EQ(info["messageCount"], 0) << info;
  EXPECT_EQ(info["streamCount"], 0) << info;
  EXPECT_TRUE(info["lastActivity"].is_null()) << info;
  EXPECT_EQ(Ok({"ns.delete", name})["messagesDeleted"], 0);
}

TEST_P(Namespaces, DeletingAMissingNamespaceIsNotFound) {
  RpcReply r = Call({"ns.delete", UniqueName("never")});
  EXPECT_EQ(r.status, 404) << r.Describe();
  EXPECT_EQ(r.code(), "NAMESPACE_NOT_FOUND");
}

TEST_P(Namespaces, CreatingAnExistingNamespaceIsAConflict) {
  const std::string name = UniqueName("twice");
  ASSERT_FALSE(Create(name).empty());
  RpcReply again = Call({"ns.create", name});
  EXPECT_EQ(again.status, 409) << again.Describe();
  EXPECT_EQ(again.code(), "NAMESPACE_EXISTS");
  RpcReply def = Call({"ns.create", "default"});
  EXPECT_EQ(def.status, 409) << def.Describe();
  Delete(name);
}

// Streams, positions, categories and message counts of one namespace never
// show in another, including namespaces whose names differ only in case.
TEST_P(Namespaces, NamespacesAreIsolated) {
  const std::string base = UniqueName("iso");
  const std::vector<std::string> names = {base + "-a", base + "b",
                                          "X" + base + "A", "x" + base + "a"};
  std::vector<RpcClient> clients;
  for (const std::string& name : names) {
    std::string token = Create(name);
    ASSERT_FALSE(token.empty()) << name;
    clients.push_back(backend().Client(token));
  }
  const std::string stream = "shared-1";  // the same name everywhere
  for (size_t n = 0; n < names.size(); ++n) {
    for (size_t i = 0; i <= n; ++i) {
      RpcReply w = clients[n].Call(
          WriteRequest(stream, "T", {{"ns", names[n]}, {"i", i}}));
      ASSERT_EQ(w.status, 200) << names[n] << ": " << w.Describe();
      // Global positions count per namespace, from 1.
      EXPECT_EQ(w.json["position"], i) << names[n];
      EXPECT_EQ(w.json["globalPosition"], i + 1) << names[n];
    }
  }
  for (size_t n = 0; n < names.size(); ++n) {
    RpcReply rows = clients[n].Call({"stream.get", stream});
    ASSERT_EQ(rows.status, 200) << rows.Describe();
    ASSERT_EQ(rows.json.size(), n + 1) << names[n] << ": " << rows.body;
    for (const json& row : rows.json) {
      EXPECT_EQ(row[stream_row::kData]["ns"], names[n]);
    }
    RpcReply category = clients[n].Call({"category.get", "shared"});
    ASSERT_EQ(category.status, 200) << category.Describe();
    EXPECT_EQ(category.json.size(), n + 1) << names[n];
    RpcReply version = clients[n].Call({"stream.version", stream});
    EXPECT_EQ(version.json, n) << names[n];
    RpcReply info = clients[n].Call({"ns.info", names[n]});
    EXPECT_EQ(info.json["messageCount"], n + 1) << info.body;
  }
  // Deleting one leaves the others intact.
  Delete(names[0]);
  for (size_t n = 1; n < names.size(); ++n) {
    RpcReply rows = clients[n].Call({"stream.get", stream});
    EXPECT_EQ(rows.json.size(), n + 1) << names[n];
    Delete(names[n]);
  }
}

TEST_P(Namespaces, ARecreatedNamespaceStartsEmpty) {
  const std::string name = UniqueName("again");
  std::string token = Create(name);
  ASSERT_FALSE(token.empty());
  {
    RpcClient client = backend().Client(token);
    for (int i = 0; i < 3; ++i) {
      EXPECT_EQ(client.Call(WriteRequest("acct-1", "T", {{"i", i}})).status,
                200);
    }
  }
  Delete(name);
  token = Create(name);
  ASSERT_FALSE(token.empty());
  RpcClient client = backend().Client(token);
  RpcReply version = client.Call({"stream.version", "acct-1"});
  ASSERT_EQ(version.status, 200) << version.Describe();
  EXPECT_TRUE(version.json.is_null()) << version.body;
  RpcReply category = client.Call({"category.get", "acct"});
  EXPECT_EQ(category.json, json::array()) << category.body;
  RpcReply w = client.Call(WriteRequest("acct-1", "T", {{"i", 0}}));
  ASSERT_EQ(w.status, 200) << w.Describe();
  EXPECT_EQ(w.json["position"], 0);
  EXPECT_EQ(w.json["globalPosition"], 1);
  Delete(name);
}

TEST_P(Namespaces, CreateWithAGivenToken) {
  const std::string name = UniqueName("tok");
  // ns_<base64url(name)>_<64 hex>; the names here are [a-z0-9] only.
  static const char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string b64;
  int bits = 0, value = 0;
  for (unsigned char c : name) {
    value = (value << 8) | c;
    bits += 8;
    while (bits >= 6) {
      b64 += kAlphabet[(value >> (bits - 6)) & 63];
      bits -= 6;
    }
    value &= (1 << bits) - 1;
  }
  if (bits > 0) b64 += kAlphabet[(value << (6 - bits)) & 63];
  const std::string token = "ns_" + b64 + "_" + std::string(64, 'c');
  json created = Ok({"ns.create", name, {{"token", token}}});
  ASSERT_TRUE(created.is_object());
  EXPECT_EQ(created["token"], token);
  RpcReply info = backend().Client(token).Call({"ns.info", name});
  EXPECT_EQ(info.status, 200) << info.Describe();
  EXPECT_EQ(info.json["namespace"], name);
  RpcReply wrong = backend()
                       .Client("ns_" + b64 + "_" + std::string(64, 'd'))
                       .Call({"stream.version", "acct-1"});
  EXPECT_TRUE(IsRejectedToken(wrong));
  Delete(name);
}

class Auth : public ConformanceTest {};

TEST_P(Auth, RequestsWithoutAValidTokenAreRejected) {
  const json request = {"stream.version", "acct-1"};
  RpcReply none = backend().Client("").Call(request);
  EXPECT_EQ(none.status, 401) << none.Describe();
  EXPECT_EQ(none.code(), "AUTH_REQUIRED");

  struct Case {
    const char* what;
    std::string authorization;
  };
  const std::string admin = backend().admin_token();
  std::string wrong_secret = admin;
  wrong_secret.back() = wrong_secret.back() == '0' ? '1' : '0';
  // Not a token at all: 401.
  const std::vector<Case> malformed = {
      {"garbage", "Bearer nonsense"},
      {"not bearer", "Basic " + admin},
      {"empty bearer", "Bearer "},
  };
  for (const Case& c : malformed) {
    RpcClient client = backend().Client("");
    client.SetAuthorization(c.authorization);
    RpcReply r = client.Call(request);
    EXPECT_EQ(r.status, 401) << c.what << ": " << r.Describe();
    EXPECT_TRUE(r.code() == "AUTH_INVALID_TOKEN" || r.code() == "AUTH_REQUIRED")
        << c.what << ": " << r.Describe();
  }
  // Well-formed tokens the server does not know: rejected (401 or 403).
  const std::vector<Case> unknown = {
      {"wrong secret", "Bearer " + wrong_secret},
      {"unknown namespace",
       "Bearer ns_bm9zdWNobnM_" + std::string(64, 'a')},  // "nosuchns"
  };
  for (const Case& c : unknown) {
    RpcClient client = backend().Client("");
    client.SetAuthorization(c.authorization);
    EXPECT_TRUE(IsRejectedToken(client.Call(request))) << c.what;
  }
  // The unknown namespace was not created on the way (not test mode).
  RpcReply info = Call({"ns.info", "nosuchns"});
  EXPECT_EQ(info.status, 404) << info.Describe();
}

class Requests : public ConformanceTest {};

TEST_P(Requests, MalformedRequestsAre400) {
  const std::string stream = Stream("bad");
  const std::vector<std::string> bodies = {
      "",
      "not json",
      "[\"stream.get\", 1",
      "{\"method\":\"stream.get\"}",
      "[]",
      "[42]",
      "[\"stream.get\"]",
      "[\"stream.get\", 7]",
      "[\"stream.write\",\"" + stream + "\",{\"data\":{}}]",
      "[\"stream.write\",\"" + stream + "\",{\"type\":\"\",\"data\":{}}]",
      "[\"stream.write\",\"" + stream + "\",{\"type\":\"T\"}]",
      "[\"stream.write\",\"" + stream + "\",{\"type\":\"T\",\"data\":[1]}]",
      "[\"stream.write\",\"" + stream +
          "\",{\"type\":\"T\",\"data\":{}},{\"expectedVersion\":\"1\"}]",
      "[\"stream.write\",\"" + stream +
          "\",{\"type\":\"T\",\"data\":{}},{\"id\":7}]",
      "[\"stream.get\",\"" + stream + "\",{\"batchSize\":10001}]",
      "[\"stream.get\",\"" + stream + "\",{\"position\":\"0\"}]",
      "[\"category.get\",\"bad\",{\"consumerGroup\":{\"member\":3,\"size\":3}}"
      "]",
      "[\"category.get\",\"bad\",{\"consumerGroup\":{\"member\":0}}]",
      "[\"category.get\",\"bad\",{\"batchSize\":10001}]",
      "[\"category.get\",\"bad\",{\"correlation\":7}]",
      "[\"ns.create\",\"\"]",
      "[\"ns.create\",7]",
  };
  for (const std::string& body : bodies) {
    RpcReply r = admin().Post(body);
    EXPECT_EQ(r.status, 400) << body << " -> " << r.Describe();
    EXPECT_EQ(r.code(), "INVALID_REQUEST") << body << " -> " << r.Describe();
  }
  // Nothing was written by any of them.
  EXPECT_TRUE(Ok({"stream.version", stream}).is_null());
}

TEST_P(Requests, UnknownMethodIs404AndHealthAnswers) {
  RpcReply r = Call({"stream.nope", "a-1"});
  EXPECT_EQ(r.status, 404) << r.Describe();
  EXPECT_EQ(r.code(), "METHOD_NOT_FOUND");
  json health = Ok({"sys.health"});
  EXPECT_EQ(health["status"], "ok") << health;
  EXPECT_EQ(health["backend"].is_string(), true) << health;
  EXPECT_TRUE(Ok({"sys.version"}).is_string());
  // GET /health needs no token.
  RpcReply get = backend().Client("").Get("/health");
  EXPECT_EQ(get.status, 200) << get.Describe();
  EXPECT_EQ(get.json, json({{"status", "ok"}})) << get.Describe();
}

MDBPROF_INSTANTIATE_CONFORMANCE(Namespaces);
MDBPROF_INSTANTIATE_CONFORMANCE(Auth);
MDBPROF_INSTANTIATE_CONFORMANCE(Requests);

}  // namespace
}  // namespace mdbprof::conformance
