#include "report/compare.h"

#include <cmath>
#include <cstdio>
#include <limits>

#include "report/mann_whitney.h"
#include "report/report_metrics.h"

namespace mdbprof::report {
namespace {

using results::Better;

std::string Percent(double fraction) {
  if (std::isinf(fraction)) return fraction > 0 ? "+inf%" : "-inf%";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%+.1f%%", fraction * 100);
  return buf;
}

std::string PValue(double p) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g", p);
  return buf;
}

bool IsDeterministic(std::string_view metric, const Fingerprint& base,
                     const Fingerprint& head) {
  return (metric == "allocs_per_op" || metric == "alloc_bytes_per_op") &&
         base.alloc_sample_rate == 1 && head.alloc_sample_rate == 1;
}

double MinEffectFor(const CompareOptions& options, const std::string& backend,
                    std::string_view metric) {
  auto b = options.min_effects.find(backend);
  if (b != options.min_effects.end()) {
    auto m = b->second.find(std::string(metric));
    if (m != b->second.end()) return m->second;
  }
  return options.min_effect;
}

// One-sided p that HEAD lies above (`head_higher`) or below BASE.
Result<MannWhitneyResult> OneSided(const MetricSeries& base,
                                   const MetricSeries& head, bool head_higher) {
  std::vector<double> b = base.Measured(), h = head.Measured();
  return MannWhitneyU(h, b,
                      head_higher ? Alternative::kGreater : Alternative::kLess);
}

MetricChange Judge(const std::string& backend, const ReportMetric& info,
                   const MetricSeries* base, const MetricSeries* head,
                   const Fingerprint& base_fp, const Fingerprint& head_fp,
                   const CompareOptions& options) {
  MetricChange c;
  c.backend = backend;
  c.metric = std::string(info.name);
  c.min_effect = MinEffectFor(options, backend, info.name);
  if (base != nullptr) {
    c.base_median = base->median;
    c.base_n = base->MeasuredCount();
  }
  if (head != nullptr) {
    c.head_median = head->median;
    c.head_n = head->MeasuredCount();
  }
  if (!c.base_median || !c.head_median) {
    c.status = ChangeStatus::kMissing;
    c.reason = std::string("not measured in ") +
               (!c.base_median && !c.head_median ? "BASE and HEAD"
                : !c.base_median                 ? "BASE"
                                                 : "HEAD");
    return c;
  }
  const double b = *c.base_median, h = *c.head_median;
  if (b != 0) {
    c.change = (h - b) / std::abs(b);
  } else {
    c.change = h == 0
                   ? 0.0
                   : std::copysign(std::numeric_limits<double>::infinity(), h);
  }
  if (info.better == Better::kNeither) {
    c.status = ChangeStatus::kInformational;
    c.reason = "not judged (neither direction is better)";
    return c;
  }
  // worse > 0: HEAD is worse by that fraction.
  const double worse = info.better == Better::kLower ? *c.change : -*c.change;
  const bool beyond = std::abs(worse) > c.min_effect;
  const std::string direction = worse > 0 ? "worse" : "better";
  const std::string by = direction + " by " +
                         Percent(std::abs(worse)).substr(1) + " (min effect " +
                         Percent(c.min_effect).substr(1) + ")";
  if (IsDeterministic(info.name, base_fp, head_fp)) {
    c.method = "deterministic";
    c.status = !beyond     ? ChangeStatus::kSame
               : worse > 0 ? ChangeStatus::kRegressed
                           : ChangeStatus::kImproved;
    c.reason = beyond ? by + ", exact counts (sampling rate 1)"
                      : "within the min effect, exact counts";
    return c;
  }
  if (!beyond) {
    c.status = ChangeStatus::kSame;
    c.reason = "within the min effect of " + Percent(c.min_effect).substr(1);
    return c;
  }
  if (c.base_n < options.min_repetitions ||
      c.head_n < options.min_repetitions) {
    c.status = ChangeStatus::kUntested;
    c.reason = by + "; not tested: needs " +
               std::to_string(options.min_repetitions) +
               " repetitions a side, has " + std::to_string(c.base_n) + " vs " +
               std::to_string(c.head_n);
    return c;
  }
  // HEAD higher is worse for kLower metrics when worse > 0, and so on.
  const bool head_higher = (info.better == Better::kLower) == (worse > 0);
  Result<MannWhitneyResult> test = OneSided(*base, *head, head_higher);
  if (!test.ok()) {  // only non-finite values; FromJson rejects those
    c.status = ChangeStatus::kMissing;
    c.reason = test.status().message();
    return c;
  }
  c.p_value = test->p_value;
  c.method = std::string(MethodName(test->method));
  const bool significant = test->p_value <= options.alpha * (1 + 1e-9);
  c.status = !significant ? ChangeStatus::kNotSignificant
             : worse > 0  ? ChangeStatus::kRegressed
                          : ChangeStatus::kImproved;
  c.reason = by + ", p = " + PValue(test->p_value) +
             (significant ? " <= " : " > ") + "alpha " + PValue(options.alpha);
  return c;
}

std::string Names(const Comparison& c) {
  std::string out;
  for (const BackendSummary& b : c.backends) {
    out += (out.empty() ? "" : ", ") + b.name;
  }
  return out.empty() ? "none" : out;
}

}  // namespace

