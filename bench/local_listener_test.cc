#include "bench/local_listener.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "gtest/gtest.h"

namespace mdbprof::bench {
namespace {

// A TCP socket of this process listening on `address`, port chosen by the
// kernel; closed on destruction.
class Listener {
 public:
  explicit Listener(const char* address, bool ipv6 = false) {
    fd_ = socket(ipv6 ? AF_INET6 : AF_INET, SOCK_STREAM, 0);
    EXPECT_GE(fd_, 0);
    int rc;
    if (ipv6) {
      sockaddr_in6 a{};
      a.sin6_family = AF_INET6;
      inet_pton(AF_INET6, address, &a.sin6_addr);
      rc = bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
    } else {
      sockaddr_in a{};
      a.sin_family = AF_INET;
      inet_pton(AF_INET, address, &a.sin_addr);
      rc = bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
    }
    EXPECT_EQ(rc, 0) << "bind " << address;
    EXPECT_EQ(listen(fd_, 4), 0);
    sockaddr_storage bound{};
    socklen_t len = sizeof bound;
    getsockname(fd_, reinterpret_cast<sockaddr*>(&bound), &len);
    port_ = ntohs(ipv6 ? reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port
                       : reinterpret_cast<sockaddr_in*>(&bound)->sin_port);
  }
  ~Listener() { close(fd_); }
  int port() const { return port_; }

 private:
  int fd_ = -1;
  int port_ = 0;
};

TEST(ParseListeningSockets, ReadsListenEntriesOfTcp) {
  const char* text =
      "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when "
      "retrnsmt   uid  timeout inode\n"
      "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 "
      "00000000     0        0 4242 1 0000000000000000 100 0 0 10 0\n"
      "   1: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 "
      "00000000     0        0 77 1 0000000000000000 100 0 0 10 0\n"
      "   2: 0100007F:1F90 0100007F:C350 01 00000000:00000000 00:00000000 "
      "00000000     0        0 5555 1 0000000000000000 100 0 0 10 0\n";
  Result<std::vector<ListeningSocket>> sockets =
      ParseListeningSockets(text, /*ipv6=*/false);
  ASSERT_TRUE(sockets.ok()) << sockets.status().message();
  ASSERT_EQ(sockets->size(), 2u);  // the ESTABLISHED one (01) is not listed
  EXPECT_EQ((*sockets)[0].address, "127.0.0.1");
  EXPECT_EQ((*sockets)[0].port, 8080);
  EXPECT_EQ((*sockets)[0].inode, 4242u);
  EXPECT_EQ((*sockets)[1].address, "0.0.0.0");
  EXPECT_EQ((*sockets)[1].port, 22);
}

TEST(ParseListeningSockets, ReadsTcp6WithMappedAndWildcardAddresses) {
  const char* text =
      "  sl  local_address                         remote_address "
      "st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
      "   0: 00000000000000000000000001000000:1F90 "
      "00000000000000000000000000000000:0000 0A 00000000:00000000 "
      "00:00000000 00000000     0        0 11 1 0000000000000000 100 0 0 10 "
      "0\n"
      "   1: 0000000000000000FFFF00000100007F:0050 "
      "00000000000000000000000000000000:0000 0A 00000000:00000000 "
      "00:00000000 00000000     0        0 12 1 0000000000000000 100 0 0 10 "
      "0\n"
      "   2: 00000000000000000000000000000000:0051 "
      "00000000000000000000000000000000:0000 0A 00000000:00000000 "
      "00:00000000 00000000     0        0 13 1 0000000000000000 100 0 0 10 "
      "0\n";
  Result<std::vector<ListeningSocket>> sockets =
      ParseListeningSockets(text, /*ipv6=*/true);
  ASSERT_TRUE(sockets.ok()) << sockets.status().message();
  ASSERT_EQ(sockets->size(), 3u);
  EXPECT_EQ((*sockets)[0].address, "::1");
  EXPECT_EQ((*sockets)[1].address, "127.0.0.1");
  EXPECT_EQ((*sockets)[1].port, 80);
  EXPECT_EQ((*sockets)[2].address, "::");
  EXPECT_EQ((*sockets)[2].inode, 13u);
}

TEST(ParseListeningSockets, NamesTheMalformedLine) {
  Result<std::vector<ListeningSocket>> short_line =
      ParseListeningSockets("header\n   0: 0100007F:1F90 0A\n", false);
  ASSERT_FALSE(short_line.ok());
  EXPECT_NE(short_line.status().message().find("/proc/net/tcp line 2"),
            std::string::npos)
      << short_line.status().message();
  Result<std::vector<ListeningSocket>> bad_address = ParseListeningSockets(
      "header\n 0: 7F:1F90 0:0 0A 0:0 0:0 0 0 0 9\n", false);
  ASSERT_FALSE(bad_address.ok());
  EXPECT_NE(bad_address.status().message().find("'7F:1F90'"),
            std::string::npos);
}

TEST(IsLocalAddress, LoopbackIsLocalAndADocumentationAddressIsNot) {
  EXPECT_TRUE(IsLocalAddress("127.0.0.1"));
  EXPECT_TRUE(IsLocalAddress("127.3.4.5"));
  EXPECT_TRUE(IsLocalAddress("::1"));
  EXPECT_FALSE(IsLocalAddress("192.0.2.1"));  // TEST-NET-1 (RFC 5737)
}

TEST(FindLocalListener, FindsThisProcessByTheLoopbackPortItListensOn) {
  Listener listener("127.0.0.1");
  LocalListener found = FindLocalListener("127.0.0.1", listener.port());
  ASSERT_TRUE(found.pid.has_value()) << found.reason;
  EXPECT_EQ(*found.pid, getpid());
  LocalListener by_name = FindLocalListener("localhost", listener.port());
  ASSERT_TRUE(by_name.pid.has_value()) << by_name.reason;
  EXPECT_EQ(*by_name.pid, getpid());
}

TEST(FindLocalListener, FindsAWildcardListenerThroughLoopback) {
  Listener listener("0.0.0.0");
  LocalListener found = FindLocalListener("127.0.0.1", listener.port());
  ASSERT_TRUE(found.pid.has_value()) << found.reason;
  EXPECT_EQ(*found.pid, getpid());
}

TEST(FindLocalListener, ASocketOnAnotherLoopbackAddressIsNotThatAddress) {
  Listener listener("127.0.0.2");
  LocalListener found = FindLocalListener("127.0.0.1", listener.port());
  EXPECT_FALSE(found.pid.has_value());
  EXPECT_NE(found.reason.find("no socket"), std::string::npos) << found.reason;
}

TEST(FindLocalListener, ANonLocalAddressHasNoPid) {
  Listener listener("127.0.0.1");
  LocalListener found = FindLocalListener("192.0.2.1", listener.port());
  EXPECT_FALSE(found.pid.has_value());
  EXPECT_NE(found.reason.find("is not an address of this machine"),
            std::string::npos)
      << found.reason;
}

TEST(FindLocalListener, APortNobodyListensOnHasNoPid) {
  int port;
  {
    Listener gone("127.0.0.1");
    port = gone.port();
  }
  LocalListener found = FindLocalListener("127.0.0.1", port);
  EXPECT_FALSE(found.pid.has_value());
  EXPECT_NE(found.reason.find("port " + std::to_string(port)),
            std::string::npos)
      << found.reason;
}

}  // namespace
}  // namespace mdbprof::bench
