#include "server/store/pebble/rocksdb_options.h"

#include <rocksdb/filter_policy.h>
#include <rocksdb/table.h>
#include <rocksdb/write_buffer_manager.h>

#include <string>

namespace refserver::pebble {
namespace {

// RocksDB's memory for a whole store: data, index and filter blocks plus
// the memtables of every database (their bytes are charged to the cache).
constexpr size_t kStoreMemoryBytes = size_t{64} << 20;
// Of which all memtables together may hold this much before the largest is
// flushed, whatever the number of namespaces.
constexpr size_t kMemtableBudgetBytes = size_t{32} << 20;
// Measured (A/B, 4 x 10 s): 8 MiB memtables made stream.last 16% slower
// (more level-0 files to merge); 16 MiB is as fast as RocksDB's defaults.
constexpr size_t kWriteBufferBytes = size_t{16} << 20;
constexpr int kBloomBitsPerKey = 10;
// 16 shards of 4 MiB, with index and filter blocks partitioned into 4 KiB
// pieces. With RocksDB's default for this size (64 shards of 1 MiB) and
// whole-table index/filter blocks, a large table's blocks did not fit their
// shard and evicted each other: a 4-writer soak fell from ~2800 to ~1400
// writes/s within 4 minutes.
constexpr int kCacheShardBits = 4;

}  // namespace

StoreMemory NewStoreMemory() {
  StoreMemory memory;
  memory.cache = rocksdb::NewLRUCache(kStoreMemoryBytes, kCacheShardBits);
  memory.write_buffers = std::make_shared<rocksdb::WriteBufferManager>(
      kMemtableBudgetBytes, memory.cache);
  return memory;
}

rocksdb::Options DatabaseOptions(const StoreMemory& memory) {
  rocksdb::Options options;
  options.create_if_missing = true;
  options.write_buffer_size = kWriteBufferBytes;
  options.write_buffer_manager = memory.write_buffers;
  options.max_background_jobs = 2;
  options.keep_log_file_num = 2;
  options.max_log_file_size = size_t{1} << 20;
  options.info_log_level = rocksdb::InfoLogLevel::WARN_LEVEL;

  rocksdb::BlockBasedTableOptions table;
  table.block_cache = memory.cache;
  // Index and filter blocks live in the cache too, so that their memory is
  // bounded by it instead of growing with the data (by default every open
  // table file keeps its own outside the cache: measured, a 4-writer soak's
  // heap grew 16 -> 58 MiB in 5 minutes, 814k messages). Level-0 tables and
  // the top level of each partitioned index/filter stay pinned.
  table.cache_index_and_filter_blocks = true;
  table.cache_index_and_filter_blocks_with_high_priority = true;
  table.pin_l0_filter_and_index_blocks_in_cache = true;
  table.index_type = rocksdb::BlockBasedTableOptions::kTwoLevelIndexSearch;
  table.partition_filters = true;
  table.pin_top_level_index_and_filter = true;
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
