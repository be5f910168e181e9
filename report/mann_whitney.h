// The Mann-Whitney U test (Wilcoxon rank-sum) of two independent samples,
// with tie correction.
//
// Method: exact when there are no ties and both samples have at most
// kMaxExactSize values — the p-value comes from the exact null distribution
// of U (every arrangement of the pooled ranks equally likely). Otherwise the
// normal approximation with tie-corrected variance and a continuity
// correction of 0.5. These are the p-values of scipy.stats.mannwhitneyu
// with method="exact" and method="asymptotic" (use_continuity=True).
//
//   std::vector<double> base = {10, 11, 12}, head = {13, 14, 15};
//   Result<MannWhitneyResult> r =
//       MannWhitneyU(base, head, Alternative::kLess);  // base < head?
//   // r->u == 0, r->p_value == 0.05 (exact: 1 of 20 arrangements)
#ifndef MDBPROF_REPORT_MANN_WHITNEY_H_
#define MDBPROF_REPORT_MANN_WHITNEY_H_

#include <span>
#include <string_view>

#include "base/status.h"

namespace mdbprof::report {

inline constexpr int kMaxExactSize = 50;

// The alternative hypothesis, about x relative to y.
enum class Alternative {
  kTwoSided,  // x and y differ in location
  kLess,      // x tends to be smaller than y
  kGreater,   // x tends to be larger than y
};

enum class TestMethod { kAuto, kExact, kAsymptotic };

struct MannWhitneyResult {
  // U of x: the number of pairs (x_i, y_j) with x_i > y_j, ties counting ½.
  double u = 0;
  double p_value = 1;
  TestMethod method = TestMethod::kExact;  // the one used (never kAuto)
  bool ties = false;  // some values of the pooled sample are equal
  double z = 0;       // the normal deviate (asymptotic only; 0 otherwise)
};

// Tests x against y. Errors: an empty sample, a non-finite value, or
// kExact requested for samples with ties or larger than kMaxExactSize.
Result<MannWhitneyResult> MannWhitneyU(std::span<const double> x,
                                       std::span<const double> y,
                                       Alternative alternative,
                                       TestMethod method = TestMethod::kAuto);

// "exact" or "normal approximation".
std::string_view MethodName(TestMethod method);

}  // namespace mdbprof::report

#endif  // MDBPROF_REPORT_MANN_WHITNEY_H_
