#include "server/store/pebble/namespace_registry.h"

#include <utility>

#include "server/store/pebble/kv_codec.h"
#include "server/store/pebble/rocksdb_options.h"

namespace refserver::pebble {
namespace {

constexpr std::string_view kRecordPrefix = "NS:";
constexpr char kRecordFormat = 1;

std::string RecordKey(std::string_view name) {
  return std::string(kRecordPrefix) + std::string(name);
}

std::string EncodeRecord(const NamespaceRecord& r) {
  std::string out(1, kRecordFormat);
  PutLengthPrefixed(&out, r.name);
  PutLengthPrefixed(&out, r.token_hash);
  PutLengthPrefixed(&out, r.description);
  PutLengthPrefixed(&out, r.created_at);
  return out;
}

mdbprof::Result<NamespaceRecord> DecodeRecord(std::string_view key,
                                              std::string_view bytes) {
  ByteReader in(bytes);
  uint8_t format = 0;
  std::string_view name, token_hash, description, created_at;
  if (!in.ReadByte(&format) || format != kRecordFormat ||
      !in.ReadLengthPrefixed(&name) || !in.ReadLengthPrefixed(&token_hash) ||
      !in.ReadLengthPrefixed(&description) ||
      !in.ReadLengthPrefixed(&created_at) || !in.empty()) {
    return mdbprof::Internal("namespace registry entry '" + std::string(key) +
                             "' is corrupt");
  }
  return NamespaceRecord{std::string(name), std::string(token_hash),
                         std::string(description), std::string(created_at)};
}

mdbprof::Status NotRegistered(const std::string& name) {
  return mdbprof::NotFound("namespace '" + name + "' does not exist");
}

}  // namespace

NamespaceRegistry::NamespaceRegistry(std::string path,
                                     std::unique_ptr<rocksdb::DB> db)
    : path_(std::move(path)), db_(std::move(db)) {}

mdbprof::Result<std::unique_ptr<NamespaceRegistry>> NamespaceRegistry::Open(
    const std::string& path, const rocksdb::Options& options) {
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s = rocksdb::DB::Open(options, path, &raw);
  if (!s.ok()) {
    return FromRocksDb(s, "cannot open namespace registry " + path);
  }
  return std::unique_ptr<NamespaceRegistry>(
      new NamespaceRegistry(path, std::unique_ptr<rocksdb::DB>(raw)));
}

mdbprof::Status NamespaceRegistry::Put(const NamespaceRecord& record) {
  return FromRocksDb(db_->Put(SyncedWriteOptions(), RecordKey(record.name),
                              EncodeRecord(record)),
                     "writing namespace registry " + path_);
}

mdbprof::Status NamespaceRegistry::Insert(const NamespaceRecord& record) {
  std::lock_guard<std::mutex> lock(mu_);
  mdbprof::Result<std::optional<NamespaceRecord>> existing = Find(record.name);
  if (!existing.ok()) return existing.status();
  if (existing->has_value()) {
    return mdbprof::FailedPrecondition("namespace '" + record.name +
                                       "' already exists");
  }
  return Put(record);
}

mdbprof::Status NamespaceRegistry::Erase(const std::string& name) {
  std::lock_guard<std::mutex> lock(mu_);
  mdbprof::Result<std::optional<NamespaceRecord>> existing = Find(name);
  if (!existing.ok()) return existing.status();
  if (!existing->has_value()) return NotRegistered(name);
  return FromRocksDb(db_->Delete(SyncedWriteOptions(), RecordKey(name)),
                     "writing namespace registry " + path_);
}

mdbprof::Status NamespaceRegistry::SetTokenHash(const std::string& name,
                                                const std::string& token_hash) {
  std::lock_guard<std::mutex> lock(mu_);
  mdbprof::Result<std::optional<NamespaceRecord>> existing = Find(name);
  if (!existing.ok()) return existing.status();
  if (!existing->has_value()) return NotRegistered(name);
  NamespaceRecord record = std::move(**existing);
  record.token_hash = token_hash;
  return Put(record);
}

mdbprof::Result<std::optional<NamespaceRecord>> NamespaceRegistry::Find(
    const std::string& name) {
  const std::string key = RecordKey(name);
  std::string value;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), key, &value);
  if (s.IsNotFound()) return std::optional<NamespaceRecord>();
  if (!s.ok()) return FromRocksDb(s, "reading namespace registry " + path_);
  mdbprof::Result<NamespaceRecord> record = DecodeRecord(key, value);
  if (!record.ok()) return record.status();
  return std::optional<NamespaceRecord>(std::move(*record));
}

mdbprof::Result<std::vector<NamespaceRecord>> NamespaceRegistry::List() {
  std::string upper(kRecordPrefix);
  upper.back() += 1;
  rocksdb::Slice upper_bound(upper);
  rocksdb::ReadOptions read;
  read.iterate_upper_bound = &upper_bound;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(read));
  std::vector<NamespaceRecord> records;
  for (it->Seek(kRecordPrefix); it->Valid(); it->Next()) {
    mdbprof::Result<NamespaceRecord> record =
        DecodeRecord(it->key().ToStringView(), it->value().ToStringView());
    if (!record.ok()) return record.status();
    records.push_back(std::move(*record));
  }
  MDBPROF_RETURN_IF_ERROR(
      FromRocksDb(it->status(), "listing namespace registry " + path_));
  return records;
}

mdbprof::Status NamespaceRegistry::Ping() {
  std::string ignored;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), kRecordPrefix, &ignored);
  if (s.IsNotFound()) return mdbprof::Status::Ok();
  return FromRocksDb(s, "reading namespace registry " + path_);
}

}  // namespace refserver::pebble
