// The HTTP surface of the reference server on a cpp-httplib server:
//   GET  /health   200 {"status":"ok"}
//   GET  /version  200 {"version":"x.y.z"}
//   POST /rpc      RpcDispatcher (body ["method", args...], Bearer token)
// plus JSON error bodies for httplib's own errors (404 unknown route, 413
// body over the limit, ...) and a 500 BACKEND_ERROR for exceptions.
//
//   httplib::Server server;
//   RegisterRoutes(server, dispatcher, {.max_body_bytes = 1 << 20});
#ifndef REFSERVER_API_HTTP_ROUTES_H_
#define REFSERVER_API_HTTP_ROUTES_H_

#include <httplib.h>

#include <cstddef>
#include <string>

#include "server/api/rpc_dispatcher.h"

namespace refserver {

struct HttpRouteOptions {
  size_t max_body_bytes = 1 << 20;  // larger bodies get 413
  std::string version;              // for GET /version
};

// `rpc` must outlive `server`'s serving.
void RegisterRoutes(httplib::Server& server, const RpcDispatcher& rpc,
                    const HttpRouteOptions& options);

}  // namespace refserver

#endif  // REFSERVER_API_HTTP_ROUTES_H_
