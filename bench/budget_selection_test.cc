#include "bench/budget_selection.h"

#include <filesystem>
#include <fstream>

#include "fixtures/scratch_dir.h"
#include "gtest/gtest.h"

namespace mdbprof::bench {
namespace {

class BudgetSelectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<fixtures::ScratchDir> dir =
        fixtures::ScratchDir::Create("budget-selection-test");
    ASSERT_TRUE(dir.ok());
    scratch_.emplace(std::move(*dir));
    dir_ = scratch_->path();
  }
  std::string Write(const std::string& name, const std::string& text) {
    std::string path = dir_ + "/" + name;
    std::filesystem::create_directories(
        std::filesystem::path(path).parent_path());
    std::ofstream(path) << text;
    return path;
  }
  static bool HasLimit(const results::BudgetFile& b, const std::string& m) {
    for (const auto& l : b.metrics) {
      if (l.metric == m) return true;
    }
    return false;
  }
  std::optional<fixtures::ScratchDir> scratch_;
  std::string dir_;
};

TEST_F(BudgetSelectionTest, ANamedFileAppliesAndGetsTheDefaultErrorLimit) {
  std::string path =
      Write("tight.json", R"({"metrics": {"alloc_bytes_per_op": {"max": 1}}})");
  Result<results::BudgetFile> b = SelectBudget("sqlite", path, false, "/none");
  ASSERT_TRUE(b.ok()) << b.status().message();
  EXPECT_EQ(b->path, path);
  EXPECT_TRUE(HasLimit(*b, "alloc_bytes_per_op"));
  EXPECT_TRUE(HasLimit(*b, "errors")) << "errors <= 0 is the default";
}

TEST_F(BudgetSelectionTest, AnErrorRateLimitReplacesTheDefault) {
  std::string path =
      Write("lenient.json", R"({"metrics": {"error_rate": {"max": 0.01}}})");
  Result<results::BudgetFile> b = SelectBudget("sqlite", path, false, "/none");
  ASSERT_TRUE(b.ok()) << b.status().message();
  EXPECT_FALSE(HasLimit(*b, "errors"));
}

TEST_F(BudgetSelectionTest, ADirectoryHoldsOneFilePerBackend) {
  Write("budgets/sqlite.json", R"({"metrics": {"cpu_us_per_op": {"max": 9}}})");
  Result<results::BudgetFile> sqlite =
      SelectBudget("sqlite", dir_ + "/budgets", false, "/none");
  ASSERT_TRUE(sqlite.ok()) << sqlite.status().message();
  EXPECT_TRUE(HasLimit(*sqlite, "cpu_us_per_op"));
  Result<results::BudgetFile> pebble =
      SelectBudget("pebble", dir_ + "/budgets", false, "/none");
  ASSERT_TRUE(pebble.ok()) << pebble.status().message();
  EXPECT_EQ(pebble->metrics.size(), 1u);
  EXPECT_TRUE(HasLimit(*pebble, "errors"));
  EXPECT_NE(pebble->path.find("pebble.json"), std::string::npos)
      << pebble->path;
}

TEST_F(BudgetSelectionTest, AForeignServerGetsErrorsOnly) {
  Write("budgets/sqlite.json", R"({"metrics": {"cpu_us_per_op": {"max": 9}}})");
  Result<results::BudgetFile> b =
      SelectBudget("sqlite", "", true, dir_ + "/budgets");
  ASSERT_TRUE(b.ok());
  EXPECT_FALSE(HasLimit(*b, "cpu_us_per_op"));
  EXPECT_TRUE(HasLimit(*b, "errors"));
}

TEST_F(BudgetSelectionTest, TheSourceTreeBudgetIsTheDefault) {
  Write("budgets/sqlite.json", R"({"metrics": {"cpu_us_per_op": {"max": 9}}})");
  Result<results::BudgetFile> b =
      SelectBudget("sqlite", "", false, dir_ + "/budgets");
  ASSERT_TRUE(b.ok());
  EXPECT_TRUE(HasLimit(*b, "cpu_us_per_op"));
}

TEST_F(BudgetSelectionTest, AMissingOrMalformedNamedFileIsAnError) {
  Result<results::BudgetFile> b =
      SelectBudget("sqlite", dir_ + "/nope.json", false, "/none");
  ASSERT_FALSE(b.ok());
  EXPECT_NE(b.status().message().find("nope.json"), std::string::npos)
      << b.status().message();
  std::string bad = Write("bad.json", R"({"metrics": {"cpu_us_per_op": 5}})");
  b = SelectBudget("sqlite", bad, false, "/none");
  ASSERT_FALSE(b.ok());
  EXPECT_NE(b.status().message().find("bad.json"), std::string::npos)
      << b.status().message();
  EXPECT_NE(b.status().message().find("cpu_us_per_op"), std::string::npos)
      << b.status().message();
}

}  // namespace
}  // namespace mdbprof::bench
