// RocksDB settings and status mapping shared by the pebble store's
// databases (the namespace registry and every namespace database).
//
//   StoreMemory memory = NewStoreMemory();  // one per store
//   rocksdb::Options options = DatabaseOptions(memory);
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
#include <rocksdb/write_buffer_manager.h>

#include <memory>
#include <string_view>

#include "base/status.h"

namespace refserver::pebble {

// The memory all databases of one store share: one LRU cache holding data,
// index and filter blocks, and a write-buffer manager that charges every
// database's memtables to that cache. RocksDB's memory for the whole store
// thus stays within the cache's capacity (plus blocks pinned by open
// iterators), however many namespaces and table files there are.
struct StoreMemory {
  std::shared_ptr<rocksdb::Cache> cache;
  std::shared_ptr<rocksdb::WriteBufferManager> write_buffers;
};
StoreMemory NewStoreMemory();

// create_if_missing, a bloom filter, the store's shared memory, small
// memtables and a bounded info log.
rocksdb::Options DatabaseOptions(const StoreMemory& memory);

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
