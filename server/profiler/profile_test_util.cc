#include "server/profiler/profile_test_util.h"

#include <set>

namespace refserver::profiler::testing {
namespace {

using perftools::profiles::Profile;
using perftools::profiles::Sample;

const std::string& Str(const Profile& p, int64_t i) {
  static const std::string kBad = "<bad string index>";
  return i >= 0 && i < p.string_table_size() ? p.string_table(i) : kBad;
}

}  // namespace

::testing::AssertionResult IsWellFormed(const Profile& p) {
  if (p.string_table_size() == 0 || !p.string_table(0).empty()) {
    return ::testing::AssertionFailure() << "string_table[0] is not \"\"";
  }
  auto in_strings = [&](int64_t i) {
    return i >= 0 && i < p.string_table_size();
  };
  for (int i = 0; i < p.mapping_size(); ++i) {
    if (p.mapping(i).id() != static_cast<uint64_t>(i + 1)) {
      return ::testing::AssertionFailure()
             << "mapping " << i << " has id " << p.mapping(i).id();
    }
    if (!in_strings(p.mapping(i).filename())) {
      return ::testing::AssertionFailure() << "mapping filename index";
    }
  }
  for (int i = 0; i < p.function_size(); ++i) {
    const auto& f = p.function(i);
    if (f.id() != static_cast<uint64_t>(i + 1) || !in_strings(f.name()) ||
        !in_strings(f.system_name()) || !in_strings(f.filename())) {
      return ::testing::AssertionFailure() << "function " << i << " is bad";
    }
  }
  for (int i = 0; i < p.location_size(); ++i) {
    const auto& l = p.location(i);
    if (l.id() != static_cast<uint64_t>(i + 1)) {
      return ::testing::AssertionFailure()
             << "location " << i << " has id " << l.id();
    }
    if (l.mapping_id() > static_cast<uint64_t>(p.mapping_size())) {
      return ::testing::AssertionFailure()
             << "location " << l.id() << " has unknown mapping";
    }
    if (l.mapping_id() != 0) {
      const auto& m = p.mapping(l.mapping_id() - 1);
      if (l.address() < m.memory_start() || l.address() >= m.memory_limit()) {
        return ::testing::AssertionFailure()
               << "location " << l.id() << " address outside its mapping";
      }
    }
    for (const auto& line : l.line()) {
      if (line.function_id() == 0 ||
          line.function_id() > static_cast<uint64_t>(p.function_size())) {
        return ::testing::AssertionFailure()
               << "location " << l.id() << " has unknown function";
      }
    }
  }
  for (const Sample& s : p.sample()) {
    if (s.value_size() != p.sample_type_size()) {
      return ::testing::AssertionFailure()
             << "sample has " << s.value_size() << " values for "
             << p.sample_type_size() << " types";
    }
    for (uint64_t id : s.location_id()) {
      if (id == 0 || id > static_cast<uint64_t>(p.location_size())) {
        return ::testing::AssertionFailure()
               << "sample has bad location " << id;
      }
    }
  }
  return ::testing::AssertionSuccess();
}

std::vector<std::string> StackNames(const Profile& p, const Sample& s) {
  std::vector<std::string> names;
  for (uint64_t id : s.location_id()) {
    const auto& loc = p.location(id - 1);
    for (const auto& line : loc.line()) {
      names.push_back(Str(p, p.function(line.function_id() - 1).name()));
    }
  }
  return names;
}

std::map<std::string, int64_t> FlatByFunction(const Profile& p,
                                              int value_index) {
  std::map<std::string, int64_t> flat;
  for (const Sample& s : p.sample()) {
    std::string leaf = "<no location>";
    if (s.location_id_size() > 0) {
      const auto& loc = p.location(s.location_id(0) - 1);
      leaf = loc.line_size() > 0
                 ? Str(p, p.function(loc.line(0).function_id() - 1).name())
                 : "<unsymbolized>";
    }
    flat[leaf] += s.value(value_index);
  }
  return flat;
}

int64_t FlatWhereLeafContains(const Profile& p, int value_index,
                              std::string_view needle) {
  int64_t sum = 0;
  for (const auto& [name, v] : FlatByFunction(p, value_index)) {
    if (name.find(needle) != std::string::npos) sum += v;
  }
  return sum;
}

int64_t CumWhereStackContains(const Profile& p, int value_index,
                              std::string_view needle) {
  int64_t sum = 0;
  for (const Sample& s : p.sample()) {
    for (const std::string& name : StackNames(p, s)) {
      if (name.find(needle) != std::string::npos) {
        sum += s.value(value_index);
        break;
      }
    }
  }
  return sum;
}

int64_t Total(const Profile& p, int value_index) {
  int64_t sum = 0;
  for (const Sample& s : p.sample()) sum += s.value(value_index);
  return sum;
}

std::string StringLabel(const Profile& p, const Sample& s,
                        std::string_view key) {
  for (const auto& l : s.label()) {
    if (Str(p, l.key()) == key && l.str() != 0) return Str(p, l.str());
  }
  return "";
}

int64_t NumberLabel(const Profile& p, const Sample& s, std::string_view key) {
  for (const auto& l : s.label()) {
    if (Str(p, l.key()) == key && l.str() == 0) return l.num();
  }
  return -1;
}

int SampleTypeIndex(const Profile& p, std::string_view type) {
  for (int i = 0; i < p.sample_type_size(); ++i) {
    if (Str(p, p.sample_type(i).type()) == type) return i;
  }
  return -1;
}

}  // namespace refserver::profiler::testing
