// OpenPebbleStore: `pebble://DIR` -> PebbleStore (declared in
// server/store/backend_openers.h).
#include <filesystem>

#include "server/store/backend_openers.h"
#include "server/store/pebble/pebble_store.h"

namespace refserver {

Result<std::unique_ptr<Store>> OpenPebbleStore(const StoreConfig& config,
                                               const DbUrl& url) {
  if (!config.db_type.empty() && config.db_type != "pebble") {
    return mdbprof::InvalidArgument("--db-type " + config.db_type +
                                    " does not apply to a pebble:// URL");
  }
  std::filesystem::path dir(url.rest);
  if (url.rest.empty()) {
    if (config.data_dir.empty()) {
      return mdbprof::InvalidArgument(
          "database URL '" + url.text +
          "' names no directory; use pebble:///abs/dir, pebble://rel/dir "
          "(inside --data-dir) or pass --data-dir");
    }
    dir = config.data_dir;
  } else if (dir.is_relative() && !config.data_dir.empty()) {
    dir = std::filesystem::path(config.data_dir) / dir;
  }
  pebble::PebbleStore::Options options;
  options.dir = dir.lexically_normal().string();
  Result<std::unique_ptr<pebble::PebbleStore>> store =
      pebble::PebbleStore::Open(options);
  if (!store.ok()) return store.status();
  return std::unique_ptr<Store>(std::move(*store));
}

}  // namespace refserver
