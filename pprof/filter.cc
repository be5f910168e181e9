#include "pprof/filter.h"

#include <optional>
#include <regex>
#include <string>

namespace mdbprof::pprof {
namespace {

Result<std::optional<std::regex>> Compile(std::string_view name,
                                          std::string_view pattern) {
  if (pattern.empty()) return std::optional<std::regex>();
  try {
    return std::optional<std::regex>(
        std::regex(pattern.begin(), pattern.end(), std::regex::ECMAScript));
  } catch (const std::regex_error& e) {
    return InvalidArgument(std::string(name) + " regular expression \"" +
                           std::string(pattern) + "\" is invalid: " + e.what());
  }
}

// Memoized pprof Location.matchesName: a function name or file name of any
// line, or the mapping's file name, matches `re`.
class LocationMatcher {
 public:
  LocationMatcher(const Profile& profile, const std::regex* re)
      : profile_(profile), re_(re) {}

  bool Matches(const perftools::profiles::Location& location) {
    if (re_ == nullptr) return false;
    for (const auto& line : location.line()) {
      auto [it, inserted] = functions_.emplace(line.function_id(), false);
      if (inserted) {
        const auto* f = profile_.FindFunction(line.function_id());
        it->second = Search(profile_.String(f->name())) ||
                     Search(profile_.String(f->filename()));
      }
      if (it->second) return true;
    }
    if (location.mapping_id() == 0) return false;
    auto [it, inserted] = mappings_.emplace(location.mapping_id(), false);
    if (inserted) {
      const auto* m = profile_.FindMapping(location.mapping_id());
      it->second = Search(profile_.String(m->filename()));
    }
    return it->second;
  }

 private:
  bool Search(std::string_view text) const {
    return std::regex_search(text.begin(), text.end(), *re_);
  }

  const Profile& profile_;
  const std::regex* re_;
  std::unordered_map<uint64_t, bool> functions_, mappings_;
};

}  // namespace

Result<SampleFilter> SampleFilter::Create(const Profile& profile,
                                          std::string_view focus,
                                          std::string_view ignore) {
  Result<std::optional<std::regex>> focus_re = Compile("focus", focus);
  if (!focus_re.ok()) return focus_re.status();
  Result<std::optional<std::regex>> ignore_re = Compile("ignore", ignore);
  if (!ignore_re.ok()) return ignore_re.status();

  LocationMatcher focus_matcher(profile,
                                focus_re->has_value() ? &**focus_re : nullptr);
  LocationMatcher ignore_matcher(
      profile, ignore_re->has_value() ? &**ignore_re : nullptr);
  SampleFilter filter;
  if (!focus_re->has_value() && !ignore_re->has_value()) {
    filter.keep_all_ = true;  // every (resolvable) location is focused
    return filter;
  }
  try {
    for (const auto& location : profile.proto().location()) {
      if (ignore_matcher.Matches(location)) {
        filter.decision_[location.id()] = false;
      } else if (!focus_re->has_value() || focus_matcher.Matches(location)) {
        filter.decision_[location.id()] = true;
      }
    }
  } catch (const std::regex_error& e) {
    return InvalidArgument(std::string("regular expression failed: ") +
                           e.what());
  }
  return filter;
}

bool SampleFilter::Keep(const perftools::profiles::Sample& sample) const {
  if (keep_all_) return sample.location_id_size() > 0;
  bool focused = false;
  for (uint64_t id : sample.location_id()) {
    auto it = decision_.find(id);
    if (it == decision_.end()) continue;
    if (!it->second) return false;
    focused = true;
  }
  return focused;
}

}  // namespace mdbprof::pprof
