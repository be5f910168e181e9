#include "report/top_functions.h"

#include <gtest/gtest.h>

#include "pprof/testing/profile_builder.h"
#include "report/testing/synthetic_run.h"
#include "results/run_layout.h"

namespace mdbprof::report {
namespace {

using pprof::testing::Frame;
using pprof::testing::ProfileBuilder;

constexpr char kMapIndex[] =
    "std::map<std::__cxx11::basic_string<char, std::char_traits<char>, "
    "std::allocator<char> >, int, std::less<void> >::operator[]("
    "std::__cxx11::basic_string<char, std::char_traits<char>, "
    "std::allocator<char> > const&)";

// cpu.prof of 100 ms: 30 in std::map::operator[], 20 in an unsymbolized
// leaf, 50 in `leaf` called through an unsymbolized frame.
class TopFunctionsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ProfileBuilder cpu({{"samples", "count"}, {"cpu", "nanoseconds"}});
    const Frame unnamed{std::initializer_list<std::string>{}};
    cpu.Add({"main", kMapIndex}, {3, 30'000'000});
    cpu.Add({"main", unnamed}, {2, 20'000'000});
    cpu.Add({"main", unnamed, "leaf"}, {5, 50'000'000});
    testing::WriteFile(
        tmp_.path() + "/" + results::kCpuFile,
        pprof::testing::Gzip(pprof::testing::Serialize(cpu.proto())));
  }
  testing::TempDir tmp_;
};

TEST_F(TopFunctionsTest, RowsShowReadableNames) {
  TopFunctions t = LoadTopFunctions(tmp_.path(), 10);
  ASSERT_TRUE(t.cpu.error.empty()) << t.cpu.error;
  std::vector<std::string> names;
  for (const pprof::FunctionRow& row : t.cpu.rows) names.push_back(row.name);
  EXPECT_NE(std::find(names.begin(), names.end(), "std::map<…>::operator[]"),
            names.end())
      << ::testing::PrintToString(names);
}

TEST_F(TopFunctionsTest, FullNamesOnRequest) {
  TopFunctions t = LoadTopFunctions(tmp_.path(), 10, /*full_names=*/true);
  ASSERT_TRUE(t.cpu.error.empty()) << t.cpu.error;
  bool found = false;
  for (const pprof::FunctionRow& row : t.cpu.rows)
    found |= row.name == kMapIndex;
  EXPECT_TRUE(found);
}

TEST_F(TopFunctionsTest, CountsSamplesInFramesWithoutAName) {
  TopFunctions t = LoadTopFunctions(tmp_.path(), 10);
  ASSERT_TRUE(t.cpu.error.empty()) << t.cpu.error;
  EXPECT_EQ(t.cpu.total, 100'000'000);
  // The leaf only: `leaf`'s unnamed caller does not count.
  EXPECT_EQ(t.cpu.unnamed, 20'000'000);
}

}  // namespace
}  // namespace mdbprof::report
