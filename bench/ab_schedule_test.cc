#include "bench/ab_schedule.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace mdbprof::bench {
namespace {

std::vector<std::string> Names(const std::vector<AbSlot>& slots) {
  std::vector<std::string> out;
  for (const AbSlot& s : slots) {
    out.push_back(std::string(AbSideName(s.side)) + std::to_string(s.index));
  }
  return out;
}

TEST(AbScheduleTest, AlternatesBaseAndHead) {
  EXPECT_EQ(Names(AbSchedule(3)),
            (std::vector<std::string>{"base1", "head1", "base2", "head2",
                                      "base3", "head3"}));
  EXPECT_EQ(Names(AbSchedule(1)), (std::vector<std::string>{"base1", "head1"}));
}

TEST(AbScheduleTest, EachSideIsARunDirectoryOfItsOwn) {
  EXPECT_EQ(AbSideDir("profiles/20261126_120000", AbSide::kBase),
            "profiles/20261126_120000/base");
  EXPECT_EQ(AbSideDir("/r", AbSide::kHead), "/r/head");
}

}  // namespace
}  // namespace mdbprof::bench
