// ScriptedTcpServer (tests only): a plain TCP server on a free loopback port
// that hands each accepted connection, one at a time, to a script. Used to
// produce byte-exact HTTP responses (malformed, split, closing) that a real
// HTTP server would never send.
//
//   ScriptedTcpServer s([](int fd, int index) {
//     if (ReadHttpRequest(fd)) WriteAll(fd, "HTTP/1.1 200 OK\r\n\r\n");
//   });                                 // fd is closed when the script returns
//   Connect to 127.0.0.1:s.port ...
//
// The script runs on the server's thread; the destructor stops accepting and
// joins it, so a script must return once its client closes the connection.
#ifndef MDBPROF_BENCH_LOAD_SCRIPTED_TCP_SERVER_H_
#define MDBPROF_BENCH_LOAD_SCRIPTED_TCP_SERVER_H_

#include <atomic>
#include <functional>
#include <string_view>
#include <thread>

namespace mdbprof::bench {

class ScriptedTcpServer {
 public:
  // Aborts with a message when no loopback port can be bound.
  explicit ScriptedTcpServer(std::function<void(int fd, int index)> script);
  ~ScriptedTcpServer();
  ScriptedTcpServer(const ScriptedTcpServer&) = delete;
  ScriptedTcpServer& operator=(const ScriptedTcpServer&) = delete;

  int port() const { return port_; }
  int accepted() const { return accepted_.load(); }  // connections so far

 private:
  std::function<void(int, int)> script_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<int> accepted_{0};
  std::thread thread_;
};

// Sends all of `data` (best effort: stops when the peer is gone).
void WriteAll(int fd, std::string_view data);

// Reads one HTTP request (head plus a Content-Length body). False on EOF or
// error.
bool ReadHttpRequest(int fd);

}  // namespace mdbprof::bench

#endif  // MDBPROF_BENCH_LOAD_SCRIPTED_TCP_SERVER_H_
