#include "server/store/pebble/pebble_store.h"

#include <gtest/gtest.h>
#include <rocksdb/db.h>

#include <atomic>
#include <barrier>
#include <filesystem>
#include <map>
#include <set>
#include <thread>
#include <vector>

#include "server/store/pebble/kv_codec.h"
#include "server/store/pebble/kv_keys.h"
#include "server/testing/scoped_temp_dir.h"

namespace refserver::pebble {
namespace {

using mdbprof::StatusCode;

NewMessage Msg(std::string stream, std::string type = "Tested",
               std::optional<int64_t> expected = std::nullopt) {
  static std::atomic<int> counter{0};
  NewMessage m;
  m.id = "pebble-test-" + std::to_string(counter.fetch_add(1));
  m.stream_name = std::move(stream);
  m.type = std::move(type);
  m.data = R"({"n":1})";
  m.expected_version = expected;
  return m;
}

NamespaceRecord Record(std::string name) {
  return NamespaceRecord{std::move(name), "hash", "desc",
                         "2024-01-01T00:00:00.000Z"};
}

class PebbleStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(tmp_.ok());
    dir_ = tmp_.path() + "/pebble";
    Open();
    ASSERT_TRUE(store_ != nullptr);
    ASSERT_TRUE(store_->CreateNamespace(Record("default")).ok());
  }

  void Open() {
    store_.reset();
    Result<std::unique_ptr<PebbleStore>> store = PebbleStore::Open({dir_});
    ASSERT_TRUE(store.ok()) << store.status().message();
    store_ = std::move(*store);
  }

  std::vector<Message> ReadStream(const std::string& stream) {
    StreamQuery q;
    q.stream_name = stream;
    q.batch_size = kUnlimitedBatch;
    Result<std::vector<Message>> rows = store_->GetStreamMessages("default", q);
    EXPECT_TRUE(rows.ok()) << rows.status().message();
    return rows.ok() ? *rows : std::vector<Message>();
  }

  testing::ScopedTempDir tmp_;
  std::string dir_;
  std::unique_ptr<PebbleStore> store_;
};

TEST_F(PebbleStoreTest, OneDatabasePerNamespaceAndARegistry) {
  ASSERT_TRUE(store_->CreateNamespace(Record("tenant-a")).ok());
  for (const char* sub : {"_metadata", "default", "tenant-a"}) {
    EXPECT_TRUE(std::filesystem::exists(dir_ + "/" + sub + "/CURRENT"))
        << sub << " is not a RocksDB database";
  }
  EXPECT_EQ(store_->NamespacePath("tenant-a"), dir_ + "/tenant-a");
  Result<StoreHealth> health = store_->Health();
  ASSERT_TRUE(health.ok());
  EXPECT_EQ(health->connections, 3);
}

TEST_F(PebbleStoreTest, KeysFollowTheEventoDbSchema) {
  ASSERT_TRUE(store_->WriteMessage("default", Msg("acct-7+x")).ok());
  ASSERT_TRUE(store_->WriteMessage("default", Msg("acct-7+x")).ok());
  store_.reset();  // release the database for a direct look

  rocksdb::DB* raw = nullptr;
  ASSERT_TRUE(
      rocksdb::DB::OpenForReadOnly(rocksdb::Options(), dir_ + "/default", &raw)
          .ok());
  std::unique_ptr<rocksdb::DB> db(raw);
  std::map<std::string, std::string> kv;
  std::unique_ptr<rocksdb::Iterator> it(
      db->NewIterator(rocksdb::ReadOptions()));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    kv[it->key().ToString()] = it->value().ToString();
  }
  auto number = [&](const std::string& key) -> int64_t {
    uint64_t n = 0;
    if (kv.count(key) == 0 || !DecodeFixed64(kv[key], &n)) return -1;
    return static_cast<int64_t>(n);
  };
  EXPECT_EQ(number("GP"), 2);
  EXPECT_EQ(number("SC"), 1);
  EXPECT_EQ(number("VI:acct-7+x"), 1);
  EXPECT_EQ(number("SI:acct-7+x:00000000000000000000"), 1);
  EXPECT_EQ(number("SI:acct-7+x:00000000000000000001"), 2);
  EXPECT_EQ(kv.count("M:00000000000000000001"), 1u);
  EXPECT_EQ(kv.count("M:00000000000000000002"), 1u);
  EXPECT_EQ(kv.count("CI:acct:00000000000000000002"), 1u);
  // 2 messages x (M, SI, CI, ID) + VI + GP + SC
  EXPECT_EQ(kv.size(), 11u);
}

