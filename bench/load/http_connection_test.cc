#include "bench/load/http_connection.h"

#include <gtest/gtest.h>
#include <httplib.h>
#include <sys/socket.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <set>
#include <string>
#include <thread>

#include "bench/load/http_request.h"
#include "bench/load/scripted_tcp_server.h"

namespace mdbprof::bench {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

// An httplib server on a free loopback port that remembers the client ports
// (= connections) its handlers saw.
class TestServer {
 public:
  explicit TestServer(const std::function<void(TestServer&)>& setup) {
    server.new_task_queue = [] { return new httplib::ThreadPool(4); };
    server.set_tcp_nodelay(true);
    server.set_keep_alive_max_count(1000);
    setup(*this);
    port_ = server.bind_to_any_port("127.0.0.1");
    EXPECT_GT(port_, 0);
    thread_ = std::thread([this] { server.listen_after_bind(); });
    while (!server.is_running()) std::this_thread::sleep_for(milliseconds(1));
  }
  ~TestServer() {
    server.stop();
    thread_.join();
  }
  void SawClient(const httplib::Request& req) {
    std::lock_guard<std::mutex> lock(mu_);
    client_ports_.insert(req.remote_port);
  }
  size_t connections() {
    std::lock_guard<std::mutex> lock(mu_);
    return client_ports_.size();
  }

  int port() const { return port_; }

  httplib::Server server;

 private:
  int port_ = 0;
  std::thread thread_;
  std::mutex mu_;
  std::set<int> client_ports_;
};

// Serves each request on the connection with `response` until EOF.
std::function<void(int, int)> Always(std::string response) {
  return [response](int fd, int) {
    while (ReadHttpRequest(fd)) WriteAll(fd, response);
  };
}

Endpoint Loopback(int port) {
  Result<Endpoint> ep = ResolveEndpoint("127.0.0.1", port);
  EXPECT_TRUE(ep.ok()) << ep.status().message();
  return *ep;
}

std::string Post(int port, std::string_view body, std::string_view path = "/x",
                 std::string_view token = "tok") {
  std::string request;
  HttpPostFormatter(Loopback(port).host_port, path, token)
      .Format(body, &request);
  return request;
}

TEST(HttpConnection, ReturnsStatusAndBody) {
  TestServer s([](TestServer& t) {
    t.server.Post("/echo", [](const httplib::Request& req,
                              httplib::Response& res) {
      res.status = 201;
      res.set_content(req.body + "|" + req.get_header_value("Authorization") +
                          "|" + req.get_header_value("Content-Type"),
                      "text/plain");
    });
  });
  HttpConnection conn(Loopback(s.port()), 5);
  Result<HttpResponse> r = conn.RoundTrip(Post(s.port(), R"(["x"])", "/echo"));
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->status, 201);
  EXPECT_EQ(r->body, R"(["x"]|Bearer tok|application/json)");
}

TEST(HttpConnection, KeepAliveReusesOneConnection) {
  TestServer s([](TestServer& t) {
    t.server.Post("/x",
                  [&t](const httplib::Request& req, httplib::Response& res) {
                    t.SawClient(req);
                    res.set_content(req.body, "text/plain");
                  });
  });
  HttpConnection conn(Loopback(s.port()), 5);
  for (int i = 0; i < 50; ++i) {
    const std::string body = "request " + std::to_string(i);
    Result<HttpResponse> r = conn.RoundTrip(Post(s.port(), body));
    ASSERT_TRUE(r.ok()) << r.status().message();
    ASSERT_EQ(r->body, body);
  }
  EXPECT_EQ(conn.connects(), 1);
  EXPECT_EQ(s.connections(), 1u);
}

TEST(HttpConnection, HonoursConnectionClose) {
  TestServer s([](TestServer& t) {
    t.server.set_keep_alive_max_count(2);  // "Connection: close" every 2nd
    t.server.Post("/x",
                  [&t](const httplib::Request& req, httplib::Response& res) {
                    t.SawClient(req);
                    res.set_content("ok", "text/plain");
                  });
  });
  HttpConnection conn(Loopback(s.port()), 5);
  for (int i = 0; i < 5; ++i) {
    Result<HttpResponse> r = conn.RoundTrip(Post(s.port(), "b"));
    ASSERT_TRUE(r.ok()) << "request " << i << ": " << r.status().message();
    EXPECT_EQ(r->body, "ok");
  }
  EXPECT_EQ(conn.connects(), 3);
  EXPECT_EQ(s.connections(), 3u);
}

TEST(HttpConnection, ReconnectsWhenServerClosedIdleConnection) {
  ScriptedTcpServer s([](int fd, int) {
    // Answers one request as keep-alive, then closes without notice.
    if (ReadHttpRequest(fd))
      WriteAll(fd, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
  });
  HttpConnection conn(Loopback(s.port()), 5);
  ASSERT_TRUE(conn.RoundTrip(Post(s.port(), "1")).ok());
  std::this_thread::sleep_for(milliseconds(20));  // let the FIN arrive
  Result<HttpResponse> r = conn.RoundTrip(Post(s.port(), "2"));
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->body, "ok");
  EXPECT_EQ(conn.connects(), 2);
  EXPECT_EQ(s.accepted(), 2);
}

