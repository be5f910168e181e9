// OpenStore: the Store for a `--db-url`, chosen by the URL's scheme.
//
//   StoreConfig config;
//   config.db_url = "sqlite://refserver.db";
//   config.data_dir = "/tmp/data";
//   Result<std::unique_ptr<Store>> store = OpenStore(config);
//
// Schemes: `sqlite://FILE` (FILE is the namespace registry; relative paths
// are resolved inside data_dir, which defaults to FILE's directory;
// `sqlite://:memory:` keeps everything in memory). An empty db_url with
// `in_memory` set opens an in-memory SQLite store (test mode).
// Errors: InvalidArgument for a malformed URL, an unknown scheme (the message
// lists the known ones) or a flag combination the backend rejects; other
// codes when the backend cannot be opened.
//
// Adding a backend: write `Result<std::unique_ptr<Store>> OpenXxxStore(
// const StoreConfig&, const DbUrl&)` and add it to the scheme table in
// store_factory.cc.
#ifndef REFSERVER_STORE_STORE_FACTORY_H_
#define REFSERVER_STORE_STORE_FACTORY_H_

#include <memory>
#include <string>

#include "server/store/db_url.h"
#include "server/store/store.h"

namespace refserver {

struct StoreConfig {
  std::string db_url;    // "" only with in_memory
  std::string data_dir;  // --data-dir; "" = backend default
  std::string db_type;   // --db-type; "" = the scheme's default
  bool in_memory = false;
  // Upper bound on backend connections per namespace (readers, pool size).
  int max_connections = 8;
};

Result<std::unique_ptr<Store>> OpenStore(const StoreConfig& config);

// The schemes OpenStore accepts, e.g. "sqlite".
std::string KnownSchemes();

}  // namespace refserver

#endif  // REFSERVER_STORE_STORE_FACTORY_H_
