#include "bench/testing/fake_profile_server.h"

#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <iostream>

namespace mdbprof::bench::testing {
namespace {

// "a=1&b=2" from the parsed parameters (httplib keeps no raw query).
std::string Query(const httplib::Request& req) {
  std::string query;
  for (const auto& [key, value] : req.params) {
    if (!query.empty()) query += "&";
    query += key + "=" + value;
  }
  return query;
}

}  // namespace

FakeProfileServer::FakeProfileServer()
    : server_(std::make_unique<httplib::Server>()) {
  server_->Get(
      R"(/.*)", [this](const httplib::Request& req, httplib::Response& res) {
        std::lock_guard<std::mutex> lock(mu_);
        auto it = routes_.find(req.path);
        if (it == routes_.end()) {
          res.status = 404;
          res.set_content("no such fake route: " + req.path, "text/plain");
          return;
        }
        Route& route = it->second;
        const int index = route.requests++;
        route.last_query = Query(req);
        res.status = route.status;
        if (route.status != 200) {
          res.set_content("fake failure", "text/plain");
          return;
        }
        const size_t i = std::min<size_t>(index, route.bodies.size() - 1);
        res.set_content(route.bodies[i], "application/octet-stream");
      });
  server_->Post("/rpc", [this](const httplib::Request&,
                               httplib::Response& res) {
    ++rpc_calls_;
    res.set_content(R"({"position":0,"globalPosition":0})", "application/json");
  });
  port_ = server_->bind_to_any_port(host_);
  if (port_ <= 0) {
    std::cerr << "FakeProfileServer: cannot bind a loopback port\n";
    std::abort();
  }
  thread_ = std::thread([this] { server_->listen_after_bind(); });
  while (!server_->is_running()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

FakeProfileServer::~FakeProfileServer() {
  server_->stop();
  thread_.join();
}

void FakeProfileServer::Serve(const std::string& path,
                              std::vector<std::string> bodies) {
  if (bodies.empty()) bodies.emplace_back();
  std::lock_guard<std::mutex> lock(mu_);
  Route& route = routes_[path];
  route.bodies = std::move(bodies);
  route.status = 200;
}

void FakeProfileServer::Fail(const std::string& path, int status) {
  std::lock_guard<std::mutex> lock(mu_);
  Route& route = routes_[path];
  route.bodies = {""};
  route.status = status;
}

int FakeProfileServer::Requests(const std::string& path) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = routes_.find(path);
  return it == routes_.end() ? 0 : it->second.requests;
}

std::string FakeProfileServer::LastQuery(const std::string& path) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = routes_.find(path);
  return it == routes_.end() ? "" : it->second.last_query;
}

}  // namespace mdbprof::bench::testing
