// Compare: the PR gate. For every backend in both BASE and HEAD and every
// metric of ReportMetrics(), the change from BASE to HEAD, judged:
//
//   * a regression needs both a minimum effect (default 5% in the worse
//     direction; per metric from the budgets file) and, with at least 3
//     repetitions a side, a one-sided Mann-Whitney U test "HEAD is worse"
//     at p <= alpha (default 0.05);
//   * deterministic metrics (allocs/op and alloc bytes/op at allocation
//     sampling rate 1) are gated on the minimum effect alone;
//   * with fewer than 3 repetitions a side a change beyond the minimum
//     effect is reported as untested and does not fail the gate;
//   * a failed budget verdict in HEAD fails the gate;
//   * different fingerprints (workers, duration, mix, payload, server
//     version, cores, sampling rate) make the runs incomparable.
//
// The test is one-sided because the gate asks one question, "did HEAD get
// worse?"; with 3 repetitions a side a complete separation then has the
// exact p = 1/20 = 0.05. (A two-sided test cannot reach p <= 0.05 with 3
// against 3: its smallest p is 0.1.)
//
//   CompareResult r = Compare(*base, *head, CompareOptions{});
//   std::cout << FormatCompareText(r);
//   return ExitCode(r.outcome);   // 0 pass, 1 regression/budget, 2 invalid
#ifndef MDBPROF_REPORT_COMPARE_H_
#define MDBPROF_REPORT_COMPARE_H_

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "report/change_explanation.h"
#include "report/comparison_json.h"

namespace mdbprof::report {

struct CompareOptions {
  double alpha = 0.05;       // in (0, 1)
  double min_effect = 0.05;  // relative, >= 0; the default for every metric
  // backend -> metric -> min effect (from the budgets files); overrides
  // min_effect.
  std::map<std::string, std::map<std::string, double>> min_effects;
  // Fingerprint fields not checked (FingerprintFields() names).
  std::set<std::string> ignore_fingerprint;
  int min_repetitions = 3;  // per side, for the U test
};

enum class ChangeStatus {
  kSame,            // within the minimum effect
  kImproved,        // better beyond the minimum effect (and significant)
  kRegressed,       // worse beyond the minimum effect and significant
  kNotSignificant,  // beyond the minimum effect, but p > alpha
  kUntested,        // beyond the minimum effect, too few repetitions
  kInformational,   // no better direction (e.g. alloc_samples)
  kMissing,         // not measured in BASE or HEAD
};

std::string_view StatusName(ChangeStatus status);

struct MetricChange {
  std::string backend, metric;
  std::optional<double> base_median, head_median;
  int base_n = 0, head_n = 0;  // measured repetitions
  // (head - base) / |base|; ±infinity when base is 0 and head is not;
  // nullopt when either side is missing.
  std::optional<double> change;
  double min_effect = 0;
  // One-sided U test in the direction of the change (worse or better).
  std::optional<double> p_value;
  std::string method;  // "exact", "normal approximation", "deterministic"
  ChangeStatus status = ChangeStatus::kSame;
  std::string reason;  // one phrase, e.g. "worse by 16.7% (p = 0.05)"
};

struct BudgetFailure {
  std::string backend, metric, limit;
  int failed = 0, repetitions = 0;
  std::string message;  // the first failed repetition's message
};

enum class Outcome { kPass = 0, kFail = 1, kInvalid = 2 };

struct CompareResult {
  Outcome outcome = Outcome::kPass;
  std::string base_label, head_label;  // the runs' directories
  double alpha = 0.05;
  std::vector<std::string> errors;    // why the runs are incomparable
  std::vector<MetricChange> changes;  // HEAD's backend order, metric order
  std::vector<BudgetFailure> budget_failures;  // in HEAD
  std::vector<std::string> notes;
  // The profiles' "why" of the moved metrics (AddChangeExplanations); empty
  // until it is called.
  std::vector<ChangeExplanation> explanations;

  int Count(ChangeStatus status) const;
  // One line: "PASS: ...", "FAIL: 2 regressions, 1 budget exceeded",
  // "INCOMPARABLE: sqlite: workers: 10 vs 20".
  std::string Summary() const;
};

CompareResult Compare(const Comparison& base, const Comparison& head,
                      const CompareOptions& options);

// For every change of `result` that moved beyond its minimum effect
// (regressed, improved, not significant, untested) in a metric a profile
// explains (ExplainsMetric), the top `n` functions behind it from the
// repetition directories of `base` and `head` (ExplainChange). A side loaded
// from comparison.json, without its run directory, gives an explanation
// whose `error` says so. Reads files; does not change the verdict.
void AddChangeExplanations(const Comparison& base, const Comparison& head,
                           int n, CompareResult* result);

inline int ExitCode(Outcome outcome) { return static_cast<int>(outcome); }

}  // namespace mdbprof::report

#endif  // MDBPROF_REPORT_COMPARE_H_
