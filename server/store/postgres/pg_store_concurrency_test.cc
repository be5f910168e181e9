// Concurrency of the postgres store: many writers on overlapping streams,
// optimistic writers racing for one version, and write throughput with one
// connection and with a pool of four.
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "server/store/postgres/pg_store_test_util.h"

namespace refserver::testing {
namespace {

using mdbprof::StatusCode;

// Starts `n` threads running `body(thread_index)` at the same moment.
void RunTogether(int n, const std::function<void(int)>& body) {
  std::mutex mu;
  std::condition_variable cv;
  int waiting = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < n; ++t) {
    threads.emplace_back([&, t] {
      {
        std::unique_lock<std::mutex> lock(mu);
        if (++waiting == n) cv.notify_all();
        cv.wait(lock, [&] { return waiting == n; });
      }
      body(t);
    });
  }
  for (std::thread& thread : threads) thread.join();
}

class PgConcurrencyTest : public PgStoreFixture {
 protected:
  // Writes per thread; the local TimescaleDB (one PGlite backend) is slow.
  int Scaled(int writes) const {
    return GetParam().timescale ? writes / 8 : writes;
  }
};

TEST_P(PgConcurrencyTest, WritersOnOverlappingStreamsGetDensePositions) {
  constexpr int kThreads = 8;
  constexpr int kStreams = 5;
  const int writes = Scaled(200);
  std::atomic<int> failures{0};
  std::mutex mu;
  std::string first_error;
  RunTogether(kThreads, [&](int t) {
    for (int i = 0; i < writes; ++i) {
      std::string stream = "conc-" + std::to_string((t + i) % kStreams);
      Result<WriteResult> r = store_->WriteMessage("default", Msg(stream));
      if (!r.ok()) {
        std::lock_guard<std::mutex> lock(mu);
        if (failures++ == 0) first_error = r.status().message();
      }
    }
  });
  ASSERT_EQ(failures.load(), 0) << first_error;

  std::set<int64_t> global_positions;
  size_t total = 0;
  for (int s = 0; s < kStreams; ++s) {
    StreamQuery q;
    q.stream_name = "conc-" + std::to_string(s);
    q.batch_size = kUnlimitedBatch;
    std::vector<Message> rows = Stream(q);
    total += rows.size();
    for (size_t i = 0; i < rows.size(); ++i) {
      EXPECT_EQ(rows[i].position, static_cast<int64_t>(i))
          << q.stream_name << ": positions must be dense";
      if (i > 0) {
        EXPECT_GT(rows[i].global_position, rows[i - 1].global_position)
            << q.stream_name << ": global order follows stream order";
      }
      EXPECT_TRUE(global_positions.insert(rows[i].global_position).second)
          << "global position " << rows[i].global_position << " twice";
    }
  }
  const size_t expected = static_cast<size_t>(kThreads) * writes;
  EXPECT_EQ(total, expected);
  ASSERT_FALSE(global_positions.empty());
  EXPECT_EQ(*global_positions.begin(), 1);
  EXPECT_EQ(*global_positions.rbegin(), static_cast<int64_t>(expected))
      << "no failed write, so no gap";
}

TEST_P(PgConcurrencyTest, ExactlyOneOfRacingWritersWinsEachVersion) {
  constexpr int kThreads = 6;
  const int rounds = GetParam().timescale ? 5 : 20;
  for (int round = 0; round < rounds; ++round) {
    const std::string stream = "race-" + std::to_string(round);
    Write(Msg(stream));  // version 0
    std::atomic<int> wins{0};
    std::atomic<int> conflicts{0};
    std::atomic<int> errors{0};
    RunTogether(kThreads, [&](int) {
      Result<WriteResult> r =
          store_->WriteMessage("default", Msg(stream, "T", 0));
      if (r.ok()) {
        ++wins;
      } else if (r.status().code() == StatusCode::kFailedPrecondition) {
        ++conflicts;
      } else {
        ++errors;
      }
    });
    EXPECT_EQ(wins.load(), 1) << stream;
    EXPECT_EQ(conflicts.load(), kThreads - 1) << stream;
    EXPECT_EQ(errors.load(), 0) << stream;
    Result<std::optional<int64_t>> v =
        store_->GetStreamVersion("default", stream);
    ASSERT_TRUE(v.ok() && v->has_value());
    EXPECT_EQ(**v, 1) << stream;
  }
}

TEST_P(PgConcurrencyTest, ReadsRunAlongsideWrites) {
  const int writes = Scaled(100);
  std::atomic<bool> done{false};
  std::atomic<int> read_errors{0};
  std::thread reader([&] {
    while (!done.load()) {
      CategoryQuery q;
      q.category = "mixed";
      q.batch_size = 50;
      if (!store_->GetCategoryMessages("default", q).ok()) ++read_errors;
    }
  });
  RunTogether(4, [&](int t) {
    for (int i = 0; i < writes; ++i) {
      ASSERT_TRUE(
          store_->WriteMessage("default", Msg("mixed-" + std::to_string(t)))
              .ok());
    }
  });
  done = true;
  reader.join();
  EXPECT_EQ(read_errors.load(), 0);
  Result<NamespaceStats> stats = store_->GetNamespaceStats("default");
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->message_count, 4 * writes);
}

