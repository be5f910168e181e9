#include "pprof/testing/profile_builder.h"

#include <zlib.h>

#include <cstdlib>
#include <iostream>

namespace mdbprof::pprof::testing {

ProfileBuilder::ProfileBuilder(
    std::initializer_list<std::pair<std::string, std::string>> sample_types) {
  String("");
  for (const auto& [type, unit] : sample_types) {
    auto* t = proto_.add_sample_type();
    t->set_type(String(type));
    t->set_unit(String(unit));
  }
}

int64_t ProfileBuilder::String(const std::string& s) {
  auto [it, inserted] = strings_.emplace(s, proto_.string_table_size());
  if (inserted) proto_.add_string_table(s);
  return it->second;
}

uint64_t ProfileBuilder::Function(const std::string& name) {
  auto [it, inserted] = functions_.emplace(name, proto_.function_size() + 1);
  if (inserted) {
    auto* f = proto_.add_function();
    f->set_id(it->second);
    f->set_name(String(name));
    f->set_system_name(String(name));
    f->set_filename(String(name + ".cc"));
  }
  return it->second;
}

uint64_t ProfileBuilder::Location(const Frame& frame) {
  auto [it, inserted] =
      locations_.emplace(frame.functions, proto_.location_size() + 1);
  if (inserted) {
    auto* l = proto_.add_location();
    l->set_id(it->second);
    l->set_address(0x400000 + 0x10 * it->second);
    if (proto_.mapping_size() > 0) l->set_mapping_id(proto_.mapping(0).id());
    // Lines are innermost first: reverse the outermost-first frame.
    for (auto f = frame.functions.rbegin(); f != frame.functions.rend(); ++f) {
      auto* line = l->add_line();
      line->set_function_id(Function(*f));
      line->set_line(10 + l->line_size());
    }
  }
  return it->second;
}

ProfileBuilder& ProfileBuilder::Add(
    const std::vector<Frame>& root_first, std::vector<int64_t> values,
    const std::vector<std::pair<std::string, std::string>>& labels) {
  perftools::profiles::Sample sample;
  for (auto frame = root_first.rbegin(); frame != root_first.rend(); ++frame) {
    sample.add_location_id(Location(*frame));
  }
  for (int64_t v : values) sample.add_value(v);
  for (const auto& [key, value] : labels) {
    auto* label = sample.add_label();
    label->set_key(String(key));
    label->set_str(String(value));
  }
  *proto_.add_sample() = std::move(sample);
  return *this;
}

ProfileBuilder& ProfileBuilder::SetMapping(const std::string& file,
                                           const std::string& build_id) {
  auto* m = proto_.mapping_size() > 0 ? proto_.mutable_mapping(0)
                                      : proto_.add_mapping();
  m->set_id(1);
  m->set_memory_start(0x400000);
  m->set_memory_limit(0x800000);
  m->set_filename(String(file));
  m->set_build_id(String(build_id));
  m->set_has_functions(true);
  for (auto& l : *proto_.mutable_location()) l.set_mapping_id(1);
  return *this;
}

ProfileBuilder& ProfileBuilder::SetDefaultSampleType(const std::string& type) {
  proto_.set_default_sample_type(String(type));
  return *this;
}

ProfileBuilder& ProfileBuilder::SetPeriod(const std::string& type,
                                          const std::string& unit,
                                          int64_t period) {
  proto_.mutable_period_type()->set_type(String(type));
  proto_.mutable_period_type()->set_unit(String(unit));
  proto_.set_period(period);
  return *this;
}

ProfileBuilder& ProfileBuilder::SetTime(int64_t time_nanos,
                                        int64_t duration_nanos) {
  proto_.set_time_nanos(time_nanos);
  proto_.set_duration_nanos(duration_nanos);
  return *this;
}

ProfileBuilder& ProfileBuilder::AddComment(const std::string& comment) {
  proto_.add_comment(String(comment));
  return *this;
}

Profile ProfileBuilder::Build() const {
  Result<Profile> p = Profile::FromProto(proto_);
  if (!p.ok()) {
    std::cerr << "ProfileBuilder::Build: invalid profile: "
              << p.status().message() << "\n";
    std::abort();
  }
  return *p;
}

std::string Serialize(const perftools::profiles::Profile& profile) {
  std::string out;
  profile.SerializeToString(&out);
  return out;
}

std::string Gzip(std::string_view bytes) {
  z_stream s{};
  if (deflateInit2(&s, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8,
                   Z_DEFAULT_STRATEGY) != Z_OK) {
    std::abort();
  }
  std::string out(deflateBound(&s, bytes.size()) + 32, '\0');
  s.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  s.avail_in = static_cast<uInt>(bytes.size());
  s.next_out = reinterpret_cast<Bytef*>(out.data());
  s.avail_out = static_cast<uInt>(out.size());
  if (deflate(&s, Z_FINISH) != Z_STREAM_END) std::abort();
  out.resize(s.total_out);
  deflateEnd(&s);
  return out;
}

}  // namespace mdbprof::pprof::testing
