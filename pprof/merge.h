// MergeProfiles: pprof's profile.Merge over signed inputs — equal mappings,
// functions, locations and samples are merged, values of equal samples are
// summed (or subtracted), all-zero samples are dropped. ProfileMerger is the
// sample-level building block.
//
//   Result<Profile> sum = MergeProfiles({{&run1, +1}, {&run2, +1}});
//   Result<Profile> diff = MergeProfiles({{&head, +1}, {&base, -1}});
#ifndef MDBPROF_PPROF_MERGE_H_
#define MDBPROF_PPROF_MERGE_H_

#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "base/status.h"
#include "pprof/profile.h"
#include "proto/profile.pb.h"

namespace mdbprof::pprof {

struct SignedProfile {
  const Profile* profile;  // not owned; must outlive the call
  int sign;                // +1 adds the values, -1 subtracts them
};

// Requires at least one input; every input must have the same sample types
// (type and unit, in order) and period type as the first, else
// InvalidArgument naming both. Headers combine as pprof's: sample types,
// period type, drop/keep frames and doc_url from the first input; time the
// first input's unless an earlier input has a smaller non-zero one (pprof's
// loop: min, where a leading 0 is replaced); durations summed; period the
// maximum; comments de-duplicated in order; default_sample_type the first
// non-empty. The result holds only what its samples reference.
Result<Profile> MergeProfiles(const std::vector<SignedProfile>& inputs);

// Keys (as pprof's): a mapping by its size rounded up to 4 KiB, file offset
// and build id (else file name); a function by name, system name, file and
// start line; a location by mapping, address relative to the mapping start,
// is_folded and its lines; a sample by its locations and labels.
//
// Not thread-safe; one merger per merged profile.
class ProfileMerger {
 public:
  ProfileMerger();

  // Adds every sample of `src` whose values are not all zero, multiplied by
  // `sign`. Copies only the sample contents (mappings, locations, functions,
  // strings, labels); headers are the caller's business.
  // REQUIRES: sign is +1 or -1; every profile added has the same number of
  // sample types.
  void Add(const Profile& src, int sign);

  // The merged samples, with every all-zero sample removed. Mappings,
  // locations and functions that only such samples used stay in the tables
  // (re-merge the result alone to drop them). Header fields are unset,
  // except the string table.
  perftools::profiles::Profile Finish() &&;

  // Index of `s` in the merged string table (added when new).
  int64_t String(std::string_view s);
  // The profile under construction, to fill in header fields.
  perftools::profiles::Profile& mutable_proto() { return out_; }

 private:
  uint64_t MapMapping(const Profile& src, uint64_t id, int64_t* offset);
  uint64_t MapFunction(const Profile& src, uint64_t id);
  uint64_t MapLocation(const Profile& src, uint64_t id);

  // Source-profile memo tables, reset by Add.
  struct SourceMemo {
    std::unordered_map<uint64_t, std::pair<uint64_t, int64_t>> mappings;
    std::unordered_map<uint64_t, uint64_t> functions, locations;
  };

  perftools::profiles::Profile out_;
  SourceMemo memo_;
  std::unordered_map<std::string, int64_t> strings_;
  std::map<std::tuple<uint64_t, uint64_t, std::string>, uint64_t> mappings_;
  std::map<std::tuple<std::string, std::string, std::string, int64_t>, uint64_t>
      functions_;
  std::unordered_map<std::string, uint64_t> locations_;
  std::unordered_map<std::string, int> samples_;
};

}  // namespace mdbprof::pprof

#endif  // MDBPROF_PPROF_MERGE_H_
