// RpcClient: POSTs EventoDB RPC requests (`["method", args...]`) to a server's
// /rpc over HTTP, as any client of EventoDB's API would, and
// GETs its other endpoints (/health, /debug/pprof/*).
//
//   RpcClient client("127.0.0.1", port, token);
//   RpcReply r = client.Call({"stream.version", "account-1"});
//   EXPECT_EQ(r.status, 200) << r.Describe();
//   EXPECT_TRUE(r.json.is_null());
//
// A client keeps one keep-alive connection; it is not thread-safe (give each
// thread its own client).
#ifndef MDBPROF_TESTS_CONFORMANCE_RPC_CLIENT_H_
#define MDBPROF_TESTS_CONFORMANCE_RPC_CLIENT_H_

#include <memory>
#include <nlohmann/json.hpp>
#include <string>

namespace httplib {
class Client;
}

namespace mdbprof::conformance {

struct RpcReply {
  int status = 0;         // HTTP status; 0 when the request never completed
  std::string transport;  // why it never completed ("" when status > 0)
  std::string body;
  nlohmann::json json;  // parsed body; discarded value when not JSON

  // The error code of an error body ("AUTH_REQUIRED", ...), "" otherwise.
  std::string code() const;
  // "200 {...}" or "transport error: ..." for failure messages.
  std::string Describe() const;
};

class RpcClient {
 public:
  // `token` "" sends no Authorization header.
  RpcClient(const std::string& host, int port, const std::string& token);
  ~RpcClient();
  RpcClient(RpcClient&&) noexcept;
  RpcClient& operator=(RpcClient&&) noexcept;

  // Sends `request.dump()`.
  RpcReply Call(const nlohmann::json& request);
  // Sends `body` verbatim as application/json.
  RpcReply Post(const std::string& body);
  // GETs `path` (and query) of the server's other endpoints ("/health",
  // "/debug/pprof/heap"), with the Authorization header if any. `json` is
  // the parsed body when it is JSON (a profile is not).
  RpcReply Get(const std::string& path);
  // Replaces the Authorization header value ("" = none), e.g. "Basic x".
  void SetAuthorization(std::string value) {
    authorization_ = std::move(value);
  }

 private:
  std::unique_ptr<httplib::Client> http_;
  std::string authorization_;
};

}  // namespace mdbprof::conformance

#endif  // MDBPROF_TESTS_CONFORMANCE_RPC_CLIENT_H_
