// refserver: the reference MessageDB/EventoDB-compatible server.
// Exit codes: 0 after a clean stop (SIGTERM/SIGINT), 2 for bad flags or
// configuration, 1 when the server cannot start or fails while serving.
#include <iostream>

#include "server/api/app.h"
#include "server/api/config.h"
#include "server/api/log.h"
#include "server/api/shutdown_signals.h"

int main(int argc, char** argv) {
  mdbprof::Result<refserver::ServerConfig> config =
      refserver::ParseFlags(argc, argv);
  if (!config.ok()) {
    std::cerr << "refserver: " << config.status().message() << "\n";
    return 2;
  }
  if (config->show_help) {
    std::cout << refserver::UsageText();
    return 0;
  }
  // Before any thread exists, so every thread inherits the blocked mask.
  refserver::BlockShutdownSignals();

  mdbprof::Result<std::unique_ptr<refserver::App>> app =
      refserver::App::Create(*config);
  if (!app.ok()) {
    std::cerr << "refserver: " << app.status().message() << "\n";
    return app.status().code() == mdbprof::StatusCode::kInvalidArgument ? 2 : 1;
  }
  mdbprof::Status bound = (*app)->Bind();
  if (!bound.ok()) {
    std::cerr << "refserver: " << bound.message() << "\n";
    return 1;
  }
  refserver::App* server = app->get();
  refserver::ShutdownWatcher watcher([server](int signal) {
    refserver::Log(refserver::LogLevel::kInfo,
                   "signal " + std::to_string(signal) + ", stopping");
    server->Stop();
  });
  (*app)->PrimeProfilerInBackground();
  mdbprof::Status served = (*app)->Serve();
  if (!served.ok()) {
    refserver::Log(refserver::LogLevel::kError, served.message());
    return 1;
  }
  return 0;
}
