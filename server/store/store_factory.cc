#include "server/store/store_factory.h"

#include <string_view>

#include "server/store/backend_openers.h"

namespace refserver {
namespace {

using Opener = Result<std::unique_ptr<Store>> (*)(const StoreConfig&,
                                                  const DbUrl&);

struct Backend {
  std::string_view scheme;
  Opener open;
};

// One row per supported scheme (aliases are separate rows).
constexpr Backend kBackends[] = {
    {"sqlite", &OpenSqliteStore},
    {"pebble", &OpenPebbleStore},
    {"postgres", &OpenPostgresStore},
};

}  // namespace

std::string KnownSchemes() {
  std::string schemes;
  for (const Backend& backend : kBackends) {
    if (!schemes.empty()) schemes += ", ";
    schemes += std::string(backend.scheme) + "://";
  }
  return schemes;
}

Result<std::unique_ptr<Store>> OpenStore(const StoreConfig& config) {
  if (config.max_connections < 1) {
    return mdbprof::InvalidArgument("max_connections must be >= 1");
  }
  std::string_view url_text = config.db_url;
  if (url_text.empty()) {
    if (!config.in_memory) {
      return mdbprof::InvalidArgument(
          "no database URL; pass --db-url (one of " + KnownSchemes() +
          ") or --test-mode");
    }
    url_text = "sqlite://:memory:";
  }
  Result<DbUrl> url = ParseDbUrl(url_text);
  if (!url.ok()) return url.status();
  for (const Backend& backend : kBackends) {
    if (backend.scheme == url->scheme) return backend.open(config, *url);
  }
  return mdbprof::InvalidArgument("unsupported database URL scheme '" +
                                  url->scheme + "://' in '" + url->text +
                                  "'; supported: " + KnownSchemes());
}

}  // namespace refserver
