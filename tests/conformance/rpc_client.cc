#include "tests/conformance/rpc_client.h"

#include <httplib.h>

namespace mdbprof::conformance {

std::string RpcReply::code() const {
  if (!json.is_object() || !json.contains("error")) return "";
  const nlohmann::json& error = json["error"];
  if (!error.is_object()) return "";
  return error.value("code", "");
}

std::string RpcReply::Describe() const {
  if (status == 0) return "transport error: " + transport;
  std::string shown = body.size() > 600 ? body.substr(0, 600) + "..." : body;
  return std::to_string(status) + " " + shown;
}

RpcClient::RpcClient(const std::string& host, int port,
                     const std::string& token)
    : http_(std::make_unique<httplib::Client>(host, port)) {
  http_->set_keep_alive(true);
  // httplib sends head and body in separate writes: without TCP_NODELAY a
  // reused connection waits for the server's delayed ACK (~40 ms a request).
  http_->set_tcp_nodelay(true);
  http_->set_connection_timeout(std::chrono::seconds(10));
  http_->set_read_timeout(std::chrono::seconds(60));
  http_->set_write_timeout(std::chrono::seconds(60));
  if (!token.empty()) authorization_ = "Bearer " + token;
}

RpcClient::~RpcClient() = default;
RpcClient::RpcClient(RpcClient&&) noexcept = default;
RpcClient& RpcClient::operator=(RpcClient&&) noexcept = default;

RpcReply RpcClient::Call(const nlohmann::json& request) {
  return Post(request.dump());
}

namespace {

RpcReply ReplyOf(const httplib::Result& res) {
  RpcReply reply;
  if (!res) {
    reply.transport = httplib::to_string(res.error());
    return reply;
  }
  reply.status = res->status;
  reply.body = res->body;
  reply.json = nlohmann::json::parse(reply.body, nullptr, false);
  return reply;
}

// `authorization` "" = no header.
httplib::Headers HeadersWith(const std::string& authorization) {
  httplib::Headers headers;
  if (!authorization.empty()) headers.emplace("Authorization", authorization);
  return headers;
}

}  // namespace

RpcReply RpcClient::Post(const std::string& body) {
  return ReplyOf(http_->Post("/rpc", HeadersWith(authorization_), body,
                             "application/json"));
}

RpcReply RpcClient::Get(const std::string& path) {
  return ReplyOf(http_->Get(path, HeadersWith(authorization_)));
}

}  // namespace mdbprof::conformance
