// Totals: one sum per sample type over all samples of a profile.
//
//   for (const SampleTypeTotal& t : Totals(profile))
//     std::cout << t.type << "/" << t.unit << ": " << t.total << "\n";
//   Result<SampleTypeTotal> heap = TotalOf(profile, "inuse_space");
#ifndef MDBPROF_PPROF_TOTALS_H_
#define MDBPROF_PPROF_TOTALS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "pprof/profile.h"

namespace mdbprof::pprof {

struct SampleTypeTotal {
  std::string type{}, unit{};
  int64_t total = 0;  // Σ|v|: the "total" of `go tool pprof`
  int64_t sum = 0;    // Σv: differs from total once values are negative
};

// One entry per sample type, in the profile's order. Sums wrap on int64
// overflow (as pprof's).
std::vector<SampleTypeTotal> Totals(const Profile& profile);

// The entry of Totals() for the sample type named `type` (the first, should
// the profile name it twice); NotFound naming `type` and the types present
// when the profile has none of that name.
Result<SampleTypeTotal> TotalOf(const Profile& profile, std::string_view type);

}  // namespace mdbprof::pprof

#endif  // MDBPROF_PPROF_TOTALS_H_
