// Fingerprint: the configuration that makes two runs of a backend
// comparable — backend, workers, measured duration, warm-up, the mix (every
// Nth operation is a read), the payload, the server version, the cores and
// the allocation sampling rate. `mdbprof compare` refuses runs whose
// fingerprints differ.
//
//   Result<Fingerprint> f = FingerprintOf(backend_run);
//   std::vector<std::string> d = FingerprintDifferences(base, head, {});
//   if (!d.empty()) ...   // "workers: 10 vs 20"
#ifndef MDBPROF_REPORT_FINGERPRINT_H_
#define MDBPROF_REPORT_FINGERPRINT_H_

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "base/status.h"
#include "nlohmann/json.hpp"
#include "report/run_set.h"

namespace mdbprof::report {

// Measured durations within this relative difference count as equal.
inline constexpr double kDurationTolerance = 0.10;

inline constexpr char kDefaultPayload[] = "default";

struct Fingerprint {
  std::string backend;
  int workers = 0;
  double duration_s = 0;  // median measured window of the repetitions
  double warmup_s = 0;
  int read_every = 0;  // the mix: every Nth operation is a read (0: none)
  std::string payload = kDefaultPayload;  // "default": the load test's own
  std::string server_version;
  int cores = 0;
  int64_t alloc_sample_rate = 0;  // bytes; 1 = every allocation
};

// The field names (the JSON keys), in the order messages list them.
const std::vector<std::string>& FingerprintFields();

// The fingerprint of a backend's run. InvalidArgument naming the repetition
// directories when its repetitions disagree (on anything but the duration).
Result<Fingerprint> FingerprintOf(const BackendRun& backend);

// One "field: base vs head" line per field that differs, skipping the
// fields named in `ignore`. Durations differ when they are more than
// kDurationTolerance apart.
std::vector<std::string> FingerprintDifferences(
    const Fingerprint& base, const Fingerprint& head,
    const std::set<std::string>& ignore = {});

nlohmann::json ToJson(const Fingerprint& fingerprint);
// Errors name the key path under `path`.
Result<Fingerprint> FingerprintFromJson(const nlohmann::json& json,
                                        const std::string& path);

}  // namespace mdbprof::report

#endif  // MDBPROF_REPORT_FINGERPRINT_H_
