#include "report/mann_whitney.h"

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

namespace mdbprof::report {
namespace {

// Mid-ranks: returns R1 (the rank sum of x), whether there were ties and
// Σ(t³ - t) over the groups of tied values.
struct Ranking {
  double rank_sum_x = 0;
  bool ties = false;
  double tie_term = 0;
};

Ranking Rank(std::span<const double> x, std::span<const double> y) {
  std::vector<std::pair<double, bool>> pooled;  // value, is_x
  for (double v : x) pooled.push_back({v, true});
  for (double v : y) pooled.push_back({v, false});
  std::sort(pooled.begin(), pooled.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  Ranking r;
  for (size_t i = 0; i < pooled.size();) {
    size_t j = i;
    while (j < pooled.size() && pooled[j].first == pooled[i].first) ++j;
    const double t = static_cast<double>(j - i);
    const double mid_rank =
        (static_cast<double>(i + 1) + static_cast<double>(j)) / 2;
    for (size_t k = i; k < j; ++k) {
      if (pooled[k].second) r.rank_sum_x += mid_rank;
    }
    if (t > 1) {
      r.ties = true;
      r.tie_term += t * t * t - t;
    }
    i = j;
  }
  return r;
}

// counts[u] = number of arrangements of m x's and n y's whose U (of x) is u,
// by f(i, j, u) = f(i-1, j, u-j) + f(i, j-1, u): the largest value is either
// an x (above all j y's) or a y. Additions only, so doubles stay accurate.
std::vector<double> ExactCounts(int m, int n) {
  // prev[j] / cur[j]: the distribution for (i-1, j) / (i, j), u in [0, i*j].
  std::vector<std::vector<double>> prev(n + 1, std::vector<double>(1, 1.0));
  for (int i = 1; i <= m; ++i) {
    std::vector<std::vector<double>> cur(n + 1);
    cur[0] = {1.0};
    for (int j = 1; j <= n; ++j) {
      std::vector<double>& f = cur[j];
      f.assign(static_cast<size_t>(i) * j + 1, 0.0);
      for (size_t u = 0; u < prev[j].size(); ++u) f[u + j] += prev[j][u];
      for (size_t u = 0; u < cur[j - 1].size(); ++u) f[u] += cur[j - 1][u];
    }
    prev = std::move(cur);
  }
  return prev[n];
}

double NormalSf(double z) { return 0.5 * std::erfc(z / std::sqrt(2.0)); }

}  // namespace

std::string_view MethodName(TestMethod method) {
  return method == TestMethod::kAsymptotic ? "normal approximation" : "exact";
}

Result<MannWhitneyResult> MannWhitneyU(std::span<const double> x,
                                       std::span<const double> y,
                                       Alternative alternative,
                                       TestMethod method) {
  if (x.empty() || y.empty()) {
    return InvalidArgument("Mann-Whitney U test needs two non-empty samples");
  }
  for (std::span<const double> s : {x, y}) {
    for (double v : s) {
      if (!std::isfinite(v)) {
        return InvalidArgument("Mann-Whitney U test: a value is not finite");
      }
    }
  }
  const double n1 = static_cast<double>(x.size());
  const double n2 = static_cast<double>(y.size());
  const Ranking ranking = Rank(x, y);
  MannWhitneyResult r;
  r.u = ranking.rank_sum_x - n1 * (n1 + 1) / 2;
  r.ties = ranking.ties;
  const bool small = x.size() <= kMaxExactSize && y.size() <= kMaxExactSize;
  if (method == TestMethod::kExact && (r.ties || !small)) {
    return InvalidArgument(
        std::string("Mann-Whitney U test: the exact method needs ") +
        (r.ties ? "samples without ties" : "samples of at most 50 values"));
  }
  r.method =
      method == TestMethod::kAuto
          ? (!r.ties && small ? TestMethod::kExact : TestMethod::kAsymptotic)
          : method;

  if (r.method == TestMethod::kExact) {
    const std::vector<double> counts =
        ExactCounts(static_cast<int>(x.size()), static_cast<int>(y.size()));
    double total = 0, at_most = 0, at_least = 0;
    const size_t u = static_cast<size_t>(std::llround(r.u));
    for (size_t k = 0; k < counts.size(); ++k) {
      total += counts[k];
      if (k <= u) at_most += counts[k];
      if (k >= u) at_least += counts[k];
    }
    const double lower = at_most / total, upper = at_least / total;
    switch (alternative) {
      case Alternative::kLess:
        r.p_value = lower;
        break;
      case Alternative::kGreater:
        r.p_value = upper;
        break;
      case Alternative::kTwoSided:
        r.p_value = std::min(1.0, 2 * std::min(lower, upper));
        break;
    }
    return r;
  }

  const double n = n1 + n2;
  const double mu = n1 * n2 / 2;
  const double variance =
      n1 * n2 / 12 * ((n + 1) - ranking.tie_term / (n * (n - 1)));
  if (!(variance > 0)) {  // every value equal: no evidence either way
    r.p_value = 1;
    return r;
  }
  const double sigma = std::sqrt(variance);
  switch (alternative) {
    case Alternative::kLess:
      r.z = (r.u - mu + 0.5) / sigma;
      r.p_value = NormalSf(-r.z);
      break;
    case Alternative::kGreater:
      r.z = (r.u - mu - 0.5) / sigma;
      r.p_value = NormalSf(r.z);
      break;
    case Alternative::kTwoSided:
      r.z = (std::abs(r.u - mu) - 0.5) / sigma;
      r.p_value = std::min(1.0, 2 * NormalSf(r.z));
      break;
  }
  return r;
}

}  // namespace mdbprof::report
