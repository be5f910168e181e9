#include "pprof/merge.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "pprof/int_math.h"

namespace mdbprof::pprof {
namespace {

void AppendU64(std::string* key, uint64_t v) {
  key->append(reinterpret_cast<const char*>(&v), sizeof(v));
}

void AppendString(std::string* key, std::string_view s) {
  AppendU64(key, s.size());
  key->append(s);
}

}  // namespace

ProfileMerger::ProfileMerger() { String(""); }

int64_t ProfileMerger::String(std::string_view s) {
  auto [it, inserted] =
      strings_.emplace(std::string(s), out_.string_table_size());
  if (inserted) out_.add_string_table(std::string(s));
  return it->second;
}

uint64_t ProfileMerger::MapMapping(const Profile& src, uint64_t id,
                                   int64_t* offset) {
  *offset = 0;
  if (id == 0) return 0;
  if (auto it = memo_.mappings.find(id); it != memo_.mappings.end()) {
    *offset = it->second.second;
    return it->second.first;
  }
  const auto& m = *src.FindMapping(id);
  constexpr uint64_t kRounding = 0x1000;
  uint64_t size = m.memory_limit() - m.memory_start();
  size = size + kRounding - 1;
  size = size - size % kRounding;
  std::string_view build_id = src.String(m.build_id());
  std::string_view file = src.String(m.filename());
  auto key = std::make_tuple(size, m.file_offset(),
                             std::string(build_id.empty() ? file : build_id));
  uint64_t dest_id;
  if (auto it = mappings_.find(key); it != mappings_.end()) {
    dest_id = it->second;
  } else {
    dest_id = out_.mapping_size() + 1;
    auto* dest = out_.add_mapping();
    *dest = m;
    dest->set_id(dest_id);
    dest->set_filename(String(file));
    dest->set_build_id(String(build_id));
    mappings_.emplace(std::move(key), dest_id);
  }
  const uint64_t dest_start = out_.mapping(dest_id - 1).memory_start();
  *offset = static_cast<int64_t>(dest_start - m.memory_start());
  memo_.mappings.emplace(id, std::make_pair(dest_id, *offset));
  return dest_id;
}

uint64_t ProfileMerger::MapFunction(const Profile& src, uint64_t id) {
  if (auto it = memo_.functions.find(id); it != memo_.functions.end()) {
    return it->second;
  }
  const auto& f = *src.FindFunction(id);
  auto key =
      std::make_tuple(std::string(src.String(f.name())),
                      std::string(src.String(f.system_name())),
                      std::string(src.String(f.filename())), f.start_line());
  uint64_t dest_id;
  if (auto it = functions_.find(key); it != functions_.end()) {
    dest_id = it->second;
  } else {
    dest_id = out_.function_size() + 1;
    auto* dest = out_.add_function();
    dest->set_id(dest_id);
    dest->set_name(String(std::get<0>(key)));
    dest->set_system_name(String(std::get<1>(key)));
    dest->set_filename(String(std::get<2>(key)));
    dest->set_start_line(f.start_line());
    functions_.emplace(std::move(key), dest_id);
  }
  memo_.functions.emplace(id, dest_id);
  return dest_id;
}

uint64_t ProfileMerger::MapLocation(const Profile& src, uint64_t id) {
  if (auto it = memo_.locations.find(id); it != memo_.locations.end()) {
    return it->second;
  }
  const auto& l = *src.FindLocation(id);
  int64_t offset = 0;
  uint64_t mapping_id = MapMapping(src, l.mapping_id(), &offset);
  perftools::profiles::Location dest;
  dest.set_mapping_id(mapping_id);
  dest.set_address(l.address() + static_cast<uint64_t>(offset));
  dest.set_is_folded(l.is_folded());
  for (const auto& line : l.line()) {
    auto* d = dest.add_line();
    d->set_function_id(MapFunction(src, line.function_id()));
    d->set_line(line.line());
    d->set_column(line.column());
  }
  std::string key;
  AppendU64(&key, mapping_id);
  AppendU64(&key,
            mapping_id == 0
                ? dest.address()
                : dest.address() - out_.mapping(mapping_id - 1).memory_start());
  key.push_back(dest.is_folded() ? 1 : 0);
  for (const auto& line : dest.line()) {
    AppendU64(&key, line.function_id());
    AppendU64(&key, line.line());
    AppendU64(&key, line.column());
  }
  uint64_t dest_id;
  if (auto it = locations_.find(key); it != locations_.end()) {
    dest_id = it->second;
  } else {
    dest_id = out_.location_size() + 1;
    dest.set_id(dest_id);
    *out_.add_location() = std::move(dest);
    locations_.emplace(std::move(key), dest_id);
  }
  memo_.locations.emplace(id, dest_id);
  return dest_id;
}

void ProfileMerger::Add(const Profile& src, int sign) {
  memo_ = SourceMemo();
  for (const auto& sample : src.proto().sample()) {
    bool all_zero = std::all_of(sample.value().begin(), sample.value().end(),
                                [](int64_t v) { return v == 0; });
    if (all_zero) continue;

    perftools::profiles::Sample dest;
    std::string key;
    for (uint64_t id : sample.location_id()) {
      uint64_t dest_id = MapLocation(src, id);
      dest.add_location_id(dest_id);
      AppendU64(&key, dest_id);
    }
    key.push_back('|');
    std::vector<std::string> label_keys;
    for (const auto& label : sample.label()) {
      auto* d = dest.add_label();
      d->set_key(String(src.String(label.key())));
      d->set_str(String(src.String(label.str())));
      d->set_num(label.num());
      d->set_num_unit(String(src.String(label.num_unit())));
      std::string k;
      AppendString(&k, src.String(label.key()));
      AppendString(&k, src.String(label.str()));
      AppendU64(&k, label.num());
      AppendString(&k, src.String(label.num_unit()));
      label_keys.push_back(std::move(k));
    }
    std::sort(label_keys.begin(), label_keys.end());
    for (const auto& k : label_keys) key += k;

    auto [it, inserted] = samples_.emplace(std::move(key), out_.sample_size());
    auto* target =
        inserted ? out_.add_sample() : out_.mutable_sample(it->second);
    if (inserted) {
      *target = std::move(dest);
      target->mutable_value()->Resize(sample.value_size(), 0);
    }
    for (int i = 0; i < sample.value_size(); ++i) {
      int64_t v = sign < 0 ? WrappingNeg(sample.value(i)) : sample.value(i);
      target->set_value(i, WrappingAdd(target->value(i), v));
    }
  }
}

perftools::profiles::Profile ProfileMerger::Finish() && {
  auto* samples = out_.mutable_sample();
  auto zero = [](const perftools::profiles::Sample& s) {
    return std::all_of(s.value().begin(), s.value().end(),
                       [](int64_t v) { return v == 0; });
  };
  samples->erase(std::remove_if(samples->begin(), samples->end(), zero),
                 samples->end());
  return std::move(out_);
}

}  // namespace mdbprof::pprof

