#include "bench/load/latency_histogram.h"

#include <algorithm>
#include <cmath>

namespace mdbprof::bench {
namespace {

constexpr int kBucketCount =
    LatencyHistogram::BucketIndex(LatencyHistogram::kMaxTrackableNs) + 1;

// Lowest value and width of bucket `index` (the inverse of BucketIndex).
void BucketRange(int index, int64_t* lowest, int64_t* width) {
  constexpr int kBits = LatencyHistogram::kSubBucketBits;
  constexpr int kLinear = 2 << kBits;
  if (index < kLinear) {
    *lowest = index;
    *width = 1;
    return;
  }
  const int shift = (index >> kBits) - 1;
  const int64_t sub = index - (shift << kBits);
  *lowest = sub << shift;
  *width = int64_t{1} << shift;
}

}  // namespace

LatencyHistogram::LatencyHistogram() : counts_(kBucketCount, 0) {}

void LatencyHistogram::Merge(const LatencyHistogram& other) {
  if (other.count_ == 0) return;
  for (int i = 0; i < kBucketCount; ++i) counts_[i] += other.counts_[i];
  count_ += other.count_;
  sum_ += other.sum_;
  min_ = std::min(min_, other.min_);
  max_ = std::max(max_, other.max_);
}

void LatencyHistogram::Reset() {
  std::fill(counts_.begin(), counts_.end(), 0);
  count_ = 0;
  min_ = INT64_MAX;
  max_ = 0;
  sum_ = 0;
}

int64_t LatencyHistogram::ValueAtPercentile(double percentile) const {
  if (count_ == 0) return 0;
  if (!(percentile > 0)) return min_;  // also catches NaN
  if (percentile >= 100) return max_;
  const auto rank = std::max<int64_t>(
      1, static_cast<int64_t>(std::ceil(percentile * count_ / 100.0)));
  int64_t seen = 0;
  for (int i = 0; i < kBucketCount; ++i) {
    seen += counts_[i];
    if (seen >= rank) {
      int64_t lowest, width;
      BucketRange(i, &lowest, &width);
      return std::clamp(lowest + (width - 1) / 2, min_, max_);
    }
  }
  return max_;
}

}  // namespace mdbprof::bench
