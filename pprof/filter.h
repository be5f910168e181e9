// SampleFilter: pprof's -focus / -ignore, as regular expressions over the
// frames of a sample (function names, their file names, the mapping's file).
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
  // `focus` and `ignore` are ECMAScript regular expressions (std::regex;
  // Go's RE2 syntax is close but not identical), matched anywhere in the
  // text (like Go's MatchString); "" disables that side. As pprof, a
  // location matches when the regex matches the name or the file name of
  // any of its lines' functions, or the file name of its mapping.
  // Error when a regex does not compile.
  static Result<SampleFilter> Create(const Profile& profile,
                                     std::string_view focus,
                                     std::string_view ignore);

  // As pprof's FilterSamplesByName: true when some location matches focus
  // (every location does when focus is "") and none matches ignore. A
  // sample without locations is never kept.
  // REQUIRES: `sample` belongs to the profile passed to Create.
  bool Keep(const perftools::profiles::Sample& sample) const;

 private:
  // Location id -> true when focused, false when ignored; absent: neither.
  std::unordered_map<uint64_t, bool> decision_;
  // Neither focus nor ignore: every location is focused, decision_ is
  // empty, and Keep only checks that the sample has a location.
  bool keep_all_ = false;
};

}  // namespace mdbprof::pprof

#endif  // MDBPROF_PPROF_FILTER_H_
