// App: the whole reference server — store, authentication, RPC dispatch,
// HTTP routes (and pprof routes when the profiler is built) — behind
// Bind/Serve/Stop, so main() and in-process tests run the same thing.
//
//   Result<std::unique_ptr<App>> app = App::Create(config);
//   MDBPROF_RETURN_IF_ERROR((*app)->Bind());   // port() is now known
//   std::thread t([&] { (void)(*app)->Serve(); });
//   ...
//   (*app)->Stop();  t.join();
//
// Create() returns InvalidArgument for bad configuration (unknown db-url
// scheme, a --token of another namespace, a malformed
// MDBPROF_MEMPROFILE_RATE, ...) and other codes when the store cannot be
// opened.
//
// Threading: Stop() may be called from any thread, at any time, any number
// of times; Serve() then returns (or, if not yet started, returns at once).
#ifndef REFSERVER_API_APP_H_
#define REFSERVER_API_APP_H_

#include <httplib.h>

#include <atomic>
#include <memory>
#include <thread>

#include "server/api/authenticator.h"
#include "server/api/config.h"
#include "server/api/malloc_trimmer.h"
#include "server/api/rpc_dispatcher.h"
#include "server/store/store.h"

namespace refserver {

class App {
 public:
  static Result<std::unique_ptr<App>> Create(const ServerConfig& config);
  ~App();

  // Binds config.host:config.port (port 0: any free port).
  Status Bind();
  // The bound port. REQUIRES: Bind() succeeded.
  int port() const { return port_; }
  // Serves until Stop(). REQUIRES: Bind() succeeded.
  Status Serve();
  // Prepares the profiler on a background thread (see PrimeProfiles in
  // server/profiler/pprof_routes.h), so the first /debug/pprof request is
  // not slowed by loading debug information. Serve() and ~App() wait for it
  // (at most a few hundred ms). Call at most once; a no-op when the
  // profiler is not built.
  void PrimeProfilerInBackground();
  void Stop();

  Store& store() { return *store_; }

 private:
  App(ServerConfig config, std::unique_ptr<Store> store);

  const ServerConfig config_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<Authenticator> auth_;
  std::unique_ptr<RpcDispatcher> dispatcher_;
  httplib::Server server_;
  int port_ = -1;
  std::atomic<bool> stop_requested_{false};
  std::atomic<bool> serving_{false};
  std::atomic<bool> stop_issued_{false};
  std::thread prime_thread_;
  std::unique_ptr<MallocTrimmer> trimmer_;  // null when trimming is off
};

}  // namespace refserver

#endif  // REFSERVER_API_APP_H_
