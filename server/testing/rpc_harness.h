// RpcHarness: an in-memory store with namespace "default" (the profiling
// token), an Authenticator and an RpcDispatcher, for tests that drive RPC
// without HTTP.
//
//   RpcHarness h(/*test_mode=*/false);
//   RpcHarness::Reply r = h.Call(R"(["stream.version","a-1"])");
//   EXPECT_EQ(r.status, 200);
//   EXPECT_TRUE(r.json.is_null());
#ifndef REFSERVER_TESTING_RPC_HARNESS_H_
#define REFSERVER_TESTING_RPC_HARNESS_H_

#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "server/api/authenticator.h"
#include "server/api/default_namespace.h"
#include "server/api/rpc_dispatcher.h"
#include "server/store/store_factory.h"

namespace refserver::testing {

inline constexpr char kDefaultToken[] =
    "ns_ZGVmYXVsdA_"
    "71d7e890c5bb4666a234cc1a9ec3f5f15b67c1a73257a3c92e1c0b0c5e0f8e9a";

class RpcHarness {
 public:
  struct Reply {
    int status = 0;
    nlohmann::json json;  // parsed body (discarded value if not JSON)
    std::string body;
    // "CODE" of an error body, "" otherwise.
    std::string code() const {
      if (!json.is_object() || !json.contains("error")) return "";
      return json["error"].value("code", "");
    }
    std::string message() const {
      if (!json.is_object() || !json.contains("error")) return "";
      return json["error"].value("message", "");
    }
  };

  explicit RpcHarness(bool test_mode) {
    StoreConfig config;
    config.in_memory = true;
    auto store = OpenStore(config);
    EXPECT_TRUE(store.ok()) << store.status().message();
    store_ = std::move(*store);
    auto generated = EnsureDefaultNamespace(*store_, kDefaultToken);
    EXPECT_TRUE(generated.ok()) << generated.status().message();
    auth_ = std::make_unique<Authenticator>(*store_, test_mode);
    rpc_ = std::make_unique<RpcDispatcher>(*store_, *auth_, "9.9.9");
  }

  // With the default namespace's token.
  Reply Call(const std::string& body) {
    return CallAs(std::string("Bearer ") + kDefaultToken, body);
  }

  // `authorization` is the raw header value ("" = no header).
  Reply CallAs(const std::string& authorization, const std::string& body) {
    RpcReply r = rpc_->Handle(authorization, body);
    Reply reply;
    reply.status = r.http_status;
    reply.body = r.body;
    reply.json = nlohmann::json::parse(r.body, nullptr, false);
    EXPECT_FALSE(reply.json.is_discarded()) << "reply is not JSON: " << r.body;
    return reply;
  }

  Store& store() { return *store_; }

 private:
  std::unique_ptr<Store> store_;
  std::unique_ptr<Authenticator> auth_;
  std::unique_ptr<RpcDispatcher> rpc_;
};

}  // namespace refserver::testing

#endif  // REFSERVER_TESTING_RPC_HARNESS_H_
