#include "server/api/default_namespace.h"

#include "server/api/authenticator.h"
#include "server/api/token.h"
#include "server/store/iso_time.h"

namespace refserver {

Result<std::optional<std::string>> EnsureDefaultNamespace(
    Store& store, const std::string& token) {
  const std::string name(kDefaultNamespace);
  if (!token.empty()) {
    Result<std::string> named = TokenNamespace(token);
    if (!named.ok()) return named.status().WithContext("--token");
    if (*named != name) {
      return mdbprof::InvalidArgument("--token names namespace '" + *named +
                                      "'; it must be a token of 'default'");
    }
  }
  Result<std::optional<NamespaceRecord>> existing = store.FindNamespace(name);
  if (!existing.ok()) return existing.status();

  if (existing->has_value()) {
    if (!token.empty() && (*existing)->token_hash != HashToken(token)) {
      MDBPROF_RETURN_IF_ERROR(store.SetTokenHash(name, HashToken(token)));
    }
    return std::optional<std::string>();
  }
  std::optional<std::string> generated;
  std::string chosen = token;
  if (chosen.empty()) {
    Result<std::string> fresh = GenerateToken(name);
    if (!fresh.ok()) return fresh.status();
    chosen = *fresh;
    generated = chosen;
  }
  MDBPROF_RETURN_IF_ERROR(store.CreateNamespace(NamespaceRecord{
      name, HashToken(chosen), "Default namespace", NowIsoTime()}));
  return generated;
}

}  // namespace refserver
