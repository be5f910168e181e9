#include "bench/load/fake_rpc_server.h"

#include <httplib.h>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <nlohmann/json.hpp>

namespace mdbprof::bench {
namespace {

using nlohmann::json;

// Parses K out of "<prefix>K"; -1 when the name does not match.
int StreamNumber(const json& name, std::string_view prefix) {
  if (!name.is_string()) return -1;
  const std::string& s = name.get_ref<const std::string&>();
  if (s.size() <= prefix.size() || s.compare(0, prefix.size(), prefix) != 0) {
    return -1;
  }
  int k = 0;
  for (size_t i = prefix.size(); i < s.size(); ++i) {
    if (s[i] < '0' || s[i] > '9' || k > 100000) return -1;
    k = k * 10 + (s[i] - '0');
  }
  return k;
}

struct ParsedCall {
  bool is_write = false;
  int stream = -1;
  int64_t worker = -1, counter = -1;
};

// Checks a body against the load's shape; returns the problem or "".
std::string Check(const std::string& body, ParsedCall* call) {
  const json doc = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return "body is not JSON: " + body.substr(0, 200);
  if (!doc.is_array() || doc.size() != 3 || !doc[0].is_string()) {
    return "body is not [method, stream, args]: " + body.substr(0, 200);
  }
  call->stream = StreamNumber(doc[1], "test-stream-");
  if (call->stream < 0 || call->stream >= 100) {
    return "bad stream name: " + doc[1].dump();
  }
  const json& args = doc[2];
  if (doc[0] == "stream.get") {
    if (args != json{{"position", 0}, {"batchSize", 10}}) {
      return "bad stream.get args: " + args.dump();
    }
    return "";
  }
  if (doc[0] != "stream.write") return "unknown method " + doc[0].dump();
  call->is_write = true;
  if (!args.is_object() || args.value("type", "") != "TestEvent") {
    return "message type is not TestEvent: " + args.dump();
  }
  const json& data = args.value("data", json());
  const json& meta = args.value("metadata", json());
  if (!data.is_object() || !data.value("counter", json()).is_number_integer() ||
      !data.value("workerId", json()).is_number_integer() ||
      !data.value("message", json()).is_string() ||
      !data.value("nested", json()).is_object()) {
    return "data lacks counter/workerId/message/nested: " + data.dump();
  }
  bool has_array = false;
  for (const auto& [key, value] : data["nested"].items()) {
    has_array = has_array || value.is_array();
  }
  if (!has_array) return "data.nested has no array: " + data.dump();
  if (!meta.is_object() ||
      StreamNumber(meta.value("correlationStreamName", json()),
                   "load-correlation-") != call->stream ||
      meta.value("workerId", json()) != data["workerId"]) {
    return "metadata does not correlate with the stream: " + meta.dump();
  }
  call->worker = data["workerId"].get<int64_t>();
  call->counter = data["counter"].get<int64_t>();
  return "";
}

void SetError(httplib::Response& res, int status, const std::string& code) {
  res.status = status;
  res.set_content(
      json{{"error", {{"code", code}, {"message", "fake " + code}}}}.dump(),
      "application/json");
}

}  // namespace

FakeRpcServer::FakeRpcServer(Options options)
    : options_(std::move(options)),
      server_(std::make_unique<httplib::Server>()) {
  const int threads = options_.threads;
  server_->new_task_queue = [threads] {
    return new httplib::ThreadPool(threads);
  };
  // httplib writes head and body in separate sends: without TCP_NODELAY
  // Nagle holds the body until the client's delayed ACK (~40 ms).
  server_->set_tcp_nodelay(true);
  server_->set_keep_alive_max_count(1'000'000);
  server_->Post("/rpc", [this](const httplib::Request& req,
                               httplib::Response& res) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      client_ports_.insert(req.remote_port);
    }
    if (options_.delay_ms > 0) {
      std::this_thread::sleep_for(std::chrono::milliseconds(options_.delay_ms));
    }
    if (!options_.token.empty() &&
        req.get_header_value("Authorization") != "Bearer " + options_.token) {
      ++unauthorized_;
      return SetError(res, 401, "AUTH_INVALID_TOKEN");
    }
    ParsedCall call;
    const std::string problem = Check(req.body, &call);
    if (!problem.empty()) {
      Problem(problem);
      return SetError(res, 400, "INVALID_REQUEST");
    }
    if (call.is_write) {
      {
        std::lock_guard<std::mutex> lock(mu_);
        if (!counters_.insert({call.worker, call.counter}).second) {
          first_problem_ =
              first_problem_.empty()
                  ? "counter repeated: " + std::to_string(call.counter)
                  : first_problem_;
          ++malformed_;
        }
      }
      if (call.stream == options_.conflict_stream) {
        ++conflicts_;
        return SetError(res, 409, "STREAM_VERSION_CONFLICT");
      }
      const int64_t n = ++writes_;
      res.set_content(json{{"position", n}, {"globalPosition", n}}.dump(),
                      "application/json");
    } else {
      if (options_.fail_reads) {
        ++read_failures_;
        return SetError(res, 500, "BACKEND_ERROR");
      }
      ++reads_;
      res.set_content("[]", "application/json");
    }
  });
  port_ = server_->bind_to_any_port("127.0.0.1");
  if (port_ <= 0) {
    std::cerr << "FakeRpcServer: cannot bind a loopback port\n";
    std::abort();
  }
  thread_ = std::thread([this] { server_->listen_after_bind(); });
  while (!server_->is_running()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

FakeRpcServer::~FakeRpcServer() {
  server_->stop();
  thread_.join();
}

void FakeRpcServer::Problem(const std::string& what) {
  ++malformed_;
  std::lock_guard<std::mutex> lock(mu_);
  if (first_problem_.empty()) first_problem_ = what;
}

std::string FakeRpcServer::first_problem() const {
  std::lock_guard<std::mutex> lock(mu_);
  return first_problem_;
}

size_t FakeRpcServer::connections() const {
  std::lock_guard<std::mutex> lock(mu_);
  return client_ports_.size();
}

}  // namespace mdbprof::bench