TEST(HttpConnection, ReconnectsAfterHttplibIdleTimeout) {
  TestServer s([](TestServer& t) {
    t.server.set_keep_alive_timeout(1);
    t.server.Post("/x",
                  [&t](const httplib::Request& req, httplib::Response& res) {
                    t.SawClient(req);
                    res.set_content("ok", "text/plain");
                  });
  });
  HttpConnection conn(Loopback(s.port()), 5);
  ASSERT_TRUE(conn.RoundTrip(Post(s.port(), "1")).ok());
  std::this_thread::sleep_for(milliseconds(1500));
  Result<HttpResponse> r = conn.RoundTrip(Post(s.port(), "2"));
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(conn.connects(), 2);
  EXPECT_EQ(s.connections(), 2u);
}

TEST(HttpConnection, FreshConnectionClosedIsAnErrorWithoutRetry) {
  ScriptedTcpServer s([](int, int) {});  // accepts and closes at once
  HttpConnection conn(Loopback(s.port()), 5);
  Result<HttpResponse> r = conn.RoundTrip(Post(s.port(), "1"));
  ASSERT_FALSE(r.ok());
  // Depending on timing the close shows as EOF or as a reset.
  const std::string m = r.status().message();
  EXPECT_TRUE(m == "connection closed by server before response" ||
              m == "recv: Connection reset by peer" ||
              m == "send: Broken pipe" || m == "send: Connection reset by peer")
      << m;
  EXPECT_EQ(s.accepted(), 1);
  EXPECT_FALSE(conn.connected());
}

TEST(HttpConnection, DecodesChunkedResponseFromHttplib) {
  TestServer s([](TestServer& t) {
    t.server.Post("/x", [](const httplib::Request&, httplib::Response& res) {
      res.set_chunked_content_provider("application/json",
                                       [](size_t, httplib::DataSink& sink) {
                                         sink.write("[1,", 3);
                                         const std::string big(20000, 'z');
                                         sink.write(big.data(), big.size());
                                         sink.write(",3]", 3);
                                         sink.done();
                                         return true;
                                       });
    });
  });
  HttpConnection conn(Loopback(s.port()), 5);
  for (int i = 0; i < 3; ++i) {  // and the connection stays usable
    Result<HttpResponse> r = conn.RoundTrip(Post(s.port(), "b"));
    ASSERT_TRUE(r.ok()) << r.status().message();
    EXPECT_EQ(r->body, "[1," + std::string(20000, 'z') + ",3]");
  }
  EXPECT_EQ(conn.connects(), 1);
}

TEST(HttpConnection, ChunkedWithExtensionsAndTrailers) {
  ScriptedTcpServer s(
      Always("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
             "5;name=value\r\nhello\r\n1\r\n \r\nA\r\n0123456789\r\n"
             "0\r\nX-Trailer: yes\r\n\r\n"));
  HttpConnection conn(Loopback(s.port()), 5);
  for (int i = 0; i < 2; ++i) {
    Result<HttpResponse> r = conn.RoundTrip(Post(s.port(), "b"));
    ASSERT_TRUE(r.ok()) << r.status().message();
    EXPECT_EQ(r->body, "hello 0123456789");
  }
  EXPECT_EQ(conn.connects(), 1);
}

TEST(HttpConnection, ParsesResponseArrivingInPieces) {
  ScriptedTcpServer s([](int fd, int) {
    while (ReadHttpRequest(fd)) {
      for (std::string_view piece :
           {"HTTP/1.1 200 O", "K\r\nTransfer-Enc", "oding: chunked\r", "\n\r",
            "\n3\r", "\nabc\r\n", "2\r\nde", "\r\n0\r\n", "\r\n"}) {
        WriteAll(fd, piece);
        std::this_thread::sleep_for(milliseconds(3));
      }
    }
  });
  HttpConnection conn(Loopback(s.port()), 5);
  for (int i = 0; i < 2; ++i) {
    Result<HttpResponse> r = conn.RoundTrip(Post(s.port(), "b"));
    ASSERT_TRUE(r.ok()) << r.status().message();
    EXPECT_EQ(r->body, "abcde");
  }
}

TEST(HttpConnection, BodyUntilCloseWithoutLength) {
  ScriptedTcpServer s([](int fd, int) {
    if (ReadHttpRequest(fd))
      WriteAll(fd, "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nhello");
  });
  HttpConnection conn(Loopback(s.port()), 5);
  Result<HttpResponse> r = conn.RoundTrip(Post(s.port(), "b"));
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->body, "hello");
  EXPECT_FALSE(conn.connected());
}

TEST(HttpConnection, LargeBodyGrowsTheBuffer) {
  const std::string big(3 << 20, 'q');
  TestServer s([&big](TestServer& t) {
    t.server.Post("/x",
                  [&big](const httplib::Request&, httplib::Response& res) {
                    res.set_content(big, "text/plain");
                  });
  });
  HttpConnection conn(Loopback(s.port()), 5);
  Result<HttpResponse> r = conn.RoundTrip(Post(s.port(), "b"));
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->body.size(), big.size());
  EXPECT_EQ(r->body, big);
}

