// Profile: a validated pprof profile (profile.proto), loaded from gzip or raw
// bytes, with id lookups for mappings, locations and functions.
//
// A Profile always satisfies the checks of pprof's CheckValid (see
// validate.h): analyses may index the string table and resolve ids without
// further checks.
//
//   Result<Profile> p = ReadProfileFile("run/sqlite/cpu.prof");
//   if (!p.ok()) return p.status();  // "run/sqlite/cpu.prof: sample 3 ..."
//   int i = p->DefaultSampleIndex();
//   std::cout << p->String(p->proto().sample_type(i).type());
#ifndef MDBPROF_PPROF_PROFILE_H_
#define MDBPROF_PPROF_PROFILE_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "base/status.h"
#include "proto/profile.pb.h"

namespace mdbprof::pprof {

struct LoadOptions {
  // Upper bound for the profile's encoded (decompressed) size; larger inputs
  // are rejected before parsing (protection against zip bombs).
  size_t max_decompressed_bytes = size_t{256} << 20;
};

// An immutable, validated profile. Copies share the data; cheap to copy and
// move; safe to read from several threads.
class Profile {
 public:
  // Validates `proto` (pprof CheckValid, see validate.h) and takes it over.
  static Result<Profile> FromProto(perftools::profiles::Profile proto);

  const perftools::profiles::Profile& proto() const;

  // Index of the sample type named `type`, or -1 if absent.
  int SampleTypeIndex(std::string_view type) const;
  // default_sample_type if set and present, else the last type (as pprof).
  int DefaultSampleIndex() const;
  // The string_table entry; "" when `index` is out of range.
  std::string_view String(int64_t index) const;

  // Lookups by id; nullptr when absent (ids referenced by the profile always
  // resolve, id 0 never does).
  const perftools::profiles::Mapping* FindMapping(uint64_t id) const;
  const perftools::profiles::Location* FindLocation(uint64_t id) const;
  const perftools::profiles::Function* FindFunction(uint64_t id) const;

 private:
  friend Result<Profile> ParseProfile(std::string_view bytes,
                                      const LoadOptions& options);
  friend Result<Profile> ReadProfileFile(const std::string& path,
                                         const LoadOptions& options);
  struct Data;
  explicit Profile(std::shared_ptr<const Data> data);
  // ParseProfile; `owned`, when set, holds `bytes` and is freed as soon as
  // it is no longer needed (peak memory on large profiles, issue #7).
  static Result<Profile> Parse(std::string_view bytes, std::string* owned,
                               const LoadOptions& options);
  // Validates data->proto and builds the id indexes.
  static Result<Profile> Adopt(std::shared_ptr<Data> data);
  std::shared_ptr<const Data> data_;
};

// Decodes a profile: gzip (one or more concatenated members, as Go's gzip
// reader) or raw profile.proto bytes; then validates it. Errors name what is
// wrong (corrupt gzip, size limit, protobuf parse failure, invalid content).
Result<Profile> ParseProfile(std::string_view bytes,
                             const LoadOptions& options = {});

// ParseProfile on the contents of `path`; errors are prefixed with `path`.
Result<Profile> ReadProfileFile(const std::string& path,
                                const LoadOptions& options = {});

}  // namespace mdbprof::pprof

#endif  // MDBPROF_PPROF_PROFILE_H_
