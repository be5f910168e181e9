// SubtractBase: `pprof -base`: the change from a base profile to a profile.
//
//   Result<Profile> diff = SubtractBase(after, before);
//   Result<TopReport> top = Top(*diff);  // flat/cum are changes, may be < 0
#ifndef MDBPROF_PPROF_BASE_H_
#define MDBPROF_PPROF_BASE_H_

#include "base/status.h"
#include "pprof/profile.h"

namespace mdbprof::pprof {

// The samples of `profile` plus the negated samples of `base`, merged by
// stack (locations: mapping, mapping-relative address, functions and lines)
// and labels, as pprof's -base (see MergeProfiles in merge.h). Values may be
// negative; samples that sum to zero in every value are dropped. Error when
// the sample types (type/unit, in order) or period types differ.
Result<Profile> SubtractBase(const Profile& profile, const Profile& base);

}  // namespace mdbprof::pprof

#endif  // MDBPROF_PPROF_BASE_H_
