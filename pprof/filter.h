// SampleFilter: pprof's -focus / -ignore, as regular expressions over the
// function names of a sample's frames.
//
//   Result<SampleFilter> f = SampleFilter::Create(profile, "Store", "sqlite3");
//   if (!f.ok()) return f.status();  // e.g. an invalid regex
//   for (const auto& s : profile.proto().sample())
//     if (f->Keep(s)) Use(s);
#ifndef MDBPROF_PPROF_FILTER_H_
#define MDBPROF_PPROF_FILTER_H_

#include <cstdint>
#include <string_view>
#include <unordered_map>

#include "base/status.h"
#include "pprof/profile.h"

namespace mdbprof::pprof {

class SampleFilter {
 public:
  // `focus` and `ignore` are ECMAScript regular expressions (std::regex),
  // matched anywhere in a function name (like Go's MatchString); "" disables
  // that side. Unlike pprof, file and mapping names are not matched.
  // Error when a regex does not compile.
  static Result<SampleFilter> Create(const Profile& profile,
                                     std::string_view focus,
                                     std::string_view ignore);

  // As pprof's FilterSamplesByName: true when some frame (any line of any
  // location) matches focus (every frame does when focus is "") and no frame
  // matches ignore. A sample without locations is never kept.
  // REQUIRES: `sample` belongs to the profile passed to Create.
  bool Keep(const perftools::profiles::Sample& sample) const;

 private:
  // Location id -> true when focused, false when ignored; absent: neither.
  std::unordered_map<uint64_t, bool> decision_;
};

}  // namespace mdbprof::pprof

#endif  // MDBPROF_PPROF_FILTER_H_