TEST_F(PebbleStoreTest, EightThreadsOnOverlappingStreamsLoseNothing) {
  constexpr int kThreads = 8;
  constexpr int kWrites = 500;
  constexpr int kStreams = 5;
  std::vector<std::vector<WriteResult>> results(kThreads);
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kWrites; ++i) {
        std::string stream = "load-" + std::to_string((t + i) % kStreams);
        Result<WriteResult> w = store_->WriteMessage("default", Msg(stream));
        if (!w.ok()) {
          ++failures;
          continue;
        }
        results[t].push_back(*w);
      }
    });
  }
  for (std::thread& t : threads) t.join();
  ASSERT_EQ(failures.load(), 0);

  std::set<int64_t> acknowledged_gps;
  for (const auto& per_thread : results) {
    for (const WriteResult& w : per_thread) {
      EXPECT_TRUE(acknowledged_gps.insert(w.global_position).second)
          << "global position " << w.global_position << " handed out twice";
    }
  }
  ASSERT_EQ(acknowledged_gps.size(), size_t{kThreads * kWrites});
  EXPECT_EQ(*acknowledged_gps.begin(), 1);
  EXPECT_EQ(*acknowledged_gps.rbegin(), kThreads * kWrites) << "dense";

  size_t stored = 0;
  for (int s = 0; s < kStreams; ++s) {
    std::vector<Message> rows = ReadStream("load-" + std::to_string(s));
    EXPECT_EQ(rows.size(), size_t{kThreads * kWrites / kStreams});
    int64_t previous_gp = 0;
    for (size_t i = 0; i < rows.size(); ++i) {
      EXPECT_EQ(rows[i].position, static_cast<int64_t>(i)) << "dense";
      EXPECT_GT(rows[i].global_position, previous_gp);
      EXPECT_EQ(acknowledged_gps.count(rows[i].global_position), 1u);
      previous_gp = rows[i].global_position;
    }
    stored += rows.size();
  }
  EXPECT_EQ(stored, acknowledged_gps.size());

  CategoryQuery q;
  q.category = "load";
  q.batch_size = kUnlimitedBatch;
  Result<std::vector<Message>> all = store_->GetCategoryMessages("default", q);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), acknowledged_gps.size());
  for (size_t i = 0; i < all->size(); ++i) {
    EXPECT_EQ((*all)[i].global_position, static_cast<int64_t>(i + 1));
  }
  Result<NamespaceStats> stats = store_->GetNamespaceStats("default");
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->message_count, kThreads * kWrites);
  EXPECT_EQ(stats->stream_count, kStreams);
}

TEST_F(PebbleStoreTest, ExpectedVersionRaceHasExactlyOneWinner) {
  constexpr int kRounds = 200;
  std::barrier start(2);
  std::atomic<int> wins[kRounds] = {};
  std::atomic<int> conflicts{0};
  std::atomic<int> errors{0};
  auto racer = [&] {
    for (int round = 0; round < kRounds; ++round) {
      start.arrive_and_wait();
      // Both racers saw version round - 1 (-1: empty) before racing.
      Result<WriteResult> w =
          store_->WriteMessage("default", Msg("race-1", "T", round - 1));
      if (w.ok()) {
        ++wins[round];
      } else if (w.status().code() == StatusCode::kFailedPrecondition) {
        ++conflicts;
      } else {
        ++errors;
      }
      start.arrive_and_wait();
    }
  };
  std::thread a(racer);
  std::thread b(racer);
  a.join();
  b.join();
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(conflicts.load(), kRounds);
  for (int round = 0; round < kRounds; ++round) {
    EXPECT_EQ(wins[round].load(), 1) << "round " << round;
  }
  EXPECT_EQ(ReadStream("race-1").size(), size_t{kRounds});
}

TEST_F(PebbleStoreTest, ReopenKeepsRecordsMessagesAndCounters) {
  ASSERT_TRUE(store_->CreateNamespace(Record("tenant-b")).ok());
  NewMessage m = Msg("acct-1", "Opened");
  m.metadata = R"({"correlationStreamName":"flow-1"})";
  ASSERT_TRUE(store_->WriteMessage("default", m).ok());
  ASSERT_TRUE(store_->WriteMessage("default", Msg("acct-2")).ok());
  ASSERT_TRUE(store_->WriteMessage("tenant-b", Msg("x-1")).ok());
  Result<NamespaceStats> before = store_->GetNamespaceStats("default");
  ASSERT_TRUE(before.ok());

  Open();
  ASSERT_TRUE(store_ != nullptr);
  Result<std::vector<NamespaceRecord>> list = store_->ListNamespaces();
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[1].name, "tenant-b");
  Result<NamespaceStats> after = store_->GetNamespaceStats("default");
  ASSERT_TRUE(after.ok()) << after.status().message();
  EXPECT_EQ(after->message_count, 2);
  EXPECT_EQ(after->stream_count, 2);
  EXPECT_EQ(after->last_activity, before->last_activity);

  std::vector<Message> rows = ReadStream("acct-1");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].id, m.id);
  EXPECT_EQ(rows[0].metadata, m.metadata);
  Result<WriteResult> next = store_->WriteMessage("default", Msg("acct-1"));
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(next->position, 1);
  EXPECT_EQ(next->global_position, 3);
  EXPECT_EQ(store_->WriteMessage("default", m).status().code(),
            StatusCode::kInvalidArgument)
      << "message ids stay unique across a reopen";
  Result<WriteResult> other = store_->WriteMessage("tenant-b", Msg("x-1"));
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(other->global_position, 2);
}

