#include "bench/http_fetch.h"

#include <httplib.h>

#include <cmath>

#include "base/text_file.h"
#include "nlohmann/json.hpp"

namespace mdbprof::bench {

HttpFetcher::HttpFetcher(std::string host, int port)
    : host_(std::move(host)),
      port_(port),
      client_(std::make_unique<httplib::Client>(host_, port_)) {
  client_->set_connection_timeout(std::chrono::seconds(5));
  // The profile bytes are what we store: no transparent decompression.
  client_->set_decompress(false);
}

HttpFetcher::~HttpFetcher() = default;

std::string HttpFetcher::Url(const std::string& path) const {
  return "http://" + host_ + ":" + std::to_string(port_) + path;
}

Result<std::string> HttpFetcher::Get(const std::string& path,
                                     double timeout_s) {
  if (cancelled_) return Unavailable("GET " + Url(path) + ": cancelled");
  auto timeout = std::chrono::milliseconds(
      static_cast<int64_t>(std::ceil(timeout_s * 1000)));
  client_->set_read_timeout(timeout);
  client_->set_write_timeout(timeout);
  httplib::Result res = client_->Get(path.c_str());
  if (cancelled_) return Unavailable("GET " + Url(path) + ": cancelled");
  if (!res) {
    return Unavailable("GET " + Url(path) + ": " +
                       httplib::to_string(res.error()));
  }
  if (res->status != 200) {
    std::string body = res->body.substr(0, 200);
    return Unavailable("GET " + Url(path) + ": HTTP " +
                       std::to_string(res->status) +
                       (body.empty() ? "" : ": " + body));
  }
  return std::move(res->body);
}

Status HttpFetcher::GetToFile(const std::string& path, double timeout_s,
                              const std::string& file) {
  Result<std::string> body = Get(path, timeout_s);
  if (!body.ok()) return body.status();
  if (body->empty()) {
    return Unavailable("GET " + Url(path) + ": empty response body");
  }
  return WriteTextFile(file, *body);
}

void HttpFetcher::Cancel() {
  cancelled_ = true;
  client_->stop();
}

std::string FetchServerVersion(const std::string& host, int port) {
  HttpFetcher fetcher(host, port);
  Result<std::string> body = fetcher.Get("/version", 5);
  if (!body.ok()) return "unknown";
  nlohmann::json json = nlohmann::json::parse(*body, nullptr, false);
  if (json.is_object() && json.contains("version") &&
      json["version"].is_string()) {
    return json["version"].get<std::string>();
  }
  return "unknown";
}

}  // namespace mdbprof::bench
