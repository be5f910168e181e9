#include "report/mann_whitney.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

namespace mdbprof::report {
namespace {

// x = {1, 2, 3}, y = {4, 5, 6}: every x below every y, U = 0. Of the
// C(6, 3) = 20 equally likely arrangements exactly one has U = 0, so
// P(U <= 0) = 1/20 and the two-sided p is 2/20.
TEST(MannWhitney, ExactCompleteSeparationThreeVersusThree) {
  std::vector<double> x = {1, 2, 3}, y = {4, 5, 6};
  Result<MannWhitneyResult> two = MannWhitneyU(x, y, Alternative::kTwoSided);
  ASSERT_TRUE(two.ok()) << two.status().message();
  EXPECT_EQ(two->u, 0);
  EXPECT_EQ(two->method, TestMethod::kExact);
  EXPECT_FALSE(two->ties);
  EXPECT_DOUBLE_EQ(two->p_value, 0.1);
  EXPECT_DOUBLE_EQ(MannWhitneyU(x, y, Alternative::kLess)->p_value, 0.05);
  EXPECT_DOUBLE_EQ(MannWhitneyU(x, y, Alternative::kGreater)->p_value, 1.0);
  // Swapping the samples mirrors U and the one-sided p-values.
  EXPECT_EQ(MannWhitneyU(y, x, Alternative::kGreater)->u, 9);
  EXPECT_DOUBLE_EQ(MannWhitneyU(y, x, Alternative::kGreater)->p_value, 0.05);
}

// x = {1, 3, 5, 7}, y = {2, 4, 6, 8, 10}: U = 0 + 1 + 2 + 3 = 6. The counts
// of U = 0..6 for sizes 4 and 5 are the partitions of u into at most 4
// parts of at most 5: 1, 1, 2, 3, 5, 6, 8 (26 in all) of C(9, 4) = 126.
// P(U <= 6) = 26/126, P(U >= 6) = 1 - 18/126 = 108/126, two-sided 52/126.
TEST(MannWhitney, ExactMatchesHandCountedDistribution) {
  std::vector<double> x = {1, 3, 5, 7}, y = {2, 4, 6, 8, 10};
  Result<MannWhitneyResult> r = MannWhitneyU(x, y, Alternative::kTwoSided);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->u, 6);
  EXPECT_NEAR(r->p_value, 52.0 / 126, 1e-12);
  EXPECT_NEAR(MannWhitneyU(x, y, Alternative::kLess)->p_value, 26.0 / 126,
              1e-12);
  EXPECT_NEAR(MannWhitneyU(x, y, Alternative::kGreater)->p_value, 108.0 / 126,
              1e-12);
}

// Brute force: enumerate every way to pick which 4 of the 10 pooled ranks
// belong to x and count how often U <= the observed U.
TEST(MannWhitney, ExactAgreesWithEnumeration) {
  std::vector<double> x = {2.5, 9.1, 3.3, 7.7},
                      y = {1.0, 4.2, 5.6, 6.1, 8.8, 0.4};
  Result<MannWhitneyResult> r = MannWhitneyU(x, y, Alternative::kLess);
  ASSERT_TRUE(r.ok());
  std::vector<bool> pick(10, false);
  std::fill(pick.begin(), pick.begin() + 4, true);
  int total = 0, at_most = 0;
  do {
    double u = 0;  // rank i (0-based) of an x exceeds the y's below it
    int ys_below = 0;
    for (int i = 0; i < 10; ++i) {
      if (pick[i]) {
        u += ys_below;
      } else {
        ++ys_below;
      }
    }
    ++total;
    if (u <= r->u) ++at_most;
  } while (std::prev_permutation(pick.begin(), pick.end()));
  EXPECT_EQ(total, 210);
  EXPECT_NEAR(r->p_value, static_cast<double>(at_most) / total, 1e-12);
}

// x = {1, 2, 2, 3, 4}, y = {2, 3, 5, 6, 6, 7}, N = 11. Mid-ranks: 1 -> 1,
// the three 2s -> 3, the two 3s -> 5.5, 4 -> 7, 5 -> 8, the 6s -> 9.5,
// 7 -> 11. R_x = 1 + 3 + 3 + 5.5 + 7 = 19.5, U = 19.5 - 15 = 4.5; mean 15.
// Ties Σ(t³ - t) = 24 + 6 + 6 = 36, variance = 30/12 * (12 - 36/110) =
// 29.1818..., σ = 5.402020. z = (|4.5 - 15| - 0.5) / σ = 1.851159;
// two-sided p = 2 * (1 - Φ(z)) = 0.0641466 (scipy: 0.06414661873440443);
// one-sided "less" p = 1 - Φ(z) = 0.0320733.
TEST(MannWhitney, NormalApproximationWithTieAndContinuityCorrection) {
  std::vector<double> x = {1, 2, 2, 3, 4}, y = {2, 3, 5, 6, 6, 7};
  Result<MannWhitneyResult> r = MannWhitneyU(x, y, Alternative::kTwoSided);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->ties);
  EXPECT_EQ(r->method, TestMethod::kAsymptotic);
  EXPECT_DOUBLE_EQ(r->u, 4.5);
  EXPECT_NEAR(r->z, 1.8511594413390131, 1e-9);
  EXPECT_NEAR(r->p_value, 0.06414661873440443, 1e-9);
  Result<MannWhitneyResult> less = MannWhitneyU(x, y, Alternative::kLess);
  EXPECT_NEAR(less->p_value, 0.032073309367202214, 1e-9);
  Result<MannWhitneyResult> greater = MannWhitneyU(x, y, Alternative::kGreater);
  EXPECT_GT(greater->p_value, 0.95);
}

