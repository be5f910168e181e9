// ResolveSampleIndex: pprof's -sample_index semantics (type name, number, or
// the profile's default).
//
//   Result<int> i = ResolveSampleIndex(profile, "alloc_space");
//   Result<int> j = ResolveSampleIndex(profile, "1");
//   Result<int> d = ResolveSampleIndex(profile, "");  // DefaultSampleIndex()
#ifndef MDBPROF_PPROF_SAMPLE_INDEX_H_
#define MDBPROF_PPROF_SAMPLE_INDEX_H_

#include <string_view>

#include "base/status.h"
#include "pprof/profile.h"

namespace mdbprof::pprof {

// "" -> profile.DefaultSampleIndex(); a decimal number -> that index (error
// when out of range); otherwise the sample type with that name, where
// "inuse_X" also finds a type named "X" (as pprof). The error lists the
// available types.
Result<int> ResolveSampleIndex(const Profile& profile,
                               std::string_view sample_index);

}  // namespace mdbprof::pprof

#endif  // MDBPROF_PPROF_SAMPLE_INDEX_H_
