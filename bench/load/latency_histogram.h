// LatencyHistogram: a log-linear (HdrHistogram-style) histogram of latencies
// in nanoseconds, for the load generator's per-operation timings.
//
// Values 0..255 ns are counted exactly; above that every power-of-two range
// [2^k, 2^(k+1)) is split linearly into 128 sub-buckets, so a bucket is at
// most 1/128 of its lower bound wide. Percentiles report the bucket midpoint
// (clamped to the exact min/max), which is within kRelativePrecision of the
// exact nearest-rank value. Range: 0 .. kMaxTrackableNs (100 s); larger
// values are counted in the top bucket (Max() still reports them exactly).
//
//   LatencyHistogram h;
//   h.Record(1'250'000);                  // 1.25 ms
//   int64_t p99 = h.ValueAtPercentile(99);
//
// Threading: not thread-safe; one writer, or external synchronisation.
// Record() never allocates (the buckets are allocated by the constructor).
#ifndef MDBPROF_BENCH_LOAD_LATENCY_HISTOGRAM_H_
#define MDBPROF_BENCH_LOAD_LATENCY_HISTOGRAM_H_

#include <bit>
#include <cstdint>
#include <vector>

namespace mdbprof::bench {

class LatencyHistogram {
 public:
  static constexpr int kSubBucketBits = 7;  // 128 linear sub-buckets per 2^k
  static constexpr int64_t kMaxTrackableNs = 100'000'000'000;  // 100 s
  // |ValueAtPercentile(p) - exact| <= exact * kRelativePrecision.
  static constexpr double kRelativePrecision = 1.0 / (1 << kSubBucketBits);

  LatencyHistogram();

  // Counts one value. Negative values count as 0; values above
  // kMaxTrackableNs land in the top bucket. O(1), no allocation.
  void Record(int64_t ns) {
    if (ns < 0) ns = 0;
    if (ns > max_) max_ = ns;
    if (ns < min_) min_ = ns;
    ++count_;
    sum_ += static_cast<double>(ns);
    ++counts_[BucketIndex(ns > kMaxTrackableNs ? kMaxTrackableNs : ns)];
  }

  // Adds all of `other`'s values to this histogram.
  void Merge(const LatencyHistogram& other);
  // Forgets all values (keeps the buckets' memory).
  void Reset();

  int64_t Count() const { return count_; }
  // Exact arithmetic mean of the recorded values; 0 when empty.
  double Mean() const { return count_ == 0 ? 0.0 : sum_ / count_; }
  // Exact extremes; 0 when empty.
  int64_t Max() const { return count_ == 0 ? 0 : max_; }
  int64_t Min() const { return count_ == 0 ? 0 : min_; }
  // Nearest-rank percentile, `percentile` in [0, 100] (clamped). 0 when
  // empty; ValueAtPercentile(100) == Max(), ValueAtPercentile(0) == Min().
  int64_t ValueAtPercentile(double percentile) const;

  // Bucket index of a value in [0, kMaxTrackableNs]. Exposed for tests.
  static constexpr int BucketIndex(int64_t ns) {
    constexpr int64_t kLinear = int64_t{2} << kSubBucketBits;  // 256
    if (ns < kLinear) return static_cast<int>(ns);
    const int shift =
        std::bit_width(static_cast<uint64_t>(ns)) - (kSubBucketBits + 1);
    return (shift << kSubBucketBits) + static_cast<int>(ns >> shift);
  }

 private:
  std::vector<int64_t> counts_;
  int64_t count_ = 0;
  int64_t min_ = INT64_MAX;
  int64_t max_ = 0;
  double sum_ = 0;
};

}  // namespace mdbprof::bench

#endif  // MDBPROF_BENCH_LOAD_LATENCY_HISTOGRAM_H_
