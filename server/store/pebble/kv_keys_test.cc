#include "server/store/pebble/kv_keys.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

namespace refserver::pebble {
namespace {

bool InRange(const KeyRange& r, const std::string& key) {
  return key >= r.lower && key < r.upper;
}

TEST(KvKeys, PaddedNumbersSortNumerically) {
  const std::vector<uint64_t> numbers = {
      0, 1, 9, 10, 99, 100, 12345, UINT64_MAX - 1, UINT64_MAX};
  for (size_t i = 1; i < numbers.size(); ++i) {
    EXPECT_LT(MessageKey(numbers[i - 1]), MessageKey(numbers[i]));
  }
  EXPECT_EQ(Pad20(42), "00000000000000000042");
  EXPECT_EQ(Pad20(UINT64_MAX), "18446744073709551615");
  EXPECT_EQ(ParsePad20(Pad20(UINT64_MAX)), UINT64_MAX);
  EXPECT_EQ(ParsePad20("18446744073709551616"), std::nullopt) << "overflow";
  EXPECT_EQ(ParsePad20("0000000000000000004x"), std::nullopt);
  EXPECT_EQ(ParsePad20("42"), std::nullopt);
}

TEST(KvKeys, SchemeMatchesEventoDbLayout) {
  EXPECT_EQ(MessageKey(7), "M:00000000000000000007");
  EXPECT_EQ(StreamIndexKey("acct-1", 3), "SI:acct-1:00000000000000000003");
  EXPECT_EQ(CategoryIndexKey("acct", 12), "CI:acct:00000000000000000012");
  EXPECT_EQ(VersionKey("acct-1"), "VI:acct-1");
  EXPECT_EQ(TrailingNumber(CategoryIndexKey("acct", 12)), 12u);
  EXPECT_EQ(TrailingNumber("CI:acct:"), std::nullopt);
}

TEST(KvKeys, EscapingKeepsStreamRangesDisjoint) {
  EXPECT_EQ(EscapeKeyPart("a:b%c"), "a%3Ab%25c");
  const std::vector<std::string> streams = {"a",  "a:b", "a:0", "a%3A",
                                            "a:", "a%",  "a0"};
  for (const std::string& s : streams) {
    const KeyRange range = StreamIndexRange(s);
    for (const std::string& other : streams) {
      for (uint64_t pos : {uint64_t{0}, uint64_t{5}, UINT64_MAX}) {
        EXPECT_EQ(InRange(range, StreamIndexKey(other, pos)), s == other)
            << "range of '" << s << "' vs key of '" << other << "'";
      }
    }
    EXPECT_FALSE(InRange(range, VersionKey(s)));
  }
}

TEST(KvKeys, CategoryRangeHoldsOnlyThatCategory) {
  const KeyRange acct = CategoryIndexRange("acct");
  EXPECT_TRUE(InRange(acct, CategoryIndexKey("acct", 1)));
  EXPECT_TRUE(InRange(acct, CategoryIndexKey("acct", UINT64_MAX)));
  EXPECT_FALSE(InRange(acct, CategoryIndexKey("accts", 1)));
  EXPECT_FALSE(InRange(acct, CategoryIndexKey("acc", 1)));
  EXPECT_FALSE(InRange(acct, CategoryIndexKey("acct:x", 1)));
}

}  // namespace
}  // namespace refserver::pebble
