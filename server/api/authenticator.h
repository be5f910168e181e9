// Authenticator: maps a request's `Authorization: Bearer <token>` to the
// namespace the token belongs to.
//
//   Authenticator auth(store, /*test_mode=*/false);
//   AuthResult who =
//   auth.Authenticate(request.get_header_value("Authorization")); if
//   (who.error) return RpcReply::Fail(*who.error); Use(who.ns);
//
// A token is accepted when it is well formed (token.h) and the SHA-256 of
// the whole token equals the stored hash of the namespace it names (compared
// in constant time). Outside test mode a missing header is 401
// AUTH_REQUIRED and anything else that fails is 401 AUTH_INVALID_TOKEN.
// In test mode a missing header means namespace "default", and a well-formed
// token naming an unknown namespace creates that namespace with the token
// (EventoDB's test-mode behaviour).
//
// Threading: safe from any thread. Namespace hashes are cached; call
// Forget() after deleting a namespace or changing its token.
#ifndef REFSERVER_API_AUTHENTICATOR_H_
#define REFSERVER_API_AUTHENTICATOR_H_

#include <map>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>

#include "server/api/rpc_error.h"
#include "server/store/store.h"

namespace refserver {

inline constexpr std::string_view kDefaultNamespace = "default";

struct AuthResult {
  std::string ns;                 // set when error is empty
  std::optional<RpcError> error;  // 401 (or 500 when the store fails)
};

class Authenticator {
 public:
  // `store` must outlive the authenticator.
  Authenticator(Store& store, bool test_mode);

  // `authorization` is the header value, "" when the header is absent.
  AuthResult Authenticate(std::string_view authorization);

  void Forget(const std::string& ns);

 private:
  // The stored token hash of `ns`; nullopt when it does not exist.
  Result<std::optional<std::string>> TokenHash(const std::string& ns);

  Store& store_;
  const bool test_mode_;
  std::shared_mutex mu_;
  std::map<std::string, std::string, std::less<>> hashes_;  // guarded by mu_
};

}  // namespace refserver

#endif  // REFSERVER_API_AUTHENTICATOR_H_
