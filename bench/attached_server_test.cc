// AttachedServer against a real HTTP server in this test process (so the
// process that listens on the port is this one).
#include "bench/attached_server.h"

#include <httplib.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <thread>

#include "gtest/gtest.h"

namespace mdbprof::bench {
namespace {

// An HTTP server on 127.0.0.1 answering GET /health with 200; stopped on
// destruction.
class HealthServer {
 public:
  HealthServer() {
    server_.Get("/health", [](const httplib::Request&, httplib::Response& r) {
      r.set_content("ok", "text/plain");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    // stop() is a no-op until the accept loop runs.
    while (!server_.is_running()) std::this_thread::yield();
  }
  ~HealthServer() {
    server_.stop();
    thread_.join();
  }
  ServerUrl url() const { return {"127.0.0.1", port_}; }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
};

AttachOptions Options(const ServerUrl& url) {
  AttachOptions options;
  options.url = url;
  options.ready_timeout_s = 5;
  return options;
}

TEST(AttachedServer, FindsTheLocalProcessByItsPort) {
  HealthServer http;
  Result<std::unique_ptr<AttachedServer>> server =
      AttachedServer::Attach(Options(http.url()));
  ASSERT_TRUE(server.ok()) << server.status().message();
  ASSERT_TRUE((*server)->local_pid().has_value())
      << (*server)->not_local_reason();
  EXPECT_EQ(*(*server)->local_pid(), getpid());
  EXPECT_EQ((*server)->binary(),
            std::filesystem::read_symlink("/proc/self/exe").string());
  EXPECT_EQ((*server)->attached_url(), http.url().ToString());
  EXPECT_EQ((*server)->host(), "127.0.0.1");
  EXPECT_EQ((*server)->port(), http.url().port);
  EXPECT_FALSE((*server)->token().empty());        // the default token
  EXPECT_EQ((*server)->kind_name(), "refserver");  // not a Go binary
  EXPECT_TRUE((*server)->CheckAlive().ok());
  EXPECT_EQ((*server)->Stop(), "");
}

TEST(AttachedServer, WithTheLookupOffTheServerIsRemote) {
  HealthServer http;
  AttachOptions options = Options(http.url());
  options.pid = kAttachPidNone;
  options.kind_name = "eventodb";
  Result<std::unique_ptr<AttachedServer>> server =
      AttachedServer::Attach(options);
  ASSERT_TRUE(server.ok()) << server.status().message();
  EXPECT_FALSE((*server)->local_pid().has_value());
  EXPECT_NE((*server)->not_local_reason().find("MDBPROF_ATTACH_PID=none"),
            std::string::npos);
  EXPECT_EQ((*server)->binary(), http.url().ToString());
  EXPECT_EQ((*server)->kind_name(), "eventodb");
  EXPECT_TRUE((*server)->CheckAlive().ok());
}

TEST(AttachedServer, TakesAGivenPidAndRefusesOneThatDoesNotRun) {
  HealthServer http;
  AttachOptions options = Options(http.url());
  options.pid = getpid();
  Result<std::unique_ptr<AttachedServer>> server =
      AttachedServer::Attach(options);
  ASSERT_TRUE(server.ok()) << server.status().message();
  EXPECT_EQ((*server)->local_pid(), getpid());

  options.pid = 1 << 29;  // above any pid_max
  Result<std::unique_ptr<AttachedServer>> missing =
      AttachedServer::Attach(options);
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("MDBPROF_ATTACH_PID=536870912"),
            std::string::npos)
      << missing.status().message();
}

TEST(AttachedServer, CheckAliveNoticesThatTheProcessExited) {
  HealthServer http;
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    pause();
    _exit(0);
  }
  AttachOptions options = Options(http.url());
  options.pid = child;
  Result<std::unique_ptr<AttachedServer>> server =
      AttachedServer::Attach(options);
  EXPECT_TRUE(server.ok()) << server.status().message();
  if (server.ok()) {
    EXPECT_TRUE((*server)->CheckAlive().ok());
  }
  kill(child, SIGKILL);
  waitpid(child, nullptr, 0);
  ASSERT_TRUE(server.ok());
  Status alive = (*server)->CheckAlive();
  EXPECT_FALSE(alive.ok());
  EXPECT_NE(alive.message().find("exited during the measurement"),
            std::string::npos)
      << alive.message();
}

TEST(AttachedServer, ServerThatDoesNotAnswerFailsNamingTheUrl) {
  int port;
  {
    HealthServer gone;
    port = gone.url().port;
  }
  AttachOptions options = Options({"127.0.0.1", port});
  options.ready_timeout_s = 0.5;
  Result<std::unique_ptr<AttachedServer>> server =
      AttachedServer::Attach(options);
  ASSERT_FALSE(server.ok());
  EXPECT_NE(server.status().message().find("http://127.0.0.1:" +
                                           std::to_string(port)),
            std::string::npos)
      << server.status().message();
  EXPECT_NE(server.status().message().find("GET /health"), std::string::npos);
}

}  // namespace
}  // namespace mdbprof::bench