TEST(MannWhitney, IdenticalSamplesHavePOne) {
  std::vector<double> x = {5, 5, 5}, y = {5, 5, 5};
  for (Alternative a :
       {Alternative::kTwoSided, Alternative::kLess, Alternative::kGreater}) {
    Result<MannWhitneyResult> r = MannWhitneyU(x, y, a);
    ASSERT_TRUE(r.ok());
    EXPECT_DOUBLE_EQ(r->p_value, 1.0);
    EXPECT_DOUBLE_EQ(r->u, 4.5);
  }
}

TEST(MannWhitney, LargeSamplesUseTheNormalApproximation) {
  std::vector<double> x, y;
  for (int i = 0; i < 60; ++i) {
    x.push_back(i);
    y.push_back(i + 0.5);
  }
  Result<MannWhitneyResult> r = MannWhitneyU(x, y, Alternative::kTwoSided);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->method, TestMethod::kAsymptotic);
  EXPECT_GT(r->p_value, 0.5);  // interleaved samples: no shift
  EXPECT_FALSE(
      MannWhitneyU(x, y, Alternative::kTwoSided, TestMethod::kExact).ok());
}

TEST(MannWhitney, ExactAndNormalAgreeRoughlyWithoutTies) {
  std::vector<double> x = {1, 2, 3, 4, 5, 6, 7, 8},
                      y = {5.5, 6.5, 7.5, 8.5, 9.5, 10.5, 11.5, 12.5};
  double exact =
      MannWhitneyU(x, y, Alternative::kTwoSided, TestMethod::kExact)->p_value;
  double normal =
      MannWhitneyU(x, y, Alternative::kTwoSided, TestMethod::kAsymptotic)
          ->p_value;
  EXPECT_NEAR(exact, normal, 0.01);
  EXPECT_LT(exact, 0.01);
}

TEST(MannWhitney, RejectsEmptyAndNonFiniteSamples) {
  std::vector<double> x = {1, 2}, empty;
  Result<MannWhitneyResult> r = MannWhitneyU(x, empty, Alternative::kLess);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("non-empty"), std::string::npos);
  std::vector<double> nan = {1, std::nan("")};
  r = MannWhitneyU(x, nan, Alternative::kLess);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("not finite"), std::string::npos);
  std::vector<double> tied = {1, 1};
  r = MannWhitneyU(x, tied, Alternative::kLess, TestMethod::kExact);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("without ties"), std::string::npos);
}

}  // namespace
}  // namespace mdbprof::report