std::string_view StatusName(ChangeStatus status) {
  switch (status) {
    case ChangeStatus::kSame:
      return "same";
    case ChangeStatus::kImproved:
      return "improved";
    case ChangeStatus::kRegressed:
      return "regressed";
    case ChangeStatus::kNotSignificant:
      return "not significant";
    case ChangeStatus::kUntested:
      return "untested";
    case ChangeStatus::kInformational:
      return "info";
    case ChangeStatus::kMissing:
      return "missing";
  }
  return "?";
}

int CompareResult::Count(ChangeStatus status) const {
  int n = 0;
  for (const MetricChange& c : changes) n += c.status == status ? 1 : 0;
  return n;
}

std::string CompareResult::Summary() const {
  if (outcome == Outcome::kInvalid) {
    return "INCOMPARABLE: " +
           (errors.empty() ? std::string("invalid input") : errors.front()) +
           (errors.size() > 1
                ? " (and " + std::to_string(errors.size() - 1) + " more)"
                : "");
  }
  const int regressed = Count(ChangeStatus::kRegressed);
  const int budgets = static_cast<int>(budget_failures.size());
  std::string counts =
      std::to_string(regressed) +
      (regressed == 1 ? " regression, " : " regressions, ") +
      std::to_string(budgets) + (budgets == 1 ? " budget" : " budgets") +
      " exceeded, " + std::to_string(Count(ChangeStatus::kImproved)) +
      " improved, " + std::to_string(Count(ChangeStatus::kUntested)) +
      " untested";
  return (outcome == Outcome::kFail ? "FAIL: " : "PASS: ") + counts;
}

CompareResult Compare(const Comparison& base, const Comparison& head,
                      const CompareOptions& options) {
  CompareResult r;
  r.base_label = base.run_dir;
  r.head_label = head.run_dir;
  r.alpha = options.alpha;
  int common = 0;
  for (const BackendSummary& h : head.backends) {
    const BackendSummary* b = base.Backend(h.name);
    if (b == nullptr) {
      r.notes.push_back(h.name + ": only in HEAD, not compared");
      continue;
    }
    ++common;
    std::vector<std::string> diffs = FingerprintDifferences(
        b->fingerprint, h.fingerprint, options.ignore_fingerprint);
    for (const std::string& d : diffs) {
      r.errors.push_back(h.name + ": incomparable runs: " + d);
    }
    if (!diffs.empty()) continue;
    for (const ReportMetric& info : ReportMetrics()) {
      r.changes.push_back(Judge(h.name, info, b->Metric(info.name),
                                h.Metric(info.name), b->fingerprint,
                                h.fingerprint, options));
    }
  }
  for (const BackendSummary& b : base.backends) {
    if (head.Backend(b.name) == nullptr) {
      r.notes.push_back(b.name + ": only in BASE, not compared");
    }
  }
  if (common == 0) {
    r.errors.push_back("no backend in both runs (BASE: " + Names(base) +
                       "; HEAD: " + Names(head) + ")");
  }
  for (const BackendSummary& h : head.backends) {
    for (const VerdictSummary& v : h.verdicts) {
      if (v.passed()) continue;
      r.budget_failures.push_back(
          {h.name, v.metric, v.limit, v.failed,
           static_cast<int>(v.actual.size()),
           v.messages.empty() ? v.metric + " failed" : v.messages.front()});
    }
  }
  if (!r.errors.empty()) {
    r.outcome = Outcome::kInvalid;
  } else if (r.Count(ChangeStatus::kRegressed) > 0 ||
             !r.budget_failures.empty()) {
    r.outcome = Outcome::kFail;
  }
  return r;
}

void AddChangeExplanations(const Comparison& base, const Comparison& head,
                           int n, CompareResult* result) {
  for (const MetricChange& c : result->changes) {
    const bool moved = c.status == ChangeStatus::kRegressed ||
                       c.status == ChangeStatus::kImproved ||
                       c.status == ChangeStatus::kNotSignificant ||
                       c.status == ChangeStatus::kUntested;
    if (!moved || !c.base_median || !c.head_median) continue;
    const BackendSummary* b = base.Backend(c.backend);
    const BackendSummary* h = head.Backend(c.backend);
    if (b == nullptr || h == nullptr) continue;
    std::optional<ChangeExplanation> e =
        ExplainChange(c.backend, c.metric, b->repetition_dirs,
                      h->repetition_dirs, *c.head_median > *c.base_median, n);
    if (e) result->explanations.push_back(std::move(*e));
  }
}

}  // namespace mdbprof::report
