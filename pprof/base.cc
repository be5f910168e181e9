#include "pprof/base.h"

#include "pprof/merge.h"

namespace mdbprof::pprof {

Result<Profile> SubtractBase(const Profile& profile, const Profile& base) {
  Result<Profile> diff = MergeProfiles({{&profile, +1}, {&base, -1}});
  if (!diff.ok()) return diff.status().WithContext("base profile");
  return diff;
}

}  // namespace mdbprof::pprof
