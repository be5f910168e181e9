#include "server/profiler/profile_builder.h"

#include <unistd.h>

#include <climits>
#include <utility>

namespace refserver::profiler {
namespace {

std::string ExecutablePath() {
  char buf[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
  return n > 0 ? std::string(buf, n) : std::string();
}

}  // namespace

ProfileBuilder::ProfileBuilder(std::vector<ValueType> sample_types,
                               ValueType period_type, int64_t period,
                               Symbolizer* symbolizer)
    : symbolizer_(symbolizer ? symbolizer : &Symbolizer::Global()) {
  Str("");
  for (const ValueType& vt : sample_types) {
    auto* out = profile_.add_sample_type();
    out->set_type(Str(vt.type));
    out->set_unit(Str(vt.unit));
  }
  profile_.mutable_period_type()->set_type(Str(period_type.type));
  profile_.mutable_period_type()->set_unit(Str(period_type.unit));
  profile_.set_period(period);
  mdbprof::Result<std::vector<MemoryMapping>> maps = ReadExecutableMappings();
  if (maps.ok()) maps_ = std::move(*maps);
  // pprof takes the first mapping as the main binary.
  std::string exe = ExecutablePath();
  for (const MemoryMapping& m : maps_) {
    if (!exe.empty() && m.path == exe) {
      MappingId(m.start, SymbolInfo{});
      break;
    }
  }
}

void ProfileBuilder::SetDefaultSampleType(const std::string& type) {
  profile_.set_default_sample_type(Str(type));
}

void ProfileBuilder::SetTime(int64_t time_nanos, int64_t duration_nanos) {
  profile_.set_time_nanos(time_nanos);
  profile_.set_duration_nanos(duration_nanos);
}

void ProfileBuilder::SetLeafFilter(
    std::function<bool(const std::string&)> drop) {
  leaf_filter_ = std::move(drop);
}

int64_t ProfileBuilder::Str(const std::string& s) {
  auto [it, inserted] = strings_.emplace(s, profile_.string_table_size());
  if (inserted) profile_.add_string_table(s);
  return it->second;
}

uint64_t ProfileBuilder::FunctionId(const SourceFrame& frame) {
  auto key = std::make_tuple(frame.function, frame.system_name, frame.file,
                             frame.start_line);
  auto it = functions_.find(key);
  if (it != functions_.end()) return it->second;
  auto* fn = profile_.add_function();
  fn->set_id(profile_.function_size());
  fn->set_name(Str(frame.function));
  fn->set_system_name(Str(frame.system_name));
  fn->set_filename(Str(frame.file));
  fn->set_start_line(frame.start_line);
  functions_.emplace(std::move(key), fn->id());
  return fn->id();
}

uint64_t ProfileBuilder::MappingId(uint64_t address, const SymbolInfo& info) {
  const MemoryMapping* m = FindMapping(maps_, address);
  if (m == nullptr) return 0;
  auto it = mappings_.find(m);
  perftools::profiles::Mapping* out;
  if (it == mappings_.end()) {
    out = profile_.add_mapping();
    out->set_id(profile_.mapping_size());
    out->set_memory_start(m->start);
    out->set_memory_limit(m->limit);
    out->set_file_offset(m->file_offset);
    out->set_filename(Str(m->path));
    out->set_build_id(Str(symbolizer_->BuildIdAt(m->start)));
    // Every address of every mapping is symbolized by this builder.
    out->set_has_functions(true);
    mappings_.emplace(m, out->id());
  } else {
    out = profile_.mutable_mapping(it->second - 1);
  }
  if (info.module_has_dwarf) {
    out->set_has_filenames(true);
    out->set_has_line_numbers(true);
    out->set_has_inline_frames(true);
  }
  return out->id();
}

const SymbolInfo& ProfileBuilder::Info(uint64_t address) {
  auto it = infos_.find(address);
  if (it == infos_.end()) {
    it = infos_.emplace(address, symbolizer_->Symbolize(address)).first;
  }
  return it->second;
}

uint64_t ProfileBuilder::LocationId(uint64_t address, size_t skip_lines) {
  auto key = std::make_pair(address, skip_lines);
  auto it = locations_.find(key);
  if (it != locations_.end()) return it->second;
  const SymbolInfo& info = Info(address);
  auto* loc = profile_.add_location();
  loc->set_id(profile_.location_size());
  loc->set_address(address);
  loc->set_mapping_id(MappingId(address, info));
  for (size_t i = skip_lines; i < info.frames.size(); ++i) {
    auto* line = loc->add_line();
    line->set_function_id(FunctionId(info.frames[i]));
    line->set_line(info.frames[i].line);
  }
  locations_.emplace(key, loc->id());
  return loc->id();
}

void ProfileBuilder::FillLabels(const std::vector<SampleLabel>& labels,
                                perftools::profiles::Sample* sample) {
  for (const SampleLabel& l : labels) {
    auto* out = sample->add_label();
    out->set_key(Str(l.key));
    if (!l.str.empty()) {
      out->set_str(Str(l.str));
    } else {
      out->set_num(l.num);
      if (!l.num_unit.empty()) out->set_num_unit(Str(l.num_unit));
    }
  }
}

void ProfileBuilder::AddSample(const std::vector<uint64_t>& call_sites,
                               const std::vector<int64_t>& values,
                               const std::vector<SampleLabel>& labels) {
  size_t first = 0;
  size_t skip_lines = 0;
  if (leaf_filter_) {
    for (; first < call_sites.size(); ++first) {
      const std::vector<SourceFrame>& frames = Info(call_sites[first]).frames;
      skip_lines = 0;
      while (skip_lines < frames.size() &&
             leaf_filter_(frames[skip_lines].function)) {
        ++skip_lines;
      }
      if (frames.empty() || skip_lines < frames.size()) break;
    }
  }
  auto* sample = profile_.add_sample();
  for (size_t i = first; i < call_sites.size(); ++i) {
    sample->add_location_id(
        LocationId(call_sites[i], i == first ? skip_lines : 0));
  }
  for (int64_t v : values) sample->add_value(v);
  FillLabels(labels, sample);
}

void ProfileBuilder::AddNamedSample(const std::string& frame_name,
                                    const std::vector<int64_t>& values,
                                    const std::vector<SampleLabel>& labels) {
  auto it = named_locations_.find(frame_name);
  if (it == named_locations_.end()) {
    SourceFrame frame;
    frame.function = frame.system_name = frame_name;
    auto* loc = profile_.add_location();
    loc->set_id(profile_.location_size());
    loc->add_line()->set_function_id(FunctionId(frame));
    it = named_locations_.emplace(frame_name, loc->id()).first;
  }
  auto* sample = profile_.add_sample();
  sample->add_location_id(it->second);
  for (int64_t v : values) sample->add_value(v);
  FillLabels(labels, sample);
}

perftools::profiles::Profile ProfileBuilder::Build() {
  return std::move(profile_);
}

}  // namespace refserver::profiler