TEST_P(PgConcurrencyTest, PoolNeverOpensMoreConnectionsThanItsSize) {
  RunTogether(8, [&](int t) {
    for (int i = 0; i < Scaled(40); ++i) {
      ASSERT_TRUE(
          store_->WriteMessage("default", Msg("pool-" + std::to_string(t)))
              .ok());
    }
  });
  Result<StoreHealth> health = store_->Health();
  ASSERT_TRUE(health.ok());
  EXPECT_LE(health->connections, GetParam().pool_size);
  if (GetParam().pool_size > 1) {
    EXPECT_GT(health->connections, 1) << "8 busy threads use the pool";
  }
}

// Throughput with 8 writers, and the latency of a single writer, after a
// warm-up (PGlite is several times slower in its first seconds); more
// writes with PG_TEST_THROUGHPUT_WRITES=N (per writer).
TEST_P(PgConcurrencyTest, WriteThroughput) {
  constexpr int kThreads = 8;
  const char* env = std::getenv("PG_TEST_THROUGHPUT_WRITES");
  const int writes = env != nullptr ? std::atoi(env) : Scaled(250);
  for (int i = 0; i < writes; ++i) {
    ASSERT_TRUE(store_->WriteMessage("default", Msg("warm-1")).ok());
  }
  const auto start = std::chrono::steady_clock::now();
  std::atomic<int> failures{0};
  RunTogether(kThreads, [&](int t) {
    for (int i = 0; i < writes; ++i) {
      NewMessage m = Msg("tput-" + std::to_string((t * 7 + i) % 100));
      m.data = R"({"counter":1,"text":"hello","nested":{"a":1,"b":[1,2,3]}})";
      m.metadata = R"({"correlationStreamName":"load-1"})";
      if (!store_->WriteMessage("default", m).ok()) ++failures;
    }
  });
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  EXPECT_EQ(failures.load(), 0);
  const double rate = kThreads * writes / seconds;
  std::printf(
      "[throughput] %s: %d writers x %d writes in %.2f s = %.0f writes/s\n",
      GetParam().name.c_str(), kThreads, writes, seconds, rate);
  RecordProperty("writes_per_second", static_cast<int>(rate));
  {
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < writes; ++i) {
      ASSERT_TRUE(
          store_
              ->WriteMessage("default", Msg("solo-" + std::to_string(i % 100)))
              .ok());
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
            .count();
    std::printf(
        "[throughput] %s: 1 writer x %d writes in %.2f s = %.0f "
        "writes/s (%.3f ms per write)\n",
        GetParam().name.c_str(), writes, seconds, writes / seconds,
        1000 * seconds / writes);
  }
}

INSTANTIATE_TEST_SUITE_P(Variants, PgConcurrencyTest,
                         ::testing::Values(PgVariant{"PostgresPool1", false, 1},
                                           PgVariant{"PostgresPool4", false, 4},
                                           PgVariant{"Timescale", true, 4}),
                         VariantName);

}  // namespace
}  // namespace refserver::testing