TEST_F(PebbleStoreTest, SecondStoreOnTheSameDirectoryIsRefused) {
  Result<std::unique_ptr<PebbleStore>> second = PebbleStore::Open({dir_});
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(second.status().message().find(dir_ + "/_metadata"),
            std::string::npos)
      << second.status().message();
}

TEST_F(PebbleStoreTest, UncreatableDirectoryIsAnErrorNamingIt) {
  Result<std::unique_ptr<PebbleStore>> store =
      PebbleStore::Open({"/proc/refserver-nope/pebble"});
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.status().message().find("/proc/refserver-nope/pebble"),
            std::string::npos)
      << store.status().message();
}

TEST_F(PebbleStoreTest, LeftoverDirectoryOfAHalfDeletedNamespaceIsReplaced) {
  ASSERT_TRUE(store_->CreateNamespace(Record("ghost")).ok());
  ASSERT_TRUE(store_->WriteMessage("ghost", Msg("s-1")).ok());
  store_.reset();
  // Simulate a crash between the registry change and the directory removal:
  // copy the database aside, delete the namespace, put the copy back.
  std::filesystem::copy(dir_ + "/ghost", tmp_.path() + "/ghost-copy",
                        std::filesystem::copy_options::recursive);
  Open();
  ASSERT_TRUE(store_ != nullptr);
  ASSERT_TRUE(store_->DeleteNamespace("ghost").ok());
  std::filesystem::rename(tmp_.path() + "/ghost-copy", dir_ + "/ghost");

  ASSERT_TRUE(store_->CreateNamespace(Record("ghost")).ok());
  Result<NamespaceStats> stats = store_->GetNamespaceStats("ghost");
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->message_count, 0);
  Result<WriteResult> w = store_->WriteMessage("ghost", Msg("s-1"));
  ASSERT_TRUE(w.ok());
  EXPECT_EQ(w->global_position, 1);
}

TEST_F(PebbleStoreTest, DeleteWhileWritingEndsCleanly) {
  ASSERT_TRUE(store_->CreateNamespace(Record("busy")).ok());
  std::atomic<bool> stop{false};
  std::atomic<int> written{0};
  std::atomic<int> unexpected{0};
  std::vector<std::thread> writers;
  for (int t = 0; t < 4; ++t) {
    writers.emplace_back([&] {
      while (!stop.load()) {
        Result<WriteResult> w = store_->WriteMessage("busy", Msg("s-1"));
        if (w.ok()) {
          ++written;
        } else if (w.status().code() == StatusCode::kNotFound) {
          return;
        } else {
          ++unexpected;
          return;
        }
      }
    });
  }
  while (written.load() < 200) std::this_thread::yield();
  Result<int64_t> deleted = store_->DeleteNamespace("busy");
  stop = true;
  for (std::thread& t : writers) t.join();
  ASSERT_TRUE(deleted.ok()) << deleted.status().message();
  EXPECT_EQ(unexpected.load(), 0);
  EXPECT_EQ(*deleted, written.load())
      << "the count covers every write acknowledged before the delete";
  EXPECT_FALSE(std::filesystem::exists(dir_ + "/busy"));
}

TEST_F(PebbleStoreTest, LastOfTypeScansBackTheWholeStream) {
  ASSERT_TRUE(store_->WriteMessage("default", Msg("s-1", "Opened")).ok());
  for (int i = 0; i < 300; ++i) {
    ASSERT_TRUE(store_->WriteMessage("default", Msg("s-1", "Ticked")).ok());
  }
  Result<std::optional<Message>> opened =
      store_->GetLastStreamMessage("default", "s-1", "Opened");
  ASSERT_TRUE(opened.ok() && opened->has_value());
  EXPECT_EQ((*opened)->position, 0);
  EXPECT_EQ((*opened)->global_position, 1);
}

TEST_F(PebbleStoreTest, InvalidConsumerGroupIsInvalidArgument) {
  CategoryQuery q;
  q.category = "acct";
  q.consumer_group = ConsumerGroup{0, 0};
  EXPECT_EQ(store_->GetCategoryMessages("default", q).status().code(),
            StatusCode::kInvalidArgument);
  q.consumer_group = ConsumerGroup{3, 3};
  EXPECT_EQ(store_->GetCategoryMessages("default", q).status().code(),
            StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace refserver::pebble
