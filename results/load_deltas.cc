#include "results/load_deltas.h"

#include <cmath>
#include <cstdint>

#include "pprof/base.h"
#include "pprof/ignore.h"
#include "pprof/totals.h"

namespace mdbprof::results {

Result<AllocDelta> ComputeAllocDelta(const pprof::Profile& before,
                                     const pprof::Profile& after) {
  constexpr char kContext[] = "allocs-after minus allocs-before";
  Result<pprof::Profile> all = pprof::SubtractBase(after, before);
  if (!all.ok()) return all.status().WithContext(kContext);
  Result<pprof::Profile> diff = pprof::IgnoreSamples(*all, kProfilerFrames);
  if (!diff.ok()) return diff.status().WithContext(kContext);
  Result<pprof::SampleTypeTotal> bytes = pprof::TotalOf(*diff, "alloc_space");
  if (!bytes.ok()) return bytes.status().WithContext(kContext);
  Result<pprof::SampleTypeTotal> objects =
      pprof::TotalOf(*diff, "alloc_objects");
  if (!objects.ok()) return objects.status().WithContext(kContext);
  Result<pprof::SampleTypeTotal> all_bytes =
      pprof::TotalOf(*all, "alloc_space");
  if (!all_bytes.ok()) return all_bytes.status().WithContext(kContext);
  const int space = diff->SampleTypeIndex("alloc_space");
  const int count = diff->SampleTypeIndex("alloc_objects");
  const double period = static_cast<double>(diff->proto().period());
  double events = 0;
  for (const auto& sample : diff->proto().sample()) {
    const double n = static_cast<double>(sample.value(count));
    if (n <= 0) continue;  // a stack that allocated less than before
    const double avg = static_cast<double>(sample.value(space)) / n;
    events += period > 1 && avg > 0 ? n * -std::expm1(-avg / period) : n;
  }
  // Wrapped or hostile counters can exceed int64: saturate instead.
  const int64_t samples =
      events >= 9.2e18 ? INT64_MAX : static_cast<int64_t>(std::llround(events));
  return AllocDelta{std::move(*diff), bytes->sum, objects->sum, samples,
                    static_cast<int64_t>(static_cast<uint64_t>(all_bytes->sum) -
                                         static_cast<uint64_t>(bytes->sum))};
}

Result<HeapChange> ComputeHeapChange(const pprof::Profile& before,
                                     const pprof::Profile& after) {
  Result<pprof::SampleTypeTotal> in_before =
      pprof::TotalOf(before, "inuse_space");
  if (!in_before.ok()) return in_before.status().WithContext("heap-before");
  Result<pprof::SampleTypeTotal> in_after =
      pprof::TotalOf(after, "inuse_space");
  if (!in_after.ok()) return in_after.status().WithContext("heap-after");
  return HeapChange{in_after->sum, static_cast<int64_t>(
                                       static_cast<uint64_t>(in_after->sum) -
                                       static_cast<uint64_t>(in_before->sum))};
}

}  // namespace mdbprof::results
