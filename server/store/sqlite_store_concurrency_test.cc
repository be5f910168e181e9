#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "server/store/sqlite_store_test_util.h"

namespace refserver {
namespace {

using mdbprof::StatusCode;

class SqliteConcurrencyTest : public SqliteStoreTest {};

TEST_P(SqliteConcurrencyTest, ConcurrentWritersGetDistinctPositions) {
  constexpr int kThreads = 8;
  constexpr int kWrites = 40;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kWrites; ++i) {
        if (!store_->WriteMessage("default", Msg("hot-1")).ok()) ++failures;
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);

  StreamQuery q;
  q.stream_name = "hot-1";
  q.batch_size = kUnlimitedBatch;
  Result<std::vector<Message>> rows = store_->GetStreamMessages("default", q);
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), static_cast<size_t>(kThreads * kWrites));
  for (size_t i = 0; i < rows->size(); ++i) {
    EXPECT_EQ((*rows)[i].position, static_cast<int64_t>(i));
    EXPECT_EQ((*rows)[i].global_position, static_cast<int64_t>(i + 1));
  }
}

TEST_P(SqliteConcurrencyTest, OptimisticWritersNeverBothWinTheSameVersion) {
  constexpr int kThreads = 6;
  constexpr int kRounds = 30;
  std::atomic<int> wins{0};
  std::atomic<int> errors{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kRounds; ++i) {
        Result<std::optional<int64_t>> v =
            store_->GetStreamVersion("default", "race-1");
        if (!v.ok()) {
          ++errors;
          continue;
        }
        Result<WriteResult> w = store_->WriteMessage(
            "default", Msg("race-1", "T", v->value_or(-1)));
        if (w.ok()) {
          ++wins;
        } else if (w.status().code() != StatusCode::kFailedPrecondition) {
          ++errors;
        }
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(errors.load(), 0);
  Result<std::optional<int64_t>> v =
      store_->GetStreamVersion("default", "race-1");
  ASSERT_TRUE(v.ok() && v->has_value());
  // Each win took exactly one version; no two writers won the same one.
  EXPECT_EQ(**v + 1, wins.load());
}

INSTANTIATE_TEST_SUITE_P(Backends, SqliteConcurrencyTest, ::testing::Bool(),
                         BackendName);

}  // namespace
}  // namespace refserver
