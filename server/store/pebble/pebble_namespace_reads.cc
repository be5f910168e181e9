// PebbleNamespaceDb's range reads: stream.get, stream.last and category.get.
#include <algorithm>
#include <nlohmann/json.hpp>
#include <utility>

#include "server/store/pebble/kv_codec.h"
#include "server/store/pebble/kv_keys.h"
#include "server/store/pebble/message_codec.h"
#include "server/store/pebble/pebble_namespace_db.h"
#include "server/store/pebble/rocksdb_options.h"
#include "server/store/stream_name.h"

namespace refserver::pebble {
namespace {

// Index entries gathered before their messages are fetched in one MultiGet.
constexpr size_t kFetchChunk = 64;

uint64_t NonNegative(int64_t value) {
  return value < 0 ? 0 : static_cast<uint64_t>(value);
}

// True when more rows may be added under `batch_size` (< 0 = unlimited).
bool HasRoom(size_t rows, int64_t batch_size) {
  return batch_size < 0 || rows < static_cast<size_t>(batch_size);
}

// Message DB's correlation filter: metadata.correlationStreamName is a
// string whose category (the part before its first '-') is `category`.
bool MatchesCorrelation(const std::optional<std::string>& metadata,
                        std::string_view category) {
  if (!metadata.has_value()) return false;
  const nlohmann::json meta = nlohmann::json::parse(*metadata, /*cb=*/nullptr,
                                                    /*allow_exceptions=*/false);
  if (!meta.is_object()) return false;
  auto it = meta.find("correlationStreamName");
  if (it == meta.end() || !it->is_string()) return false;
  return Category(it->get_ref<const std::string&>()) == category;
}

}  // namespace

mdbprof::Result<std::vector<Message>> PebbleNamespaceDb::GetStream(
    const StreamQuery& query) {
  std::shared_lock<std::shared_mutex> life(life_mu_);
  if (db_ == nullptr) return Closed();
  const KeyRange range = StreamIndexRange(query.stream_name);
  const rocksdb::Slice upper(range.upper);
  rocksdb::ReadOptions read;
  read.iterate_upper_bound = &upper;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(read));
  const uint64_t min_gp = NonNegative(query.global_position);
  std::vector<uint64_t> gps;
  for (it->Seek(StreamIndexKey(query.stream_name, NonNegative(query.position)));
       it->Valid() && HasRoom(gps.size(), query.batch_size); it->Next()) {
    uint64_t gp = 0;
    if (!DecodeFixed64(it->value().ToStringView(), &gp)) {
      return mdbprof::Internal(
          Context("corrupt stream index entry " + it->key().ToString()));
    }
    if (gp >= min_gp) gps.push_back(gp);
  }
  MDBPROF_RETURN_IF_ERROR(FromRocksDb(
      it->status(), Context("scanning stream '" + query.stream_name + "'")));
  return FetchMessages(gps);
}

mdbprof::Result<std::optional<Message>> PebbleNamespaceDb::GetLast(
    const std::string& stream_name, const std::optional<std::string>& type) {
  std::shared_lock<std::shared_mutex> life(life_mu_);
  if (db_ == nullptr) return Closed();
  const KeyRange range = StreamIndexRange(stream_name);
  const rocksdb::Slice lower(range.lower);
  const rocksdb::Slice upper(range.upper);
  rocksdb::ReadOptions read;
  read.iterate_lower_bound = &lower;
  read.iterate_upper_bound = &upper;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(read));
  for (it->SeekToLast(); it->Valid(); it->Prev()) {
    uint64_t gp = 0;
    if (!DecodeFixed64(it->value().ToStringView(), &gp)) {
      return mdbprof::Internal(
          Context("corrupt stream index entry " + it->key().ToString()));
    }
    mdbprof::Result<std::vector<Message>> m = FetchMessages({gp});
    if (!m.ok()) return m.status();
    if (!type.has_value() || m->front().type == *type) {
      return std::optional<Message>(std::move(m->front()));
    }
  }
  MDBPROF_RETURN_IF_ERROR(FromRocksDb(
      it->status(), Context("scanning stream '" + stream_name + "'")));
  return std::optional<Message>();
}

mdbprof::Result<std::vector<Message>> PebbleNamespaceDb::GetCategory(
    const CategoryQuery& query) {
  if (query.consumer_group.has_value() &&
      (query.consumer_group->size < 1 || query.consumer_group->member < 0 ||
       query.consumer_group->member >= query.consumer_group->size)) {
    return mdbprof::InvalidArgument(
        "consumer group member " +
        std::to_string(query.consumer_group->member) + " of size " +
        std::to_string(query.consumer_group->size) +
        ": need size >= 1 and 0 <= member < size");
  }
  std::shared_lock<std::shared_mutex> life(life_mu_);
  if (db_ == nullptr) return Closed();
  const KeyRange range = CategoryIndexRange(query.category);
  const rocksdb::Slice upper(range.upper);
  rocksdb::ReadOptions read;
  read.iterate_upper_bound = &upper;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(read));

  std::vector<Message> rows;
  std::vector<uint64_t> pending;
  // Fetches the pending messages and keeps those passing the correlation
  // filter, up to the batch size.
  auto flush = [&]() -> mdbprof::Status {
    mdbprof::Result<std::vector<Message>> fetched = FetchMessages(pending);
    pending.clear();
    if (!fetched.ok()) return fetched.status();
    for (Message& m : *fetched) {
      if (!HasRoom(rows.size(), query.batch_size)) break;
      if (query.correlation.has_value() &&
          !MatchesCorrelation(m.metadata, *query.correlation)) {
        continue;
      }
      rows.push_back(std::move(m));
    }
    return mdbprof::Status::Ok();
  };

  for (it->Seek(CategoryIndexKey(query.category,
                                 NonNegative(query.global_position)));
       it->Valid() && HasRoom(rows.size(), query.batch_size); it->Next()) {
    CategoryEntry entry;
    const std::optional<uint64_t> gp = TrailingNumber(it->key().ToStringView());
    if (!gp.has_value() ||
        !DecodeCategoryEntry(it->value().ToStringView(), &entry)) {
      return mdbprof::Internal(
          Context("corrupt category index entry " + it->key().ToString()));
    }
    if (query.consumer_group.has_value() &&
        HashMember(entry.cardinal_hash, query.consumer_group->size) !=
            query.consumer_group->member) {
      continue;
    }
    pending.push_back(*gp);
    // Without a correlation filter every pending entry becomes a row, so
    // never fetch more than the batch still needs.
    const bool enough =
        !query.correlation.has_value() &&
        !HasRoom(rows.size() + pending.size(), query.batch_size);
    if (enough || pending.size() >= kFetchChunk) {
      MDBPROF_RETURN_IF_ERROR(flush());
    }
  }
  MDBPROF_RETURN_IF_ERROR(FromRocksDb(
      it->status(), Context("scanning category '" + query.category + "'")));
  if (!pending.empty()) MDBPROF_RETURN_IF_ERROR(flush());
  return rows;
}

}  // namespace refserver::pebble