namespace mdbprof::pprof {
namespace {

std::string TypeName(const Profile& p,
                     const perftools::profiles::ValueType& t) {
  return std::string(p.String(t.type())) + "/" +
         std::string(p.String(t.unit()));
}

std::string SampleTypes(const Profile& p) {
  std::string s = "[";
  for (const auto& t : p.proto().sample_type()) {
    if (s.size() > 1) s += " ";
    s += TypeName(p, t);
  }
  return s + "]";
}

Status CheckCompatible(const Profile& a, const Profile& b) {
  if (SampleTypes(a) != SampleTypes(b)) {
    return InvalidArgument("incompatible sample types " + SampleTypes(a) +
                           " and " + SampleTypes(b));
  }
  std::string pa = TypeName(a, a.proto().period_type());
  std::string pb = TypeName(b, b.proto().period_type());
  if (pa != pb) {
    return InvalidArgument("incompatible period types " + pa + " and " + pb);
  }
  return Status::Ok();
}

void CombineHeaders(const std::vector<SignedProfile>& inputs,
                    ProfileMerger* merger) {
  auto& out = merger->mutable_proto();
  const Profile& first = *inputs[0].profile;
  const auto& f = first.proto();
  for (const auto& t : f.sample_type()) {
    auto* d = out.add_sample_type();
    d->set_type(merger->String(first.String(t.type())));
    d->set_unit(merger->String(first.String(t.unit())));
  }
  out.mutable_period_type()->set_type(
      merger->String(first.String(f.period_type().type())));
  out.mutable_period_type()->set_unit(
      merger->String(first.String(f.period_type().unit())));
  out.set_drop_frames(merger->String(first.String(f.drop_frames())));
  out.set_keep_frames(merger->String(first.String(f.keep_frames())));
  out.set_doc_url(merger->String(first.String(f.doc_url())));

  int64_t time_nanos = 0, duration_nanos = 0, period = 0;
  std::string default_type;
  std::vector<std::string> comments;
  for (const SignedProfile& in : inputs) {
    const auto& p = in.profile->proto();
    if (time_nanos == 0 || p.time_nanos() < time_nanos) {
      time_nanos = p.time_nanos();
    }
    duration_nanos = WrappingAdd(duration_nanos, p.duration_nanos());
    if (period == 0 || period < p.period()) period = p.period();
    for (int64_t c : p.comment()) {
      std::string text(in.profile->String(c));
      if (std::find(comments.begin(), comments.end(), text) == comments.end()) {
        comments.push_back(std::move(text));
      }
    }
    if (default_type.empty()) {
      default_type = in.profile->String(p.default_sample_type());
    }
  }
  out.set_time_nanos(time_nanos);
  out.set_duration_nanos(duration_nanos);
  out.set_period(period);
  for (const auto& c : comments) out.add_comment(merger->String(c));
  out.set_default_sample_type(merger->String(default_type));
}

Result<Profile> MergeOnce(const std::vector<SignedProfile>& inputs,
                          bool* dropped_samples) {
  ProfileMerger merger;
  size_t added = 0;
  for (const SignedProfile& in : inputs) {
    merger.Add(*in.profile, in.sign);
  }
  CombineHeaders(inputs, &merger);
  added = merger.mutable_proto().sample_size();
  perftools::profiles::Profile merged = std::move(merger).Finish();
  *dropped_samples = static_cast<size_t>(merged.sample_size()) != added;
  return Profile::FromProto(std::move(merged));
}

}  // namespace

Result<Profile> MergeProfiles(const std::vector<SignedProfile>& inputs) {
  if (inputs.empty()) return InvalidArgument("no profiles to merge");
  for (size_t i = 1; i < inputs.size(); ++i) {
    MDBPROF_RETURN_IF_ERROR(
        CheckCompatible(*inputs[0].profile, *inputs[i].profile));
  }
  bool dropped = false;
  Result<Profile> merged = MergeOnce(inputs, &dropped);
  if (!merged.ok() || !dropped) return merged;
  // Samples summed to zero: merge the result alone to drop the mappings,
  // locations and functions only they used (as pprof does).
  const Profile compact_input = *merged;
  return MergeOnce({{&compact_input, +1}}, &dropped);
}

}  // namespace mdbprof::pprof
