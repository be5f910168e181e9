#include "pprof/sample_index.h"

#include <charconv>
#include <string>

namespace mdbprof::pprof {
namespace {

std::string TypeList(const Profile& profile) {
  std::string list = "[";
  for (const auto& type : profile.proto().sample_type()) {
    if (list.size() > 1) list += " ";
    list += profile.String(type.type());
  }
  return list + "]";
}

}  // namespace

Result<int> ResolveSampleIndex(const Profile& profile,
                               std::string_view sample_index) {
  if (sample_index.empty()) return profile.DefaultSampleIndex();
  const int count = profile.proto().sample_type_size();
  int64_t number = 0;
  const char* end = sample_index.data() + sample_index.size();
  auto [ptr, ec] = std::from_chars(
      sample_index.data() + (sample_index.front() == '+' ? 1 : 0), end, number);
  if (ptr == end && ec == std::errc()) {
    if (number < 0 || number >= count) {
      return InvalidArgument("sample_index " + std::string(sample_index) +
                             " is outside the range [0.." +
                             std::to_string(count - 1) + "]");
    }
    return static_cast<int>(number);
  }
  if (ptr == end && ec == std::errc::result_out_of_range) {
    return InvalidArgument("sample_index " + std::string(sample_index) +
                           " is outside the range [0.." +
                           std::to_string(count - 1) + "]");
  }
  std::string_view no_inuse = sample_index;
  if (no_inuse.substr(0, 6) == "inuse_") no_inuse.remove_prefix(6);
  for (int i = 0; i < count; ++i) {
    std::string_view type =
        profile.String(profile.proto().sample_type(i).type());
    if (type == sample_index || type == no_inuse) return i;
  }
  return InvalidArgument("sample_index \"" + std::string(sample_index) +
                         "\" must be one of: " + TypeList(profile));
}

}  // namespace mdbprof::pprof
