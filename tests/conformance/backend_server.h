// BackendServer: one backend and the server under test on it, shared by all
// conformance tests of that backend.
//
// Bringing a backend up costs from milliseconds (sqlite) to seconds
// (timescale), so it happens once per backend per test binary, lazily on the
// first test that asks (on gtest's main thread, which outlives the children,
// as ChildProcess requires), and lasts until the global environment's
// TearDown (BackendServer::TearDownAll). Tests therefore share data: each test
// uses names no other test uses (UniqueName) and never assumes an empty
// namespace except one it created itself.
//
//   BackendServer& backend = BackendServer::Get("sqlite");
//   if (IsSkip(backend.status())) GTEST_SKIP() << backend.status().message();
//   ASSERT_TRUE(backend.status().ok()) << backend.status().message();
//   RpcClient admin = backend.Client(backend.admin_token());
//
// A backend not listed in MDBPROF_BACKENDS (when set) is skipped.
#ifndef MDBPROF_TESTS_CONFORMANCE_BACKEND_SERVER_H_
#define MDBPROF_TESTS_CONFORMANCE_BACKEND_SERVER_H_

#include <memory>
#include <optional>
#include <string>

#include "base/status.h"
#include "fixtures/backend.h"
#include "fixtures/scratch_dir.h"
#include "fixtures/server_process.h"
#include "tests/conformance/rpc_client.h"

namespace mdbprof::conformance {

class BackendServer {
 public:
  // The shared server of backend `name`, brought up on first use; the first
  // outcome (up, skipped or failed) is remembered for the binary's life.
  static BackendServer& Get(const std::string& name);
  // Stops every server and backend and removes their scratch directories.
  static void TearDownAll();

  const std::string& name() const { return name_; }
  // OK when the server is up; IsSkip() when the backend cannot run here;
  // another error when bringing it up failed.
  const Status& status() const { return status_; }

  const std::string& host() const;
  int port() const;
  // The token of namespace `default`, which may also administer namespaces.
  const std::string& admin_token() const;
  // A client of the current server process with `token` ("" = no header).
  RpcClient Client(const std::string& token) const;

  // SIGKILLs the server (no chance to flush or close anything), then starts
  // a new one on the same database with the same flags. The new server
  // listens on a new port: clients made before must be made again.
  Status KillAndRestart();

  // The last `n` lines of the current server's log.
  std::string LogTail(int n) const;

  // The kind of the server under test ("refserver", "eventodb"; see
  // fixtures/server_kind.h) and why; "" until a server was started.
  const std::string& server_kind() const { return server_kind_; }
  const std::string& server_kind_reason() const { return server_kind_reason_; }

  double provision_seconds() const { return provision_seconds_; }
  double startup_seconds() const { return startup_seconds_; }

 private:
  explicit BackendServer(std::string name) : name_(std::move(name)) {}
  Status BringUp();
  Status StartServer();
  void Stop();

  std::string name_;
  Status status_;
  std::optional<fixtures::ScratchDir> scratch_;
  std::unique_ptr<fixtures::Backend> backend_;
  std::unique_ptr<fixtures::ServerProcess> server_;
  std::string server_kind_;
  std::string server_kind_reason_;
  int starts_ = 0;
  double provision_seconds_ = 0;
  double startup_seconds_ = 0;
};

// A name no other call in this process returns: `prefix`, a random tag
// fixed per process (so runs against an external database do not collide)
// and a counter; only [a-z0-9], so it is a valid category, stream id and
// namespace name.
std::string UniqueName(const std::string& prefix);

}  // namespace mdbprof::conformance

#endif  // MDBPROF_TESTS_CONFORMANCE_BACKEND_SERVER_H_
