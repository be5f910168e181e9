// ChangeExplanation: the "why" of a comparison — for a metric that moved
// between BASE and HEAD and that a profile explains, the functions behind the
// change, HEAD minus BASE per operation, computed from the saved profiles:
//
//   alloc_bytes_per_op, allocs_per_op  alloc_space / alloc_objects of the
//                                      allocation delta (allocs-after minus
//                                      allocs-before without the profile
//                                      endpoints' own, results/load_deltas.h)
//                                      divided by the repetition's total_ops
//   cpu_us_per_op                      cpu.prof's cpu nanoseconds divided by
//                                      the operations in the profile's window
//                                      (ops_per_sec × duration_nanos), since
//                                      cpu.prof covers part of the load only
//
// Per side and backend, each repetition's per-op values per function (flat:
// the function's own allocations or CPU, pprof::Top) are averaged over the
// repetitions; the explanation lists the N functions whose HEAD − BASE is
// largest in the direction of the metric's change.
//
// CPU profiles are sampled: each function's delta carries a standard error
// from Poisson counting (a function with flat value v at sampling period p
// has ~v/p samples, so SE(v) = sqrt(v·p)). Allocation profiles at sampling
// rate 1 are exact; at other rates the values are scaled estimates and
// `exact` is false.
//
//   CompareResult r = Compare(*base, *head, options);
//   AddChangeExplanations(*base, *head, /*n=*/5, &r);
//   for (const ChangeExplanation& e : r.explanations) ...
#ifndef MDBPROF_REPORT_CHANGE_EXPLANATION_H_
#define MDBPROF_REPORT_CHANGE_EXPLANATION_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mdbprof::report {

// One function's part in a change; every value per operation, in the
// explanation's unit.
struct FunctionChange {
  std::string function;  // as ReadableName() prints it
  double base = 0, head = 0;
  double delta = 0;  // head - base
  // Standard error of `delta` from sampling; nullopt when the data is exact.
  std::optional<double> delta_se;
  // The allocation count behind a bytes delta, or the bytes behind a count
  // delta (allocs/op for alloc_bytes_per_op, bytes/op for allocs_per_op);
  // nullopt for CPU.
  std::optional<double> companion_delta;
};

struct ChangeExplanation {
  std::string backend, metric;
  // "bytes" (alloc_bytes_per_op), "allocs" (allocs_per_op) or "ns" (CPU).
  std::string unit;
  std::string source;  // e.g. "allocation profiles (exact, rate 1)"
  bool exact = false;  // false: sampled data, estimates
  int base_repetitions = 0, head_repetitions = 0;  // with usable profiles
  // Largest |delta| first, all in the direction of the metric's change.
  std::vector<FunctionChange> functions;
  // Non-empty when there is no explanation: which profile is missing or
  // unusable, and why.
  std::string error;
};

// The per-op profile explanation of `metric` for one backend, from the
// repetition directories of each side (each holding load-test-results.json
// and the profiles). `head_higher`: the metric rose from BASE to HEAD.
// nullopt when no profile explains `metric` (ExplainsMetric is false).
std::optional<ChangeExplanation> ExplainChange(
    std::string_view backend, std::string_view metric,
    const std::vector<std::string>& base_dirs,
    const std::vector<std::string>& head_dirs, bool head_higher, int n);

// True for the metrics a profile explains (see the table above).
bool ExplainsMetric(std::string_view metric);

// "+8.0 KiB/op", "-1 alloc/op", "+12.5 µs/op": a per-op delta in `unit`.
std::string FormatPerOpDelta(double delta, std::string_view unit);

// One line of an explanation: "main.burn  +8.0 KiB/op (+1 alloc/op)",
// "json::parse  +12.5 µs/op ± 1.1".
std::string FormatFunctionChange(const FunctionChange& f,
                                 std::string_view unit);
// The same without the name: "+8.0 KiB/op (+1 alloc/op)".
std::string FormatFunctionDelta(const FunctionChange& f, std::string_view unit);

}  // namespace mdbprof::report

#endif  // MDBPROF_REPORT_CHANGE_EXPLANATION_H_
