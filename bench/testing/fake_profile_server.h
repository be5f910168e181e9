// FakeProfileServer (tests only): an in-process cpp-httplib server on a free
// loopback port that stands in for a server under measurement — canned
// bytes for GETs (pprof endpoints, /version) and 200 for every POST /rpc the
// load sends. It never runs a real server or database.
//
//   FakeProfileServer server;
//   server.Serve("/debug/pprof/allocs", {before_bytes, after_bytes});
//   server.Fail("/debug/pprof/heap", 500);
//   HttpFetcher fetcher(server.host(), server.port());
//   EXPECT_EQ(server.Requests("/debug/pprof/allocs"), 0);
//
// Threading: handlers run on the server's pool; every method is
// thread-safe.
#ifndef MDBPROF_BENCH_TESTING_FAKE_PROFILE_SERVER_H_
#define MDBPROF_BENCH_TESTING_FAKE_PROFILE_SERVER_H_

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace httplib {
class Server;
}  // namespace httplib

namespace mdbprof::bench::testing {

class FakeProfileServer {
 public:
  FakeProfileServer();   // listening when it returns
  ~FakeProfileServer();  // stops the server and joins its thread
  FakeProfileServer(const FakeProfileServer&) = delete;
  FakeProfileServer& operator=(const FakeProfileServer&) = delete;

  const std::string& host() const { return host_; }
  int port() const { return port_; }

  // GET `path` (without the query) answers 200 with `bodies` in turn, the
  // last one for every later request. Replaces an earlier Serve/Fail.
  void Serve(const std::string& path, std::vector<std::string> bodies);
  // GET `path` answers `status` with body "fake failure". Replaces an
  // earlier Serve/Fail.
  void Fail(const std::string& path, int status);

  // GETs of `path` received so far, and the query of the last one
  // ("seconds=1"; "" when none).
  int Requests(const std::string& path) const;
  std::string LastQuery(const std::string& path) const;
  // POST /rpc requests answered.
  int64_t rpc_calls() const { return rpc_calls_.load(); }

 private:
  struct Route {
    std::vector<std::string> bodies;
    int status = 200;
    int requests = 0;
    std::string last_query;
  };

  const std::string host_ = "127.0.0.1";
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
  std::atomic<int64_t> rpc_calls_{0};
  mutable std::mutex mu_;
  std::map<std::string, Route> routes_;  // GUARDED_BY(mu_)
};

}  // namespace mdbprof::bench::testing

#endif  // MDBPROF_BENCH_TESTING_FAKE_PROFILE_SERVER_H_
