// ValidateProfile: the structural checks of pprof's Profile.CheckValid (and
// of its decoder), with messages that name the offending element.
//
//   Status s = ValidateProfile(proto);
//   // e.g. "sample 12 has 3 values, profile has 4 sample types"
#ifndef MDBPROF_PPROF_VALIDATE_H_
#define MDBPROF_PPROF_VALIDATE_H_

#include "base/status.h"
#include "proto/profile.pb.h"

namespace mdbprof::pprof {

// OK when all of these hold, else InvalidArgument naming the first failure:
//  - at least one sample type; string_table[0] is "";
//  - every string index (types, units, labels, names, file names, comments,
//    default_sample_type, ...) is inside the string table;
//  - mapping, location and function ids are non-zero and unique per kind;
//  - every referenced mapping (non-zero), location and function id exists;
//  - every sample has exactly one value per sample type.
Status ValidateProfile(const perftools::profiles::Profile& profile);

}  // namespace mdbprof::pprof

#endif  // MDBPROF_PPROF_VALIDATE_H_
