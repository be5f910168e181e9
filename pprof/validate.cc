#include "pprof/validate.h"

#include <cstdint>
#include <string>
#include <unordered_map>
#include <utility>

namespace mdbprof::pprof {
namespace {

using perftools::profiles::Profile;

std::string Quote(const std::string& s) {
  constexpr size_t kMax = 40;
  if (s.size() <= kMax) return "\"" + s + "\"";
  return "\"" + s.substr(0, kMax) + "...\"";
}

// Checks string indices against the table size.
class StringChecker {
 public:
  explicit StringChecker(int64_t size) : size_(size) {}
  Status Check(int64_t index, const std::string& what) const {
    if (index >= 0 && index < size_) return Status::Ok();
    return InvalidArgument(what + ": string index " + std::to_string(index) +
                           " is outside the string table [0.." +
                           std::to_string(size_ - 1) + "]");
  }

 private:
  int64_t size_;
};

// Records ids of one kind; rejects 0 and duplicates.
class IdSet {
 public:
  explicit IdSet(std::string kind) : kind_(std::move(kind)) {}
  Status Add(uint64_t id, int index) {
    if (id == 0) {
      return InvalidArgument(kind_ + " " + std::to_string(index) +
                             " has the reserved id 0");
    }
    auto [it, inserted] = first_index_.emplace(id, index);
    if (!inserted) {
      return InvalidArgument(kind_ + "s " + std::to_string(it->second) +
                             " and " + std::to_string(index) +
                             " have the same id " + std::to_string(id));
    }
    return Status::Ok();
  }
  bool Contains(uint64_t id) const { return first_index_.count(id) != 0; }

 private:
  std::string kind_;
  std::unordered_map<uint64_t, int> first_index_;
};

Status CheckStrings(const Profile& p, const StringChecker& s) {
  for (int i = 0; i < p.sample_type_size(); ++i) {
    std::string what = "sample_type " + std::to_string(i);
    MDBPROF_RETURN_IF_ERROR(s.Check(p.sample_type(i).type(), what + " type"));
    MDBPROF_RETURN_IF_ERROR(s.Check(p.sample_type(i).unit(), what + " unit"));
  }
  for (int i = 0; i < p.sample_size(); ++i) {
    for (int j = 0; j < p.sample(i).label_size(); ++j) {
      const auto& label = p.sample(i).label(j);
      std::string what =
          "sample " + std::to_string(i) + " label " + std::to_string(j);
      MDBPROF_RETURN_IF_ERROR(s.Check(label.key(), what + " key"));
      MDBPROF_RETURN_IF_ERROR(s.Check(label.str(), what + " str"));
      MDBPROF_RETURN_IF_ERROR(s.Check(label.num_unit(), what + " num_unit"));
    }
  }
  for (int i = 0; i < p.mapping_size(); ++i) {
    std::string what = "mapping " + std::to_string(i);
    MDBPROF_RETURN_IF_ERROR(
        s.Check(p.mapping(i).filename(), what + " filename"));
    MDBPROF_RETURN_IF_ERROR(
        s.Check(p.mapping(i).build_id(), what + " build_id"));
  }
  for (int i = 0; i < p.function_size(); ++i) {
    const auto& f = p.function(i);
    std::string what = "function " + std::to_string(i);
    MDBPROF_RETURN_IF_ERROR(s.Check(f.name(), what + " name"));
    MDBPROF_RETURN_IF_ERROR(s.Check(f.system_name(), what + " system_name"));
    MDBPROF_RETURN_IF_ERROR(s.Check(f.filename(), what + " filename"));
  }
  for (int i = 0; i < p.comment_size(); ++i) {
    MDBPROF_RETURN_IF_ERROR(
        s.Check(p.comment(i), "comment " + std::to_string(i)));
  }
  MDBPROF_RETURN_IF_ERROR(s.Check(p.period_type().type(), "period_type type"));
  MDBPROF_RETURN_IF_ERROR(s.Check(p.period_type().unit(), "period_type unit"));
  MDBPROF_RETURN_IF_ERROR(s.Check(p.drop_frames(), "drop_frames"));
  MDBPROF_RETURN_IF_ERROR(s.Check(p.keep_frames(), "keep_frames"));
  MDBPROF_RETURN_IF_ERROR(
      s.Check(p.default_sample_type(), "default_sample_type"));
  MDBPROF_RETURN_IF_ERROR(s.Check(p.doc_url(), "doc_url"));
  return Status::Ok();
}

}  // namespace

Status ValidateProfile(const Profile& p) {
  if (p.sample_type_size() == 0) {
    return InvalidArgument("profile has no sample types");
  }
  if (p.string_table_size() == 0) {
    return InvalidArgument("string_table is empty (entry 0 must be \"\")");
  }
  if (!p.string_table(0).empty()) {
    return InvalidArgument("string_table[0] must be \"\", is " +
                           Quote(p.string_table(0)));
  }
  MDBPROF_RETURN_IF_ERROR(
      CheckStrings(p, StringChecker(p.string_table_size())));

  IdSet mappings("mapping"), functions("function"), locations("location");
  for (int i = 0; i < p.mapping_size(); ++i) {
    MDBPROF_RETURN_IF_ERROR(mappings.Add(p.mapping(i).id(), i));
  }
  for (int i = 0; i < p.function_size(); ++i) {
    MDBPROF_RETURN_IF_ERROR(functions.Add(p.function(i).id(), i));
  }
  for (int i = 0; i < p.location_size(); ++i) {
    const auto& loc = p.location(i);
    MDBPROF_RETURN_IF_ERROR(locations.Add(loc.id(), i));
    std::string what = "location " + std::to_string(i) + " (id " +
                       std::to_string(loc.id()) + ")";
    if (loc.mapping_id() != 0 && !mappings.Contains(loc.mapping_id())) {
      return InvalidArgument(what + " refers to mapping id " +
                             std::to_string(loc.mapping_id()) +
                             ", which does not exist");
    }
    for (int j = 0; j < loc.line_size(); ++j) {
      uint64_t f = loc.line(j).function_id();
      if (!functions.Contains(f)) {
        return InvalidArgument(what + " line " + std::to_string(j) +
                               " refers to function id " + std::to_string(f) +
                               ", which does not exist");
      }
    }
  }
  const int types = p.sample_type_size();
  for (int i = 0; i < p.sample_size(); ++i) {
    const auto& sample = p.sample(i);
    if (sample.value_size() != types) {
      return InvalidArgument("sample " + std::to_string(i) + " has " +
                             std::to_string(sample.value_size()) +
                             " values, profile has " + std::to_string(types) +
                             " sample types");
    }
    for (uint64_t id : sample.location_id()) {
      if (!locations.Contains(id)) {
        return InvalidArgument("sample " + std::to_string(i) +
                               " refers to location id " + std::to_string(id) +
                               ", which does not exist");
      }
    }
  }
  return Status::Ok();
}

}  // namespace mdbprof::pprof
