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
                           std::string(pattern) + "\" is invalid: " +
                           e.what());
  }
}

// Memoized "does function `id`'s name match `re`".
class FunctionMatcher {
 public:
  FunctionMatcher(const Profile& profile, const std::regex* re)
      : profile_(profile), re_(re) {}
  bool Matches(const perftools::profiles::Location& location) {
    if (re_ == nullptr) return false;
    for (const auto& line : location.line()) {
      auto [it, inserted] = memo_.emplace(line.function_id(), false);
      if (inserted) {
        const auto* f = profile_.FindFunction(line.function_id());
        std::string_view name = profile_.String(f->name());
        it->second = std::regex_search(name.begin(), name.end(), *re_);
      }
      if (it->second) return true;
    }
    return false;
  }

 private:
  const Profile& profile_;
  const std::regex* re_;
  std::unordered_map<uint64_t, bool> memo_;
};

}  // namespace

Result<SampleFilter> SampleFilter::Create(const Profile& profile,
                                          std::string_view focus,
                                          std::string_view ignore) {
  Result<std::optional<std::regex>> focus_re = Compile("focus", focus);
  if (!focus_re.ok()) return focus_re.status();
  Result<std::optional<std::regex>> ignore_re = Compile("ignore", ignore);
  if (!ignore_re.ok()) return ignore_re.status();

  FunctionMatcher focus_matcher(profile, focus_re->has_value() ? &**focus_re : nullptr);
  FunctionMatcher ignore_matcher(profile,
                                 ignore_re->has_value() ? &**ignore_re : nullptr);
  SampleFilter filter;
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
