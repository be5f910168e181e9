#include "results/verdict.h"

#include <cmath>

#include "gtest/gtest.h"

namespace mdbprof::results {
namespace {

Verdict Passed(const std::string& metric, double actual) {
  Verdict v;
  v.metric = metric;
  v.limit = "<= 10";
  v.limit_value = 10;
  v.actual = actual;
  v.passed = true;
  return v;
}

TEST(AllPassed, TrueOnlyWhenNoVerdictFailed) {
  EXPECT_TRUE(AllPassed({}));
  std::vector<Verdict> verdicts = {Passed("a", 1), Passed("b", 2)};
  EXPECT_TRUE(AllPassed(verdicts));
  verdicts[1].passed = false;
  EXPECT_FALSE(AllPassed(verdicts));
}

TEST(FormatNumber, ReadableForIntegersFractionsAndNaN) {
  EXPECT_EQ(FormatNumber(60000), "60000");
  EXPECT_EQ(FormatNumber(71234.5), "71234.5");
  EXPECT_EQ(FormatNumber(0.953), "0.953");
  EXPECT_EQ(FormatNumber(-3), "-3");
  EXPECT_EQ(FormatNumber(std::nan("")), "not measured");
}

TEST(FormatVerdicts, TableWithFailureMessages) {
  Verdict failed;
  failed.metric = "/a|b/ alloc_space share";
  failed.limit = "<= 0.5 of total alloc_space";
  failed.limit_value = 0.5;
  failed.actual = 0.75;
  failed.passed = false;
  failed.message = "budget exceeded: /a|b/ alloc_space share\n  limit: ...\n";
  std::string text = FormatVerdicts({Passed("errors", 0), failed});
  EXPECT_NE(text.find("| budget | limit | actual | result |"),
            std::string::npos);
  EXPECT_NE(text.find("| errors | <= 10 | 0 | pass |"), std::string::npos)
      << text;
  // A '|' inside a cell is escaped so the table keeps four columns.
  EXPECT_NE(text.find("| /a\\|b/ alloc_space share | <= 0.5 of total "
                      "alloc_space | 0.75 | **FAIL** |"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("1 of 2 budgets passed."), std::string::npos);
  EXPECT_NE(text.find("```text\nbudget exceeded: /a|b/ alloc_space share\n"),
            std::string::npos)
      << text;
  EXPECT_EQ(FormatVerdicts({}), "No budgets were evaluated.\n");
  EXPECT_EQ(FormatVerdicts({Passed("x", 1)}).find("```"), std::string::npos);
}

}  // namespace
}  // namespace mdbprof::results
