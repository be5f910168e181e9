#include "server/api/http_routes.h"

#include <exception>

#include "server/api/injected_regression.h"
#include "server/api/json_text.h"
#include "server/api/log.h"
#include "server/api/rpc_error.h"

namespace refserver {
namespace {

constexpr char kJson[] = "application/json";

void SetError(httplib::Response& res, int status, std::string_view code,
              std::string message) {
  res.status = status;
  res.set_content(
      ErrorBody(RpcError{status, std::string(code), std::move(message)}),
      kJson);
}

}  // namespace

void RegisterRoutes(httplib::Server& server, const RpcDispatcher& rpc,
                    const HttpRouteOptions& options) {
  server.set_payload_max_length(options.max_body_bytes);

  server.Get("/health", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(R"({"status":"ok"})", kJson);
  });

  std::string version_body = R"({"version":)";
  AppendJsonString(&version_body, options.version);
  version_body += "}";
  server.Get("/version",
             [version_body](const httplib::Request&, httplib::Response& res) {
               res.set_content(version_body, kJson);
             });

  // TEST-ONLY: nothing unless MDBPROF_INJECT_* is set (calibration).
  const InjectedRegression& injected = InjectedRegression::FromEnvironment();
  server.Post("/rpc", [&rpc, &injected](const httplib::Request& req,
                                        httplib::Response& res) {
    injected.Apply();
    RpcReply reply =
        rpc.Handle(req.get_header_value("Authorization"), req.body);
    res.status = reply.http_status;
    res.set_content(std::move(reply.body), kJson);
  });

  const size_t limit = options.max_body_bytes;
  server.set_error_handler(httplib::Server::HandlerWithResponse(
      [limit](const httplib::Request& req,
              httplib::Response& res) -> httplib::Server::HandlerResponse {
        if (!res.body.empty())
          return httplib::Server::HandlerResponse::Unhandled;
        if (res.status == 404) {
          SetError(res, 404, "NOT_FOUND",
                   "no route for " + req.method + " " + req.path);
        } else if (res.status == 413) {
          SetError(res, 413, kInvalidRequest,
                   "request body exceeds the " + std::to_string(limit) +
                       "-byte limit");
        } else {
          SetError(res, res.status, "HTTP_ERROR",
                   "HTTP error " + std::to_string(res.status));
        }
        return httplib::Server::HandlerResponse::Handled;
      }));

  server.set_exception_handler([](const httplib::Request& req,
                                  httplib::Response& res,
                                  std::exception_ptr ep) {
    std::string what = "unknown exception";
    try {
      if (ep) std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    Log(LogLevel::kError, req.method + " " + req.path + ": " + what);
    SetError(res, 500, kBackendError, "internal error: " + what);
  });

  if (LogEnabled(LogLevel::kDebug)) {
    server.set_logger([](const httplib::Request& req,
                         const httplib::Response& res) {
      Log(LogLevel::kDebug, req.method + " " + req.path + " -> " +
                                std::to_string(res.status) + " (" +
                                std::to_string(res.body.size()) + " bytes)");
    });
  }
}

}  // namespace refserver