TEST(HttpConnection, TimeoutNamesTheLimitAndConnectionRecovers) {
  std::atomic<bool> release{false};
  TestServer s([&release](TestServer& t) {
    t.server.Post(
        "/slow", [&release](const httplib::Request&, httplib::Response& res) {
          const auto give_up = steady_clock::now() + std::chrono::seconds(5);
          while (!release && steady_clock::now() < give_up) {
            std::this_thread::sleep_for(milliseconds(5));
          }
          res.set_content("late", "text/plain");
        });
    t.server.Post("/x", [](const httplib::Request&, httplib::Response& res) {
      res.set_content("fast", "text/plain");
    });
  });
  HttpConnection conn(Loopback(s.port()), 0.2);
  const auto start = steady_clock::now();
  Result<HttpResponse> r = conn.RoundTrip(Post(s.port(), "b", "/slow"));
  const double took =
      std::chrono::duration<double>(steady_clock::now() - start).count();
  release = true;
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kDeadlineExceeded);
  EXPECT_EQ(r.status().message(), "timeout after 0.2s");
  EXPECT_GE(took, 0.19);
  EXPECT_LT(took, 1.0);
  EXPECT_FALSE(conn.connected());
  Result<HttpResponse> again = conn.RoundTrip(Post(s.port(), "b", "/x"));
  ASSERT_TRUE(again.ok()) << again.status().message();
  EXPECT_EQ(again->body, "fast");
}

TEST(HttpConnection, TimeoutBoundsTheWholeCallNotEachRead) {
  // One body byte every 100 ms: each read succeeds well within the 0.25 s
  // timeout, but the response as a whole would take 1 s.
  ScriptedTcpServer s([](int fd, int) {
    if (!ReadHttpRequest(fd)) return;
    WriteAll(fd, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n");
    for (int i = 0; i < 10; ++i) {
      std::this_thread::sleep_for(milliseconds(100));
      if (::send(fd, "x", 1, MSG_NOSIGNAL) != 1) return;  // client gave up
    }
  });
  HttpConnection conn(Loopback(s.port()), 0.25);
  const auto start = steady_clock::now();
  Result<HttpResponse> r = conn.RoundTrip(Post(s.port(), "b"));
  const double took =
      std::chrono::duration<double>(steady_clock::now() - start).count();
  ASSERT_FALSE(r.ok()) << "got a body of " << r->body.size() << " bytes";
  EXPECT_EQ(r.status().message(), "timeout after 0.25s");
  EXPECT_GE(took, 0.24);
  EXPECT_LT(took, 0.7);
}

TEST(HttpConnection, ConnectionRefused) {
  int port;
  {
    ScriptedTcpServer s([](int, int) {});
    port = s.port();
  }  // closed: nothing listens there now
  HttpConnection conn(Loopback(port), 1);
  Result<HttpResponse> r = conn.RoundTrip(Post(port, "b"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(r.status().message(), "connect: Connection refused");
  EXPECT_EQ(conn.connects(), 0);
}

TEST(HttpConnection, MalformedResponsesAreNamed) {
  struct Case {
    std::string response;
    std::string message;
  };
  for (const Case& c : std::vector<Case>{
           {"SSH-2.0-OpenSSH_9.2\r\n\r\n", "malformed status line"},
           {"HTTP/1.1 2x0 OK\r\n\r\n", "malformed status line"},
           {"HTTP/1.1 200 OK\r\nno colon here\r\n\r\n",
            "malformed header line"},
           {"HTTP/1.1 200 OK\r\nContent-Length: 12abc\r\n\r\n",
            "malformed Content-Length"},
           {"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
            "malformed chunked body"},
           {"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
            "3\r\nabcXY",
            "malformed chunked body"},
       }) {
    ScriptedTcpServer s(Always(c.response));
    HttpConnection conn(Loopback(s.port()), 1);
    Result<HttpResponse> r = conn.RoundTrip(Post(s.port(), "b"));
    ASSERT_FALSE(r.ok()) << c.response;
    EXPECT_EQ(r.status().message(), c.message) << c.response;
    EXPECT_FALSE(conn.connected());
  }
}

TEST(HttpConnection, ResolveEndpointRejectsBadInput) {
  Result<Endpoint> bad_port = ResolveEndpoint("127.0.0.1", 0);
  ASSERT_FALSE(bad_port.ok());
  EXPECT_EQ(bad_port.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(bad_port.status().message().find("port"), std::string::npos);
  Result<Endpoint> bad_host = ResolveEndpoint("no-such-host.invalid", 80);
  ASSERT_FALSE(bad_host.ok());
  EXPECT_NE(bad_host.status().message().find("no-such-host.invalid"),
            std::string::npos);
  Result<Endpoint> v6 = ResolveEndpoint("::1", 8080);
  ASSERT_TRUE(v6.ok()) << v6.status().message();
  EXPECT_EQ(v6->host_port, "[::1]:8080");
}

}  // namespace
}  // namespace mdbprof::bench
