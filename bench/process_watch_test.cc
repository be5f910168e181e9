#include "bench/process_watch.h"

#include <thread>

#include "gtest/gtest.h"

namespace mdbprof::bench {
namespace {

using std::chrono::milliseconds;

bool WaitUntil(const std::function<bool()>& done, milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(milliseconds(5));
  }
  return true;
}

TEST(ProcessWatch, StaysQuietWhileHealthy) {
  std::atomic<int> calls{0};
  ProcessWatch watch({[&] {
                       ++calls;
                       return Status::Ok();
                     }},
                     nullptr, nullptr, milliseconds(5));
  ASSERT_TRUE(WaitUntil([&] { return calls >= 3; }, milliseconds(2000)));
  EXPECT_FALSE(watch.tripped());
  EXPECT_FALSE(watch.stop_flag()->load());
  EXPECT_TRUE(watch.failure().ok());
}

TEST(ProcessWatch, TripsOnTheFirstFailingCheck) {
  std::atomic<bool> dead{false};
  std::atomic<int> trips{0};
  ProcessWatch watch(
      {[] { return Status::Ok(); },
       [&] {
         return dead ? Unavailable("server (pid 42) killed by signal 9")
                     : Status::Ok();
       }},
      nullptr, [&] { ++trips; }, milliseconds(5));
  std::this_thread::sleep_for(milliseconds(30));
  EXPECT_FALSE(watch.tripped());
  dead = true;
  ASSERT_TRUE(WaitUntil([&] { return watch.tripped(); }, milliseconds(2000)));
  EXPECT_TRUE(watch.stop_flag()->load());
  EXPECT_EQ(watch.failure().message(), "server (pid 42) killed by signal 9");
  ASSERT_TRUE(WaitUntil([&] { return trips == 1; }, milliseconds(2000)));
  std::this_thread::sleep_for(milliseconds(30));
  EXPECT_EQ(trips, 1) << "on_trip runs once";
}

TEST(ProcessWatch, AnInterruptTripsIt) {
  std::atomic<bool> interrupted{false};
  ProcessWatch watch({}, &interrupted, nullptr, milliseconds(5));
  interrupted = true;
  ASSERT_TRUE(WaitUntil([&] { return watch.tripped(); }, milliseconds(2000)));
  EXPECT_EQ(watch.failure().message(), "interrupted");
}

}  // namespace
}  // namespace mdbprof::bench
