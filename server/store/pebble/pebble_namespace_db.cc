#include "server/store/pebble/pebble_namespace_db.h"

#include <rocksdb/snapshot.h>
#include <rocksdb/write_batch.h>

#include <utility>

#include "server/store/iso_time.h"
#include "server/store/pebble/kv_codec.h"
#include "server/store/pebble/kv_keys.h"
#include "server/store/pebble/message_codec.h"
#include "server/store/pebble/rocksdb_options.h"
#include "server/store/stream_name.h"

namespace refserver::pebble {
namespace {

std::string Fixed64(uint64_t value) {
  std::string out;
  PutFixed64(&out, value);
  return out;
}

}  // namespace

PebbleNamespaceDb::PebbleNamespaceDb(std::string name, std::string path,
                                     std::unique_ptr<rocksdb::DB> db,
                                     uint64_t last_gp, uint64_t stream_count)
    : name_(std::move(name)),
      path_(std::move(path)),
      db_(std::move(db)),
      last_gp_(last_gp),
      stream_count_(stream_count) {}

PebbleNamespaceDb::~PebbleNamespaceDb() {
  if (db_ != nullptr) (void)db_->Close();
}

mdbprof::Result<std::unique_ptr<PebbleNamespaceDb>> PebbleNamespaceDb::Open(
    std::string name, std::string path, const rocksdb::Options& options) {
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s = rocksdb::DB::Open(options, path, &raw);
  if (!s.ok()) {
    return FromRocksDb(
        s, "cannot open pebble namespace '" + name + "' database " + path);
  }
  std::unique_ptr<PebbleNamespaceDb> db(
      new PebbleNamespaceDb(std::move(name), std::move(path),
                            std::unique_ptr<rocksdb::DB>(raw), 0, 0));
  // The counters live in the database; the copies in memory let writers
  // skip reading them.
  rocksdb::ReadOptions read;
  mdbprof::Result<std::optional<uint64_t>> gp =
      db->GetNumber(read, std::string(kGlobalPositionKey));
  if (!gp.ok()) return gp.status();
  mdbprof::Result<std::optional<uint64_t>> streams =
      db->GetNumber(read, std::string(kStreamCountKey));
  if (!streams.ok()) return streams.status();
  db->last_gp_ = gp->value_or(0);
  db->stream_count_ = streams->value_or(0);
  return db;
}

mdbprof::Status PebbleNamespaceDb::Closed() const {
  return mdbprof::NotFound("namespace '" + name_ + "' does not exist");
}

std::string PebbleNamespaceDb::Context(std::string_view what) const {
  return std::string(what) + " in pebble namespace '" + name_ + "' (" + path_ +
         ")";
}

mdbprof::Result<std::optional<uint64_t>> PebbleNamespaceDb::GetNumber(
    const rocksdb::ReadOptions& read, const std::string& key) {
  rocksdb::PinnableSlice value;
  rocksdb::Status s = db_->Get(read, db_->DefaultColumnFamily(), key, &value);
  if (s.IsNotFound()) return std::optional<uint64_t>();
  if (!s.ok()) return FromRocksDb(s, Context("reading " + key));
  uint64_t number = 0;
  if (!DecodeFixed64(value.ToStringView(), &number)) {
    return mdbprof::Internal(Context("corrupt value of key " + key));
  }
  return std::optional<uint64_t>(number);
}

mdbprof::Result<std::vector<Message>> PebbleNamespaceDb::FetchMessages(
    const std::vector<uint64_t>& global_positions) {
  std::vector<std::string> keys;
  keys.reserve(global_positions.size());
  for (uint64_t gp : global_positions) keys.push_back(MessageKey(gp));
  std::vector<rocksdb::Slice> slices(keys.begin(), keys.end());
  std::vector<std::string> values;
  std::vector<rocksdb::Status> statuses =
      db_->MultiGet(rocksdb::ReadOptions(), slices, &values);
  std::vector<Message> messages;
  messages.reserve(keys.size());
  for (size_t i = 0; i < keys.size(); ++i) {
    if (statuses[i].IsNotFound()) {
      return mdbprof::Internal(
          Context("an index entry points at missing " + keys[i]));
    }
    if (!statuses[i].ok()) {
      return FromRocksDb(statuses[i], Context("reading " + keys[i]));
    }
    mdbprof::Result<Message> m = DecodeMessage(values[i]);
    if (!m.ok()) return m.status().WithContext(Context(keys[i]));
    messages.push_back(std::move(*m));
  }
  return messages;
}

mdbprof::Result<WriteResult> PebbleNamespaceDb::Write(
    const NewMessage& message) {
  // Keys that need no counter are built before taking the lock.
  const std::string_view stream = message.stream_name;
  const std::string version_key = VersionKey(stream);
  const std::string id_key = IdKey(message.id);
  const std::string category_entry =
      EncodeCategoryEntry(Hash64(CardinalId(stream)), stream);

  std::shared_lock<std::shared_mutex> life(life_mu_);
  if (db_ == nullptr) return Closed();
  std::lock_guard<std::mutex> lock(write_mu_);

  const rocksdb::ReadOptions read;
  mdbprof::Result<std::optional<uint64_t>> stored_version =
      GetNumber(read, version_key);
  if (!stored_version.ok()) return stored_version.status();
  const int64_t version =
      stored_version->has_value() ? static_cast<int64_t>(**stored_version) : -1;
  if (message.expected_version.has_value() &&
      *message.expected_version != version) {
    return mdbprof::FailedPrecondition(
        "stream '" + message.stream_name + "': expected version " +
        std::to_string(*message.expected_version) + ", stream is at version " +
        std::to_string(version));
  }
  mdbprof::Result<std::optional<uint64_t>> id_owner = GetNumber(read, id_key);
  if (!id_owner.ok()) return id_owner.status();
  if (id_owner->has_value()) {
    return mdbprof::InvalidArgument("message id '" + message.id +
                                    "' already exists in the namespace");
  }

  Message stored;
  stored.id = message.id;
  stored.stream_name = message.stream_name;
  stored.type = message.type;
  stored.position = version + 1;
  stored.global_position = static_cast<int64_t>(last_gp_ + 1);
  stored.data = message.data;
  stored.metadata = message.metadata;
  stored.time = NowIsoTime();
  const uint64_t gp = last_gp_ + 1;
  const uint64_t position = static_cast<uint64_t>(stored.position);
  const bool new_stream = version < 0;

  rocksdb::WriteBatch batch;
  batch.Put(MessageKey(gp), EncodeMessage(stored));
  batch.Put(StreamIndexKey(stream, position), Fixed64(gp));
  batch.Put(CategoryIndexKey(Category(stream), gp), category_entry);
  batch.Put(version_key, Fixed64(position));
  batch.Put(id_key, Fixed64(gp));
  batch.Put(kGlobalPositionKey, Fixed64(gp));
  if (new_stream) batch.Put(kStreamCountKey, Fixed64(stream_count_ + 1));
  rocksdb::Status s = db_->Write(AcknowledgedWriteOptions(), &batch);
  if (!s.ok()) {
    return FromRocksDb(
        s, Context("writing to stream '" + message.stream_name + "'"));
  }
  last_gp_ = gp;
  if (new_stream) ++stream_count_;
  return WriteResult{stored.position, stored.global_position};
}

mdbprof::Result<std::optional<int64_t>> PebbleNamespaceDb::GetVersion(
    const std::string& stream_name) {
  std::shared_lock<std::shared_mutex> life(life_mu_);
  if (db_ == nullptr) return Closed();
  mdbprof::Result<std::optional<uint64_t>> version =
      GetNumber(rocksdb::ReadOptions(), VersionKey(stream_name));
  if (!version.ok()) return version.status();
  if (!version->has_value()) return std::optional<int64_t>();
  return std::optional<int64_t>(static_cast<int64_t>(**version));
}

mdbprof::Result<NamespaceStats> PebbleNamespaceDb::Stats() {
  std::shared_lock<std::shared_mutex> life(life_mu_);
  if (db_ == nullptr) return Closed();
  rocksdb::ManagedSnapshot snapshot(db_.get());
  rocksdb::ReadOptions read;
  read.snapshot = snapshot.snapshot();
  mdbprof::Result<std::optional<uint64_t>> gp =
      GetNumber(read, std::string(kGlobalPositionKey));
  if (!gp.ok()) return gp.status();
  mdbprof::Result<std::optional<uint64_t>> streams =
      GetNumber(read, std::string(kStreamCountKey));
  if (!streams.ok()) return streams.status();
  NamespaceStats stats;
  stats.message_count = static_cast<int64_t>(gp->value_or(0));
  stats.stream_count = static_cast<int64_t>(streams->value_or(0));
  if (stats.message_count > 0) {
    mdbprof::Result<std::vector<Message>> newest =
        FetchMessages({static_cast<uint64_t>(stats.message_count)});
    if (!newest.ok()) return newest.status();
    stats.last_activity = newest->front().time;
  }
  return stats;
}

mdbprof::Result<int64_t> PebbleNamespaceDb::Close() {
  std::unique_lock<std::shared_mutex> life(life_mu_);
  if (db_ == nullptr) return Closed();
  mdbprof::Result<std::optional<uint64_t>> gp =
      GetNumber(rocksdb::ReadOptions(), std::string(kGlobalPositionKey));
  if (!gp.ok()) return gp.status();
  rocksdb::Status s = db_->Close();
  db_.reset();
  MDBPROF_RETURN_IF_ERROR(FromRocksDb(s, Context("closing the database")));
  return static_cast<int64_t>(gp->value_or(0));
}

}  // namespace refserver::pebble
