#include "pprof/totals.h"

#include "pprof/int_math.h"

namespace mdbprof::pprof {

std::vector<SampleTypeTotal> Totals(const Profile& profile) {
  const auto& p = profile.proto();
  std::vector<SampleTypeTotal> totals(p.sample_type_size());
  for (int i = 0; i < p.sample_type_size(); ++i) {
    totals[i].type = profile.String(p.sample_type(i).type());
    totals[i].unit = profile.String(p.sample_type(i).unit());
  }
  for (const auto& sample : p.sample()) {
    for (int i = 0; i < sample.value_size(); ++i) {
      int64_t v = sample.value(i);
      totals[i].total = WrappingAdd(totals[i].total, WrappingAbs(v));
      totals[i].sum = WrappingAdd(totals[i].sum, v);
    }
  }
  return totals;
}

Result<SampleTypeTotal> TotalOf(const Profile& profile, std::string_view type) {
  const int index = profile.SampleTypeIndex(type);
  const auto& p = profile.proto();
  if (index < 0) {
    std::string present;
    for (const auto& st : p.sample_type()) {
      if (!present.empty()) present += ", ";
      present += std::string(profile.String(st.type()));
    }
    return NotFound("profile has no sample type '" + std::string(type) +
                    "' (has: " + present + ")");
  }
  return Totals(profile)[index];
}

}  // namespace mdbprof::pprof
