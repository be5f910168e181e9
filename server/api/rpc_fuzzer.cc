// libFuzzer target: arbitrary requests through the reference server's RPC
// handling (RpcDispatcher::Handle: authentication, JSON parsing, argument
// validation, the methods and the real SQLite store behind them).
// The first input byte picks the Authorization header (none, the default
// namespace's token, a tenant's token, or the next bytes up to a newline);
// the rest is the body. A crash, a sanitizer report, a status outside the
// contract or a reply that is not JSON is a bug.
//
//   cmake --preset fuzz && cmake --build --preset fuzz
//   ctest --preset fuzz                       # includes rpc_fuzz_smoke
//   build/fuzz/server/api/rpc_fuzzer NEW_DIR server/api/testdata/rpc_corpus
//
// In the default build the same entry point replays the seed corpus
// (rpc_fuzzer_replay_test).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "server/api/authenticator.h"
#include "server/api/default_namespace.h"
#include "server/api/rpc_dispatcher.h"
#include "server/store/store_factory.h"

namespace refserver {
namespace {

constexpr char kDefaultToken[] =
    "ns_ZGVmYXVsdA_"
    "71d7e890c5bb4666a234cc1a9ec3f5f15b67c1a73257a3c92e1c0b0c5e0f8e9a";
// Fresh state now and then, so memory does not grow without bound.
constexpr int kRunsPerStore = 20000;

struct Server {
  std::unique_ptr<Store> store;
  std::unique_ptr<Authenticator> auth;
  std::unique_ptr<RpcDispatcher> rpc;
  std::string tenant_token;
  int runs = 0;

  Server() {
    StoreConfig config;
    config.in_memory = true;
    auto opened = OpenStore(config);
    if (!opened.ok()) abort();
    store = std::move(*opened);
    if (!EnsureDefaultNamespace(*store, kDefaultToken).ok()) abort();
    auth = std::make_unique<Authenticator>(*store, /*test_mode=*/false);
    rpc = std::make_unique<RpcDispatcher>(*store, *auth, "fuzz");
    RpcReply created = rpc->Handle(std::string("Bearer ") + kDefaultToken,
                                   R"(["ns.create","tenant"])");
    auto body = nlohmann::json::parse(created.body, nullptr, false);
    if (created.http_status != 200 || !body.is_object()) abort();
    tenant_token = body.value("token", "");
  }
};

bool InContract(int status) {
  switch (status) {
    case 200:
    case 400:
    case 401:
    case 403:
    case 404:
    case 409:
    case 500:
      return true;
    default:
      return false;
  }
}

}  // namespace
}  // namespace refserver

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using refserver::Server;
  static Server* server = new Server();
  if (++server->runs > refserver::kRunsPerStore) {
    delete server;
    server = new Server();
  }
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::string authorization;
  if (!input.empty()) {
    switch (static_cast<unsigned char>(input[0]) % 4) {
      case 0:
        break;
      case 1:
        authorization = std::string("Bearer ") + refserver::kDefaultToken;
        break;
      case 2:
        authorization = "Bearer " + server->tenant_token;
        break;
      case 3: {
        size_t nl = input.find('\n', 1);
        authorization = std::string(input.substr(
            1, nl == std::string_view::npos ? std::string_view::npos : nl - 1));
        input = nl == std::string_view::npos ? "" : input.substr(nl);
        break;
      }
    }
    input.remove_prefix(std::min<size_t>(1, input.size()));
  }
  refserver::RpcReply reply = server->rpc->Handle(authorization, input);
  if (!refserver::InContract(reply.http_status)) abort();
  if (!nlohmann::json::accept(reply.body)) abort();
  return 0;
}
