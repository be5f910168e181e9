#include <filesystem>

#include "server/store/backend_openers.h"
#include "server/store/sqlite_store.h"

namespace refserver {

Result<std::unique_ptr<Store>> OpenSqliteStore(const StoreConfig& config,
                                               const DbUrl& url) {
  if (!config.db_type.empty() && config.db_type != "sqlite") {
    return mdbprof::InvalidArgument("--db-type " + config.db_type +
                                    " does not apply to a sqlite:// URL");
  }
  SqliteStore::Options options;
  options.max_readers_per_namespace = config.max_connections;
  options.in_memory = config.in_memory || url.rest == ":memory:";
  if (!options.in_memory) {
    if (url.rest.empty()) {
      return mdbprof::InvalidArgument(
          "database URL '" + url.text +
          "' names no file; use sqlite://FILE (e.g. sqlite://refserver.db)");
    }
    std::filesystem::path file(url.rest);
    if (file.is_relative() && !config.data_dir.empty()) {
      file = std::filesystem::path(config.data_dir) / file;
    }
    options.metadata_path = file.string();
    options.data_dir = config.data_dir;
    if (options.data_dir.empty()) {
      options.data_dir =
          file.has_parent_path() ? file.parent_path().string() : ".";
    }
  }
  Result<std::unique_ptr<SqliteStore>> store = SqliteStore::Open(options);
  if (!store.ok()) return store.status();
  return std::unique_ptr<Store>(std::move(*store));
}

}  // namespace refserver
