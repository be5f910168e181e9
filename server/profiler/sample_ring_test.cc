#include "server/profiler/sample_ring.h"

#include <gtest/gtest.h>

#include <map>
#include <thread>
#include <vector>

namespace refserver::profiler {
namespace {

TEST(SampleRing, PopsInPushOrderWithTagsAndFrames) {
  static SampleRing<8> ring;
  ring.Reset();
  uint64_t a[] = {1, 2, 3};
  uint64_t b[] = {9};
  ASSERT_TRUE(ring.Push(7, 1, a, 3));
  ASSERT_TRUE(ring.Push(8, 5, b, 1));
  std::vector<std::pair<uint32_t, std::vector<uint64_t>>> got;
  std::vector<uint32_t> weights;
  while (
      ring.Pop([&](uint32_t tag, uint32_t weight, const uint64_t* raw, int n) {
        got.emplace_back(tag, std::vector<uint64_t>(raw, raw + n));
        weights.push_back(weight);
      })) {
  }
  EXPECT_EQ(weights, (std::vector<uint32_t>{1, 5}));
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].first, 7u);
  EXPECT_EQ(got[0].second, (std::vector<uint64_t>{1, 2, 3}));
  EXPECT_EQ(got[1].first, 8u);
  EXPECT_EQ(got[1].second, (std::vector<uint64_t>{9}));
}

TEST(SampleRing, RejectsPushWhenFullAndRecovers) {
  static SampleRing<4> ring;
  ring.Reset();
  uint64_t x[] = {42};
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(ring.Push(1, 1, x, 1));
  EXPECT_FALSE(ring.Push(1, 1, x, 1));
  EXPECT_TRUE(ring.Pop([](uint32_t, uint32_t, const uint64_t*, int) {}));
  EXPECT_TRUE(ring.Push(1, 1, x, 1));
}

TEST(SampleRing, ClipsDepth) {
  static SampleRing<2> ring;
  ring.Reset();
  std::vector<uint64_t> deep(kMaxStackDepth + 10, 5);
  ASSERT_TRUE(ring.Push(1, 1, deep.data(), static_cast<int>(deep.size())));
  int depth = -1;
  ring.Pop([&](uint32_t, uint32_t, const uint64_t*, int n) { depth = n; });
  EXPECT_EQ(depth, kMaxStackDepth);
}

TEST(SampleRing, DeliversEverySampleFromConcurrentProducers) {
  static SampleRing<64> ring;
  ring.Reset();
  constexpr int kThreads = 4;
  constexpr int kPerThread = 20000;
  std::vector<std::thread> producers;
  for (int t = 0; t < kThreads; ++t) {
    producers.emplace_back([t] {
      for (int i = 0; i < kPerThread; ++i) {
        uint64_t frame[2] = {static_cast<uint64_t>(t),
                             static_cast<uint64_t>(i)};
        while (!ring.Push(t, 1, frame, 2)) std::this_thread::yield();
      }
    });
  }
  std::map<int, int> next;  // per producer: the next i expected (FIFO)
  int received = 0;
  bool ordered = true;
  while (received < kThreads * kPerThread) {
    if (!ring.Pop([&](uint32_t tag, uint32_t, const uint64_t* raw, int n) {
          ordered &=
              n == 2 && raw[0] == tag && static_cast<int>(raw[1]) == next[tag];
          next[tag]++;
          received++;
        })) {
      std::this_thread::yield();
    }
  }
  for (auto& p : producers) p.join();
  EXPECT_TRUE(ordered);
  for (int t = 0; t < kThreads; ++t) EXPECT_EQ(next[t], kPerThread);
}

}  // namespace
}  // namespace refserver::profiler
