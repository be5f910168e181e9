// ProfileBuilder: assembles a symbolized perftools::profiles::Profile from
// stacks of call-site addresses (see signal_unwind.h), deduplicating
// strings, functions, locations and mappings (ids from 1, string_table[0]
// is ""). Mappings come from /proc/self/maps, the executable's first.
//
//   ProfileBuilder b({{"samples", "count"}, {"cpu", "nanoseconds"}},
//                    {"cpu", "nanoseconds"}, 10'000'000);
//   b.AddSample(call_sites, {n, n * 10'000'000});
//   perftools::profiles::Profile p = b.Build();
//
// Not thread-safe; one builder per profile.
#ifndef REFSERVER_PROFILER_PROFILE_BUILDER_H_
#define REFSERVER_PROFILER_PROFILE_BUILDER_H_

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "proto/profile.pb.h"
#include "server/profiler/proc_maps.h"
#include "server/profiler/symbolizer.h"

namespace refserver::profiler {

struct ValueType {
  std::string type;
  std::string unit;
};

// A sample label: a string label when `str` is set, else numeric.
struct SampleLabel {
  std::string key;
  std::string str;
  int64_t num = 0;
  std::string num_unit;
};

class ProfileBuilder {
 public:
  // `symbolizer` (default: Symbolizer::Global()) must outlive the builder.
  ProfileBuilder(std::vector<ValueType> sample_types, ValueType period_type,
                 int64_t period, Symbolizer* symbolizer = nullptr);

  void SetDefaultSampleType(const std::string& type);
  void SetTime(int64_t time_nanos, int64_t duration_nanos);

  // Leading frames (inlined ones included) whose function satisfies `drop`
  // are removed from every stack added afterwards — e.g. operator new and
  // std::allocator glue in allocation profiles. A location that keeps some
  // of its inlined frames becomes a location of its own.
  void SetLeafFilter(std::function<bool(const std::string&)> drop);

  // Adds one sample. `call_sites` is leaf first.
  // REQUIRES: values.size() equals the number of sample types.
  void AddSample(const std::vector<uint64_t>& call_sites,
                 const std::vector<int64_t>& values,
                 const std::vector<SampleLabel>& labels = {});

  // Adds a sample whose stack is one pseudo-frame named `frame_name` (no
  // address), e.g. for a thread whose stack could not be read.
  void AddNamedSample(const std::string& frame_name,
                      const std::vector<int64_t>& values,
                      const std::vector<SampleLabel>& labels = {});

  // Returns the profile. The builder must not be used afterwards.
  perftools::profiles::Profile Build();

 private:
  int64_t Str(const std::string& s);
  uint64_t FunctionId(const SourceFrame& frame);
  uint64_t MappingId(uint64_t address, const SymbolInfo& info);
  // The location of `address` without its first `skip_lines` (inlined)
  // frames.
  uint64_t LocationId(uint64_t address, size_t skip_lines = 0);
  const SymbolInfo& Info(uint64_t address);
  void FillLabels(const std::vector<SampleLabel>& labels,
                  perftools::profiles::Sample* sample);

  perftools::profiles::Profile profile_;
  Symbolizer* symbolizer_;
  std::vector<MemoryMapping> maps_;
  std::function<bool(const std::string&)> leaf_filter_;
  std::unordered_map<std::string, int64_t> strings_;
  std::map<std::tuple<std::string, std::string, std::string, int64_t>, uint64_t>
      functions_;
  std::map<std::pair<uint64_t, size_t>, uint64_t> locations_;  // -> id
  std::unordered_map<uint64_t, SymbolInfo> infos_;  // address -> info
  std::unordered_map<const MemoryMapping*, uint64_t> mappings_;  // -> id
  std::unordered_map<std::string, uint64_t> named_locations_;
};

}  // namespace refserver::profiler

#endif  // REFSERVER_PROFILER_PROFILE_BUILDER_H_
