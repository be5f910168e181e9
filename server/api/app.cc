#include "server/api/app.h"

#include <sys/socket.h>

#include <chrono>
#include <thread>

#include "server/api/default_namespace.h"
#include "server/api/http_routes.h"
#include "server/api/input_limits.h"
#include "server/api/log.h"
#include "server/api/named_thread_pool.h"
#include "server/api/version.h"
#include "server/store/store_factory.h"

#ifdef REFSERVER_HAVE_PROFILER
#include "server/profiler/alloc_sampler.h"
#include "server/profiler/pprof_routes.h"
#endif

namespace refserver {
namespace {

constexpr size_t kMaxBodyBytes = 1 << 20;
// cpp-httplib closes a keep-alive connection after this many requests; the
// default (5) would make the load measure reconnects.
constexpr size_t kKeepAliveMaxRequests = 100000;

}  // namespace

App::App(ServerConfig config, std::unique_ptr<Store> store)
    : config_(std::move(config)), store_(std::move(store)) {
  auth_ = std::make_unique<Authenticator>(*store_, config_.test_mode);
  dispatcher_ = std::make_unique<RpcDispatcher>(*store_, *auth_,
                                                std::string(kServerVersion));
  const int threads = config_.http_threads;
  server_.new_task_queue = [threads] {
    return new NamedThreadPool(threads, "http");
  };
  server_.set_keep_alive_max_count(kKeepAliveMaxRequests);
  server_.set_tcp_nodelay(true);
  // httplib's default also sets SO_REUSEPORT, which lets a second server
  // bind the same port and silently share its traffic; "address in use"
  // must stay an error.
  server_.set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  });
  if (config_.malloc_trim_seconds > 0) {
    trimmer_ = std::make_unique<MallocTrimmer>(
        std::chrono::seconds(config_.malloc_trim_seconds));
  }
  RegisterRoutes(server_, *dispatcher_,
                 HttpRouteOptions{kMaxBodyBytes, std::string(kServerVersion)});
#ifdef REFSERVER_HAVE_PROFILER
  profiler::RegisterPprofRoutes(server_);
#endif
  // Profiles reveal code and data: loopback clients only, unless opened.
  const bool pprof_remote = config_.pprof_allow_remote;
  server_.set_pre_routing_handler(
      [pprof_remote](const httplib::Request& req, httplib::Response& res) {
        if (PprofRequestAllowed(req.path, req.remote_addr, pprof_remote)) {
          return httplib::Server::HandlerResponse::Unhandled;
        }
        res.status = 403;
        res.set_content(
            "/debug/pprof/ answers loopback clients only (start the server "
            "with --pprof-allow-remote to open it)\n",
            "text/plain");
        return httplib::Server::HandlerResponse::Handled;
      });
}

App::~App() {
  Stop();
  if (prime_thread_.joinable()) prime_thread_.join();
}

void App::PrimeProfilerInBackground() {
#ifdef REFSERVER_HAVE_PROFILER
  if (!prime_thread_.joinable()) {
    prime_thread_ = std::thread(profiler::PrimeProfiles);
  }
#endif
}

Result<std::unique_ptr<App>> App::Create(const ServerConfig& config) {
#ifdef REFSERVER_HAVE_PROFILER
  // The sampler read it before main and fell back to its default on a bad
  // value; the server refuses to start with one instead.
  MDBPROF_RETURN_IF_ERROR(profiler::CheckMemProfileRateEnv());
#endif
  SetLogLevel(config.log_level);
  StoreConfig store_config;
  store_config.db_url = config.db_url;
  store_config.data_dir = config.data_dir;
  store_config.db_type = config.db_type;
  store_config.in_memory = config.test_mode && config.db_url.empty();
  Result<std::unique_ptr<Store>> store = OpenStore(store_config);
  if (!store.ok()) return store.status();

  Result<std::optional<std::string>> generated =
      EnsureDefaultNamespace(**store, config.token);
  if (!generated.ok()) return generated.status();
  if (generated->has_value()) {
    Log(LogLevel::kWarn,
        "no --token given; namespace 'default' token: " + **generated);
  }
  return std::unique_ptr<App>(new App(config, std::move(*store)));
}

Status App::Bind() {
  if (config_.port == 0) {
    port_ = server_.bind_to_any_port(config_.host);
    if (port_ < 0) {
      return mdbprof::Unavailable("cannot bind " + config_.host +
                                  " to any port");
    }
  } else {
    if (!server_.bind_to_port(config_.host, config_.port)) {
      return mdbprof::Unavailable(
          "cannot bind " + config_.host + ":" + std::to_string(config_.port) +
          " (address in use, or not an address of this host)");
    }
    port_ = config_.port;
  }
  return Status::Ok();
}

Status App::Serve() {
  if (port_ < 0) return mdbprof::FailedPrecondition("Serve() before Bind()");
  serving_ = true;
  if (stop_requested_) {
    serving_ = false;
    return Status::Ok();
  }
  Log(LogLevel::kInfo, "refserver " + std::string(kServerVersion) +
                           " listening on " + config_.host + ":" +
                           std::to_string(port_) +
                           (config_.test_mode ? " (test mode)" : ""));
  bool clean = server_.listen_after_bind();
  if (prime_thread_.joinable()) prime_thread_.join();
  serving_ = false;
  if (!clean && !stop_requested_) {
    return mdbprof::Internal("HTTP server stopped unexpectedly");
  }
  Log(LogLevel::kInfo, "refserver stopped");
  return Status::Ok();
}

void App::Stop() {
  stop_requested_ = true;
  // httplib's stop() is a no-op until listen_after_bind() marks the server
  // running, so wait for that (or for Serve() to notice the request).
  while (serving_) {
    if (server_.is_running()) {
      // stop() twice would close an already-closed socket.
      if (!stop_issued_.exchange(true)) server_.stop();
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  while (serving_) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

}  // namespace refserver
