#include "pprof/ignore.h"

#include "pprof/filter.h"

namespace mdbprof::pprof {

Result<Profile> IgnoreSamples(const Profile& profile, std::string_view ignore) {
  if (ignore.empty()) return profile;
  Result<SampleFilter> filter = SampleFilter::Create(profile, "", ignore);
  if (!filter.ok()) return filter.status();
  perftools::profiles::Profile kept = profile.proto();
  kept.clear_sample();
  for (const auto& sample : profile.proto().sample()) {
    if (filter->Keep(sample)) *kept.add_sample() = sample;
  }
  return Profile::FromProto(std::move(kept));
}

}  // namespace mdbprof::pprof
