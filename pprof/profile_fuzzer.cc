// libFuzzer target: arbitrary bytes through everything that reads untrusted
// profiles (ParseProfile, Totals, Top, FormatTop, SubtractBase). Any crash,
// sanitizer report or leak is a bug; errors are the expected outcome.
//
//   cmake --preset fuzz && cmake --build --preset fuzz   # ASan + UBSan
//   ctest --preset fuzz                                  # the 30 s smoke
//   build/fuzz/pprof/pprof_fuzzer -jobs=1 NEW_DIR pprof/testdata/corpus \
//       tests/testdata/go                                # longer runs
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "pprof/base.h"
#include "pprof/profile.h"
#include "pprof/top.h"
#include "pprof/totals.h"

namespace mdbprof::pprof {
namespace {

void Exercise(const Profile& profile) {
  (void)Totals(profile);
  for (int i = 0; i < profile.proto().sample_type_size(); ++i) {
    Result<TopReport> all = Top(profile, {.sample_index = std::to_string(i)});
    if (all.ok()) (void)FormatTop(*all);
    Result<TopReport> trimmed = Top(profile, {.sample_index = std::to_string(i),
                                              .nodecount = 3,
                                              .focus = "a",
                                              .ignore = "z$",
                                              .node_fraction = 0.01,
                                              .cum = true});
    if (trimmed.ok()) (void)FormatTop(*trimmed);
  }
}

void FuzzOne(std::string_view bytes) {
  Result<Profile> profile =
      ParseProfile(bytes, {.max_decompressed_bytes = size_t{4} << 20});
  if (!profile.ok()) return;
  Exercise(*profile);
  Result<Profile> diff = SubtractBase(*profile, *profile);
  if (diff.ok()) Exercise(*diff);
}

}  // namespace
}  // namespace mdbprof::pprof

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  mdbprof::pprof::FuzzOne(
      std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
