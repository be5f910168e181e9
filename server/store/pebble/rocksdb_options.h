// RocksDB settings and status mapping shared by the pebble store's
// databases (the namespace registry and every namespace database).
//
//   std::shared_ptr<rocksdb::Cache> cache = NewSharedBlockCache();
//   rocksdb::Options options = DatabaseOptions(cache);
//   rocksdb::Status s = db->Write(AcknowledgedWriteOptions(), &batch);
//   if (!s.ok()) return FromRocksDb(s, "writing to " + path);
//
// Durability: writes go through the write-ahead log without fsync, so an
// acknowledged write survives the death of the process (the log is in the
// OS page cache once Write returns) but not a machine crash or power loss —
// the trade-off a benchmark server wants. Registry changes are synced.
#ifndef REFSERVER_STORE_PEBBLE_ROCKSDB_OPTIONS_H_
#define REFSERVER_STORE_PEBBLE_ROCKSDB_OPTIONS_H_

#include <rocksdb/cache.h>
#include <rocksdb/options.h>
#include <rocksdb/status.h>

#include <memory>
#include <string_view>

#include "base/status.h"

namespace refserver::pebble {

// One LRU block cache for all databases of a store (32 MiB).
std::shared_ptr<rocksdb::Cache> NewSharedBlockCache();

// create_if_missing, a bloom filter, the shared block cache, modest
// memtables and a bounded info log.
rocksdb::Options DatabaseOptions(std::shared_ptr<rocksdb::Cache> block_cache);

// WAL on, no fsync: survives a process kill, not a machine crash.
rocksdb::WriteOptions AcknowledgedWriteOptions();
// WAL on and fsync'ed: for the rare registry changes.
rocksdb::WriteOptions SyncedWriteOptions();

// OK for an OK status; otherwise `what`: <RocksDB's message>, coded
// Unavailable for I/O trouble (IOError, Busy, TimedOut, TryAgain, Aborted,
// ShutdownInProgress) and Internal for the rest (Corruption, ...).
mdbprof::Status FromRocksDb(const rocksdb::Status& status,
                            std::string_view what);

}  // namespace refserver::pebble

#endif  // REFSERVER_STORE_PEBBLE_ROCKSDB_OPTIONS_H_
