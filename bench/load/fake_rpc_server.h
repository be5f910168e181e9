// FakeRpcServer (tests only): an in-process cpp-httplib server on a free
// loopback port that implements just enough of `POST /rpc` for the load
// generator's tests: `stream.write` answers {"position","globalPosition"},
// `stream.get` answers []. Every body is parsed and checked against the
// load's expected shape; violations are counted and the first is kept.
//
//   FakeRpcServer server({.token = "t"});
//   LoadConfig config;
//   config.port = server.port();
//   ...
//   EXPECT_EQ(server.malformed(), 0) << server.first_problem();
//
// Threading: handlers run on the server's pool; accessors are thread-safe.
#ifndef MDBPROF_BENCH_LOAD_FAKE_RPC_SERVER_H_
#define MDBPROF_BENCH_LOAD_FAKE_RPC_SERVER_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <utility>

namespace httplib {
class Server;
}

namespace mdbprof::bench {

class FakeRpcServer {
 public:
  struct Options {
    std::string token;         // required bearer token; empty = none
    int conflict_stream = -1;  // writes to test-stream-K answer 409
    bool fail_reads = false;   // reads answer 500 BACKEND_ERROR
    int delay_ms = 0;          // sleep per request before answering
    int threads = 16;          // server worker threads (>= load workers)
  };

  explicit FakeRpcServer(Options options);
  ~FakeRpcServer();  // stops the server and joins its thread

  int port() const { return port_; }
  int64_t writes() const { return writes_.load(); }  // answered 200
  int64_t reads() const { return reads_.load(); }    // answered 200
  int64_t conflicts() const { return conflicts_.load(); }
  int64_t read_failures() const { return read_failures_.load(); }
  int64_t unauthorized() const { return unauthorized_.load(); }
  int64_t malformed() const { return malformed_.load(); }
  std::string first_problem() const;
  // Distinct client ports seen, i.e. TCP connections used.
  size_t connections() const;

 private:
  void Problem(const std::string& what);

  Options options_;
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
  std::atomic<int64_t> writes_{0}, reads_{0}, conflicts_{0}, read_failures_{0},
      unauthorized_{0}, malformed_{0};
  mutable std::mutex mu_;
  std::string first_problem_;                       // guarded by mu_
  std::set<int> client_ports_;                      // guarded by mu_
  std::set<std::pair<int64_t, int64_t>> counters_;  // (worker, counter); mu_
};

}  // namespace mdbprof::bench

#endif  // MDBPROF_BENCH_LOAD_FAKE_RPC_SERVER_H_
