#include "server/api/authenticator.h"

#include <mutex>

#include "server/api/token.h"
#include "server/store/iso_time.h"

namespace refserver {
namespace {

constexpr std::string_view kBearer = "bearer ";

bool StartsWithIgnoringCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[i]) return false;
  }
  return true;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

AuthResult Fail(RpcError error) { return AuthResult{{}, std::move(error)}; }

}  // namespace

Authenticator::Authenticator(Store& store, bool test_mode)
    : store_(store), test_mode_(test_mode) {}

void Authenticator::Forget(const std::string& ns) {
  std::unique_lock<std::shared_mutex> lock(mu_);
  hashes_.erase(ns);
}

Result<std::optional<std::string>> Authenticator::TokenHash(
    const std::string& ns) {
  {
    std::shared_lock<std::shared_mutex> lock(mu_);
    auto it = hashes_.find(ns);
    if (it != hashes_.end()) return std::optional<std::string>(it->second);
  }
  Result<std::optional<NamespaceRecord>> record = store_.FindNamespace(ns);
  if (!record.ok()) return record.status();
  if (!record->has_value()) return std::optional<std::string>();
  std::unique_lock<std::shared_mutex> lock(mu_);
  hashes_[ns] = (*record)->token_hash;
  return std::optional<std::string>((*record)->token_hash);
}

AuthResult Authenticator::Authenticate(std::string_view authorization) {
  authorization = Trim(authorization);
  if (authorization.empty()) {
    if (test_mode_) return AuthResult{std::string(kDefaultNamespace), {}};
    return Fail(AuthRequired());
  }
  if (!StartsWithIgnoringCase(authorization, kBearer)) {
    return Fail(
        AuthInvalidToken("Authorization header must be 'Bearer <token>'"));
  }
  std::string_view token = Trim(authorization.substr(kBearer.size()));
  Result<std::string> ns = TokenNamespace(token);
  if (!ns.ok()) return Fail(AuthInvalidToken(ns.status().message()));

  const std::string hash = HashToken(token);
  Result<std::optional<std::string>> stored = TokenHash(*ns);
  if (!stored.ok()) {
    return Fail(
        BackendError("looking up the token: " + stored.status().message()));
  }
  if (!stored->has_value() && test_mode_) {
    NamespaceRecord record{*ns, hash, "created on first use (test mode)",
                           NowIsoTime()};
    Status created = store_.CreateNamespace(record);
    if (!created.ok() &&
        created.code() != mdbprof::StatusCode::kFailedPrecondition) {
      return Fail(BackendError("creating namespace '" + *ns +
                               "': " + created.message()));
    }
    stored = TokenHash(*ns);  // re-read: another request may have won
    if (!stored.ok()) {
      return Fail(
          BackendError("looking up the token: " + stored.status().message()));
    }
  }
  if (!stored->has_value() || !ConstantTimeEquals(hash, **stored)) {
    return Fail(AuthInvalidToken("token is not valid"));
  }
  return AuthResult{std::move(*ns), {}};
}

}  // namespace refserver
