// ProfileBuilder: builds profile.proto messages from call stacks, for tests.
// Not for production code.
//
//   ProfileBuilder b({{"samples", "count"}, {"cpu", "nanoseconds"}});
//   b.Add({"main", "foo"}, {1, 10'000'000});       // stack root first
//   b.Add({"main", {"loop", "add"}}, {2, 20'000'000});  // add inlined in loop
//   Profile p = b.Build();                          // validated
//   std::string gz = Gzip(Serialize(b.proto()));
#ifndef MDBPROF_PPROF_TESTING_PROFILE_BUILDER_H_
#define MDBPROF_PPROF_TESTING_PROFILE_BUILDER_H_

#include <cstdint>
#include <initializer_list>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pprof/profile.h"
#include "proto/profile.pb.h"

namespace mdbprof::pprof::testing {

// One stack frame = one location. Several functions = inlined frames,
// outermost (caller) first; none = an unsymbolized location.
struct Frame {
  Frame(const char* function) : functions{function} {}  // NOLINT: implicit
  Frame(std::string function) : functions{std::move(function)} {}  // NOLINT
  Frame(std::initializer_list<std::string> inlined) : functions(inlined) {}
  std::vector<std::string> functions;
};

class ProfileBuilder {
 public:
  // Sample types as {type, unit} pairs.
  explicit ProfileBuilder(
      std::initializer_list<std::pair<std::string, std::string>> sample_types);

  // Adds a sample whose stack is `root_first` (the last frame is the leaf)
  // with `values` (one per sample type, unchecked so tests can build invalid
  // profiles) and string labels {key, value}. Equal frames share a location.
  ProfileBuilder& Add(
      const std::vector<Frame>& root_first, std::vector<int64_t> values,
      const std::vector<std::pair<std::string, std::string>>& labels = {});

  // Header fields.
  ProfileBuilder& SetMapping(const std::string& file,
                             const std::string& build_id = "");
  ProfileBuilder& SetDefaultSampleType(const std::string& type);
  ProfileBuilder& SetPeriod(const std::string& type, const std::string& unit,
                            int64_t period);
  ProfileBuilder& SetTime(int64_t time_nanos, int64_t duration_nanos);
  ProfileBuilder& AddComment(const std::string& comment);

  // The message built so far (mutable, to break it on purpose).
  perftools::profiles::Profile& proto() { return proto_; }
  // Profile::FromProto(proto()); aborts the test binary with the error
  // message when invalid (use proto() to test invalid profiles).
  Profile Build() const;

  int64_t String(const std::string& s);

 private:
  uint64_t Function(const std::string& name);
  uint64_t Location(const Frame& frame);

  perftools::profiles::Profile proto_;
  std::map<std::string, int64_t> strings_;
  std::map<std::string, uint64_t> functions_;
  std::map<std::vector<std::string>, uint64_t> locations_;
};

// The wire encoding of `profile`.
std::string Serialize(const perftools::profiles::Profile& profile);
// One gzip member holding `bytes`.
std::string Gzip(std::string_view bytes);

}  // namespace mdbprof::pprof::testing

#endif  // MDBPROF_PPROF_TESTING_PROFILE_BUILDER_H_
