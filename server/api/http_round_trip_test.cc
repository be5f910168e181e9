// The App served in-process on a free port, exercised over real HTTP.
#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

#include "server/api/app.h"
#include "server/testing/rpc_harness.h"

namespace refserver {
namespace {

using nlohmann::json;

class HttpRoundTrip : public ::testing::Test {
 protected:
  void SetUp() override {
    ServerConfig config;
    config.port = 0;
    config.token = testing::kDefaultToken;
    config.log_level = LogLevel::kError;
    config.test_mode = true;  // in-memory store
    Result<std::unique_ptr<App>> app = App::Create(config);
    ASSERT_TRUE(app.ok()) << app.status().message();
    app_ = std::move(*app);
    Status bound = app_->Bind();
    ASSERT_TRUE(bound.ok()) << bound.message();
    ASSERT_GT(app_->port(), 0);
    serve_ = std::thread([this] { served_ = app_->Serve(); });
    client_ = std::make_unique<httplib::Client>("127.0.0.1", app_->port());
    client_->set_bearer_token_auth(testing::kDefaultToken);
    // Readiness as the suite sees it: /health answers.
    for (int i = 0; i < 200; ++i) {
      if (auto res = client_->Get("/health"); res && res->status == 200) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }

  void TearDown() override {
    if (app_ != nullptr) app_->Stop();
    if (serve_.joinable()) serve_.join();
    EXPECT_TRUE(served_.ok()) << served_.message();
  }

  httplib::Result Rpc(const std::string& body) {
    return client_->Post("/rpc", body, "application/json");
  }

  std::unique_ptr<App> app_;
  std::thread serve_;
  Status served_;
  std::unique_ptr<httplib::Client> client_;
};

TEST_F(HttpRoundTrip, HealthAndVersion) {
  auto health = client_->Get("/health");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  EXPECT_EQ(json::parse(health->body), json::parse(R"({"status":"ok"})"));
  EXPECT_EQ(health->get_header_value("Content-Type"), "application/json");

  auto version = client_->Get("/version");
  ASSERT_TRUE(version);
  EXPECT_EQ(version->status, 200);
  EXPECT_TRUE(json::parse(version->body)["version"].is_string());
}

TEST_F(HttpRoundTrip, WriteAndReadOverHttp) {
  auto w = Rpc(R"(["stream.write","test-stream-1",{"type":"TestEvent",)"
               R"("data":{"counter":1,"nested":{"x":"y"}},)"
               R"("metadata":{"correlationStreamName":"load-1"}}])");
  ASSERT_TRUE(w);
  ASSERT_EQ(w->status, 200) << w->body;
  EXPECT_EQ(json::parse(w->body),
            json::parse(R"({"position":0,"globalPosition":1})"));

  auto g =
      Rpc(R"(["stream.get","test-stream-1",{"position":0,"batchSize":10}])");
  ASSERT_TRUE(g);
  ASSERT_EQ(g->status, 200) << g->body;
  json rows = json::parse(g->body);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0][4]["nested"]["x"], "y");
}

TEST_F(HttpRoundTrip, ErrorsAreJsonWithContractStatuses) {
  httplib::Client anonymous("127.0.0.1", app_->port());
  // Test mode: no token means namespace default; a bad one is still 401.
  anonymous.set_bearer_token_auth("nonsense");
  auto unauthorized =
      anonymous.Post("/rpc", R"(["sys.version"])", "application/json");
  ASSERT_TRUE(unauthorized);
  EXPECT_EQ(unauthorized->status, 401);
  EXPECT_EQ(json::parse(unauthorized->body)["error"]["code"],
            "AUTH_INVALID_TOKEN");

  auto bad = Rpc("[\"stream.get\", 1");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  EXPECT_EQ(json::parse(bad->body)["error"]["code"], "INVALID_REQUEST");

  auto unknown = Rpc(R"(["nope"])");
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->status, 404);
  EXPECT_EQ(json::parse(unknown->body)["error"]["code"], "METHOD_NOT_FOUND");

  auto conflict = Rpc(
      R"(["stream.write","a-1",{"type":"T","data":{}},{"expectedVersion":3}])");
  ASSERT_TRUE(conflict);
  EXPECT_EQ(conflict->status, 409);

  auto route = client_->Get("/nowhere");
  ASSERT_TRUE(route);
  EXPECT_EQ(route->status, 404);
  EXPECT_TRUE(json::parse(route->body)["error"].is_object()) << route->body;
}

TEST_F(HttpRoundTrip, OversizedBodyIs413) {
  std::string big = R"(["stream.write","a-1",{"type":"T","data":{"s":")";
  big += std::string(1 << 20, 'x');
  big += "\"}}]";
  auto res = Rpc(big);
  ASSERT_TRUE(res) << "connection error " << static_cast<int>(res.error());
  EXPECT_EQ(res->status, 413);
  EXPECT_NE(res->body.find("limit"), std::string::npos) << res->body;
  // The server keeps serving.
  httplib::Client fresh("127.0.0.1", app_->port());
  auto health = fresh.Get("/health");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
}

// Ten keep-alive clients, as the load runs them, well past cpp-httplib's
// default of 5 requests per connection and 8 pool threads.
TEST_F(HttpRoundTrip, ConcurrentKeepAliveClients) {
  constexpr int kClients = 10;
  constexpr int kRequests = 40;
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int c = 0; c < kClients; ++c) {
    threads.emplace_back([&, c] {
      httplib::Client client("127.0.0.1", app_->port());
      client.set_keep_alive(true);
      client.set_bearer_token_auth(testing::kDefaultToken);
      const std::string stream = "load-" + std::to_string(c);
      for (int i = 0; i < kRequests; ++i) {
        auto res = client.Post("/rpc",
                               R"(["stream.write",")" + stream +
                                   R"(",{"type":"T","data":{"i":)" +
                                   std::to_string(i) + "}}]",
                               "application/json");
        if (res && res->status == 200) ++ok;
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(ok.load(), kClients * kRequests);
  auto version = Rpc(R"(["stream.version","load-3"])");
  ASSERT_TRUE(version);
  EXPECT_EQ(version->body, std::to_string(kRequests - 1));
}

TEST(AppLifecycle, StopBeforeServeReturnsAtOnce) {
  ServerConfig config;
  config.port = 0;
  config.test_mode = true;
  config.log_level = LogLevel::kError;
  Result<std::unique_ptr<App>> app = App::Create(config);
  ASSERT_TRUE(app.ok()) << app.status().message();
  ASSERT_TRUE((*app)->Bind().ok());
  (*app)->Stop();
  EXPECT_TRUE((*app)->Serve().ok());
}

TEST(AppLifecycle, BadConfigurationIsInvalidArgument) {
  ServerConfig config;
  config.db_url = "oracle://db";
  Result<std::unique_ptr<App>> app = App::Create(config);
  ASSERT_FALSE(app.ok());
  EXPECT_EQ(app.status().code(), mdbprof::StatusCode::kInvalidArgument);

  config.db_url.clear();
  config.test_mode = true;
  config.token = "ns_" + std::string("dGVuYW50") + "_" + std::string(64, 'a');
  app = App::Create(config);
  ASSERT_FALSE(app.ok());
  EXPECT_EQ(app.status().code(), mdbprof::StatusCode::kInvalidArgument);
  EXPECT_NE(app.status().message().find("'tenant'"), std::string::npos)
      << app.status().message();
}

}  // namespace
}  // namespace refserver
