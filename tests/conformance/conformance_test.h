// ConformanceTest: the fixture of the conformance suite, a test run once per
// backend (the test parameter is the backend's name, as fixtures::MakeBackend
// takes it) against the reference server on that backend, over HTTP only.
//
//   class Streams : public ConformanceTest {};
//   TEST_P(Streams, VersionOfMissingStreamIsNull) {
//     RpcReply r = Call({"stream.version", Stream("account")});
//     ...
//   }
//   MDBPROF_INSTANTIATE_CONFORMANCE(Streams);
//
// Test names end in the backend ("Backends/Streams.X/sqlite"), so
// `--gtest_filter='*/postgres'` runs one backend. A backend that cannot run
// on this machine skips every test with the reason; one that fails to come
// up fails every test with the reason.
//
// Two parts: the EventoDB contract (suites Streams, Categories, Namespaces,
// Auth, Requests, Pprof, Durability), which every server under test must
// pass — the in-tree refserver and a Go server such as EventoDB or the Go
// subject (MDBPROF_SERVER=...) — and refserver-only behaviour (suites
// Refserver*, files refserver_*_test.cc): input limits, stricter validation,
// exact status codes and statistics EventoDB does not promise or does
// differently. Each refserver-only test starts with
// MDBPROF_REFSERVER_ONLY("why"), which skips it with one line
// "refserver-only: why" when the server under test is of another kind.
#ifndef MDBPROF_TESTS_CONFORMANCE_CONFORMANCE_TEST_H_
#define MDBPROF_TESTS_CONFORMANCE_CONFORMANCE_TEST_H_

#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "fixtures/backend.h"
#include "tests/conformance/backend_server.h"
#include "tests/conformance/rpc_client.h"

namespace mdbprof::conformance {

using nlohmann::json;

class ConformanceTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override;
  void TearDown() override;

  BackendServer& backend() { return *backend_; }
  // The admin (namespace `default`) client of the current server.
  RpcClient& admin() { return *admin_; }
  // Makes admin() talk to the current server (after a restart).
  void Reconnect();

  // A request as the admin.
  RpcReply Call(const json& request) { return admin_->Call(request); }
  // A request as the admin that must answer 200; returns the result (null
  // after recording a failure).
  json Ok(const json& request);

  // True when the server under test is the reference server (its kind, as
  // fixtures/server_kind.h resolved it when the server started).
  bool ServerIsRefserver() { return backend().server_kind() == "refserver"; }

  // A random version-4 UUID, lowercase (a message id no one used yet).
  static std::string NewUuid();

  // "<category>-<id>" with a category unique to this call.
  static std::string Stream(const std::string& category_prefix) {
    return UniqueName(category_prefix) + "-1";
  }

  // stream.write of `type` with `data` (and `metadata` unless null), with
  // `options` (e.g. {{"expectedVersion", 2}}) unless null, as the admin;
  // must answer 200. Returns {position, globalPosition}.
  json Write(const std::string& stream, const std::string& type,
             const json& data, const json& metadata = nullptr,
             const json& options = nullptr);
  static json WriteRequest(const std::string& stream, const std::string& type,
                           const json& data, const json& metadata = nullptr,
                           const json& options = nullptr);

 private:
  BackendServer* backend_ = nullptr;
  std::unique_ptr<RpcClient> admin_;
};

// Success when `reply` rejects a well-formed token the server does not
// accept (wrong secret, unknown or deleted namespace): the refserver answers
// 401 AUTH_INVALID_TOKEN, EventoDB 403 AUTH_UNAUTHORIZED; both are the
// contract.
::testing::AssertionResult IsRejectedToken(const RpcReply& reply);

// Rows of stream.get: [id, type, position, globalPosition, data, metadata,
// time]; of category.get: [id, streamName, type, position, globalPosition,
// data, metadata, time].
namespace stream_row {
inline constexpr int kId = 0, kType = 1, kPosition = 2, kGlobalPosition = 3,
                     kData = 4, kMetadata = 5, kTime = 6, kSize = 7;
}
namespace category_row {
inline constexpr int kId = 0, kStream = 1, kType = 2, kPosition = 3,
                     kGlobalPosition = 4, kData = 5, kMetadata = 6, kTime = 7,
                     kSize = 8;
}

}  // namespace mdbprof::conformance

// Skips the current test (a member of a ConformanceTest suite) with one line
// "refserver-only: <why> (server under test: <kind>)" unless the server
// under test is the reference server. `why` says what EventoDB does instead.
#define MDBPROF_REFSERVER_ONLY(why)                                      \
  do {                                                                   \
    if (!ServerIsRefserver()) {                                          \
      GTEST_SKIP() << "refserver-only: " << (why)                        \
                   << " (server under test: " << backend().server_kind() \
                   << ")";                                               \
    }                                                                    \
  } while (false)

#define MDBPROF_INSTANTIATE_CONFORMANCE(suite)                   \
  INSTANTIATE_TEST_SUITE_P(                                      \
      Backends, suite,                                           \
      ::testing::ValuesIn(::mdbprof::fixtures::KnownBackends()), \
      [](const ::testing::TestParamInfo<std::string>& info) {    \
        return info.param;                                       \
      })

#endif  // MDBPROF_TESTS_CONFORMANCE_CONFORMANCE_TEST_H_
