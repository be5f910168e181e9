#include "server/store/pebble/rocksdb_options.h"

#include <rocksdb/filter_policy.h>
#include <rocksdb/table.h>

#include <string>

namespace refserver::pebble {
namespace {

constexpr size_t kBlockCacheBytes = size_t{32} << 20;
constexpr size_t kWriteBufferBytes = size_t{16} << 20;
constexpr int kBloomBitsPerKey = 10;

}  // namespace

std::shared_ptr<rocksdb::Cache> NewSharedBlockCache() {
  return rocksdb::NewLRUCache(kBlockCacheBytes);
}

rocksdb::Options DatabaseOptions(std::shared_ptr<rocksdb::Cache> block_cache) {
  rocksdb::Options options;
  options.create_if_missing = true;
  options.write_buffer_size = kWriteBufferBytes;
  options.max_background_jobs = 2;
  options.keep_log_file_num = 2;
  options.max_log_file_size = size_t{1} << 20;
  options.info_log_level = rocksdb::InfoLogLevel::WARN_LEVEL;

  rocksdb::BlockBasedTableOptions table;
  table.block_cache = std::move(block_cache);
  table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(kBloomBitsPerKey));
  options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  return options;
}

rocksdb::WriteOptions AcknowledgedWriteOptions() {
  rocksdb::WriteOptions options;
  options.sync = false;
  options.disableWAL = false;
  return options;
}

rocksdb::WriteOptions SyncedWriteOptions() {
  rocksdb::WriteOptions options;
  options.sync = true;
  return options;
}

mdbprof::Status FromRocksDb(const rocksdb::Status& status,
                            std::string_view what) {
  if (status.ok()) return mdbprof::Status::Ok();
  std::string message = std::string(what) + ": " + status.ToString();
  if (status.IsIOError() || status.IsBusy() || status.IsTimedOut() ||
      status.IsTryAgain() || status.IsAborted() ||
      status.IsShutdownInProgress()) {
    return mdbprof::Unavailable(std::move(message));
  }
  return mdbprof::Internal(std::move(message));
}

}  // namespace refserver::pebble
