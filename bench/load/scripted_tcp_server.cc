#include "bench/load/scripted_tcp_server.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>

namespace mdbprof::bench {

ScriptedTcpServer::ScriptedTcpServer(
    std::function<void(int fd, int index)> script)
    : script_(std::move(script)) {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(addr);
  if (listen_fd_ < 0 ||
      ::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), len) != 0 ||
      ::listen(listen_fd_, 16) != 0 ||
      ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len) !=
          0) {
    std::perror("ScriptedTcpServer: cannot listen on a loopback port");
    std::abort();
  }
  port_ = ntohs(addr.sin_port);
  thread_ = std::thread([this] {
    for (int index = 0;; ++index) {
      const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (fd < 0) return;  // shut down by the destructor
      ++accepted_;
      script_(fd, index);
      ::close(fd);
    }
  });
}

ScriptedTcpServer::~ScriptedTcpServer() {
  ::shutdown(listen_fd_, SHUT_RDWR);
  thread_.join();
  ::close(listen_fd_);
}

void WriteAll(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n <= 0) return;
    data.remove_prefix(static_cast<size_t>(n));
  }
}

bool ReadHttpRequest(int fd) {
  std::string got;
  char buf[4096];
  size_t need = std::string::npos;
  while (need == std::string::npos || got.size() < need) {
    const ssize_t n = ::recv(fd, buf, sizeof(buf), 0);
    if (n <= 0) return false;
    got.append(buf, static_cast<size_t>(n));
    const size_t head = got.find("\r\n\r\n");
    if (need == std::string::npos && head != std::string::npos) {
      const size_t cl = got.find("Content-Length: ");
      need =
          head + 4 + (cl < head ? std::stoul(got.substr(cl + 16)) : size_t{0});
    }
  }
  return true;
}

}  // namespace mdbprof::bench
