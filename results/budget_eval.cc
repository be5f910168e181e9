// Evaluating a budget against a run's metrics and profiles.
#include <cmath>
#include <cstdio>
#include <regex>

#include "pprof/profile.h"
#include "pprof/top.h"
#include "results/budget.h"
#include "results/internal/profile_text.h"

namespace mdbprof::results {
namespace {

constexpr size_t kTopForMetric = 5;
constexpr size_t kMatchedRowsShown = 10;

enum class ProfileKind { kAlloc, kCpu };

const char* KindName(ProfileKind kind) {
  return kind == ProfileKind::kAlloc ? "alloc" : "cpu";
}

const pprof::Profile* ProfileOf(ProfileKind kind, const ProfileInputs& in) {
  return kind == ProfileKind::kAlloc ? in.alloc_delta : in.cpu;
}

// The profile and sample type whose functions explain a metric.
struct MetricSource {
  std::string_view metric;
  ProfileKind kind;
  std::string_view sample;
};
constexpr MetricSource kMetricSources[] = {
    {"alloc_bytes_per_op", ProfileKind::kAlloc, "alloc_space"},
    {"allocs_per_op", ProfileKind::kAlloc, "alloc_objects"},
    {"alloc_samples", ProfileKind::kAlloc, "alloc_objects"},
    {"heap_inuse_after_bytes", ProfileKind::kAlloc, "inuse_space"},
    {"heap_growth_bytes", ProfileKind::kAlloc, "inuse_space"},
    {"cpu_us_per_op", ProfileKind::kCpu, "cpu"},
    {"total_cpu_us_per_op", ProfileKind::kCpu, "cpu"},
};

std::string Percent(double fraction) {
  return FormatNumber(fraction * 100) + "%";
}

// "(+18.7%)" for actual vs limit; "" when the limit is 0.
std::string Excess(double actual, double limit) {
  if (limit == 0 || std::isnan(actual)) return "";
  char buf[48];
  std::snprintf(buf, sizeof buf, " (%+.1f%%)",
                100 * (actual - limit) / std::fabs(limit));
  return buf;
}

bool WithinMax(double actual, double limit) {
  return actual <= limit + 1e-9 * std::fabs(limit);
}
bool WithinMin(double actual, double limit) {
  return actual >= limit - 1e-9 * std::fabs(limit);
}

std::string SampleTypeNames(const pprof::Profile& profile) {
  std::string names;
  for (const auto& st : profile.proto().sample_type()) {
    if (!names.empty()) names += ", ";
    names += std::string(profile.String(st.type()));
  }
  return names.empty() ? "none" : names;
}

// The "top <sample> functions" block of a metric failure, or a line saying
// why there is none.
std::string TopFunctions(const MetricSource& source, const ProfileInputs& in) {
  const pprof::Profile* profile = ProfileOf(source.kind, in);
  std::string what = std::string(source.sample);
  if (profile == nullptr) {
    return std::string("  (no ") + KindName(source.kind) +
           " profile was given, so no functions to show)\n";
  }
  pprof::TopOptions options;
  options.sample_index = what;
  Result<pprof::TopReport> top = pprof::Top(*profile, options);
  if (!top.ok()) {
    return "  (cannot list " + what + " functions: " + top.status().message() +
           ")\n";
  }
  return "  top " + what + " functions (flat, cum):\n" +
         internal::FormatFunctionRows(top->rows, top->total, top->unit, "  ",
                                      kTopForMetric);
}

std::string ErrorsByReason(const RunMetrics& m) {
  if (m.errors_by_reason.empty()) return "";
  std::string out = "  errors by reason:\n";
  for (const auto& [reason, count] : m.errors_by_reason) {
    out += "    " + std::to_string(count) + "  " + reason + "\n";
  }
  return out;
}

Verdict MetricVerdict(const MetricLimit& limit, bool is_max,
                      const BudgetFile& budget, const RunMetrics& metrics,
                      const ProfileInputs& in) {
  Verdict v;
  v.metric = limit.metric;
  double base = is_max ? *limit.max : *limit.min;
  v.limit_value = is_max ? *limit.EffectiveMax() : *limit.EffectiveMin();
  v.limit = (is_max ? "<= " : ">= ") + FormatNumber(v.limit_value);
  if (limit.tolerance > 0) {
    v.limit += " (" + FormatNumber(base) + (is_max ? " + " : " - ") +
               Percent(limit.tolerance) + ")";
  }
  Result<std::optional<double>> value = MetricValue(metrics, limit.metric);
  std::string limit_line = "  limit:  " + v.limit + " (" + budget.path + ")\n";
  if (!value.ok() || !value->has_value()) {
    v.passed = false;
    v.message = "budget failed: " + limit.metric +
                " was not measured in this run\n" + limit_line +
                "  actual: not measured\n";
    if (!value.ok())
      v.message += "  reason: " + value.status().message() + "\n";
    return v;
  }
  v.actual = **value;
  v.passed = is_max ? WithinMax(v.actual, v.limit_value)
                    : WithinMin(v.actual, v.limit_value);
  if (v.passed) return v;
  v.message = (is_max ? "budget exceeded: "
                      : "budget not met (below the "
                        "minimum): ") +
              limit.metric + "\n" + limit_line +
              "  actual: " + FormatNumber(v.actual) +
              Excess(v.actual, v.limit_value) + "\n";
  if (limit.metric == "errors" || limit.metric == "error_rate") {
    v.message += ErrorsByReason(metrics);
  }
  for (const MetricSource& source : kMetricSources) {
    if (source.metric == limit.metric) v.message += TopFunctions(source, in);
  }
  return v;
}

// Finds the profile holding `sample`: the six Go names are routed by name,
// any other name to whichever profile has it. Returns null and sets `why`
// when there is none.
const pprof::Profile* ProfileForSample(const std::string& sample,
                                       const ProfileInputs& in,
                                       std::string* why) {
  std::optional<ProfileKind> kind;
  for (const char* name :
       {"alloc_space", "alloc_objects", "inuse_space", "inuse_objects"}) {
    if (sample == name) kind = ProfileKind::kAlloc;
  }
  if (sample == "cpu" || sample == "samples") kind = ProfileKind::kCpu;
  if (!kind) {
    for (ProfileKind k : {ProfileKind::kAlloc, ProfileKind::kCpu}) {
      const pprof::Profile* p = ProfileOf(k, in);
      if (!kind && p != nullptr && p->SampleTypeIndex(sample) >= 0) kind = k;
    }
  }
  if (!kind) {
    *why = "unknown sample type \"" + sample + "\": the alloc profile has " +
           (in.alloc_delta ? SampleTypeNames(*in.alloc_delta)
                           : std::string("not been given")) +
           "; the cpu profile has " +
           (in.cpu ? SampleTypeNames(*in.cpu) : std::string("not been given"));
    return nullptr;
  }
  const pprof::Profile* profile = ProfileOf(*kind, in);
  if (profile == nullptr) {
    *why = std::string("no ") + KindName(*kind) + " profile was given";
  }
  return profile;
}

void FunctionVerdicts(const FunctionLimit& limit, const BudgetFile& budget,
                      const RunMetrics& metrics, const ProfileInputs& in,
                      std::vector<Verdict>* out) {
  struct Check {
    const char* suffix;
    std::optional<double> max;
  };
  std::string label = "/" + limit.match + "/ " + limit.sample;
  std::string why;
  const pprof::Profile* profile = ProfileForSample(limit.sample, in, &why);
  Result<pprof::TopReport> top = InvalidArgument("no profile");
  if (profile != nullptr) {
    pprof::TopOptions options;
    options.sample_index = limit.sample;
    top = pprof::Top(*profile, options);
    if (!top.ok()) why = top.status().message();
  }
  std::vector<pprof::FunctionRow> matched;
  int64_t matched_sum = 0;
  if (top.ok()) {
    try {
      std::regex re(limit.match, std::regex::ECMAScript);
      for (const pprof::FunctionRow& row : top->rows) {
        if (!std::regex_search(row.name, re)) continue;
        matched.push_back(row);
        matched_sum += row.flat;
      }
    } catch (const std::regex_error& e) {
      why = "cannot match regular expression \"" + limit.match +
            "\": " + e.what();
      top = InvalidArgument(why);
    }
  }
  for (const Check& check :
       {Check{"share", limit.max_share}, Check{"per op", limit.max_per_op}}) {
    if (!check.max) continue;
    bool share = std::string_view(check.suffix) == "share";
    Verdict v;
    v.metric = label + " " + check.suffix;
    v.limit_value = *check.max;
    v.limit = "<= " + FormatNumber(*check.max) +
              (share ? " of total " + limit.sample : " per op");
    std::string head = "  limit:  " + v.limit + " (" + budget.path + ")\n";
    if (top.ok() && !share && metrics.total_ops <= 0) {
      why = "the run has no successful operations to divide by";
    }
    if (!top.ok() || (!share && metrics.total_ops <= 0)) {
      v.passed = false;
      v.message = "budget failed: " + v.metric + " could not be checked\n" +
                  head + "  reason: " + why + "\n";
      out->push_back(std::move(v));
      continue;
    }
    std::string amount = internal::FormatSampleValue(matched_sum, top->unit);
    std::string detail;
    if (share) {
      v.actual = top->total > 0 ? static_cast<double>(matched_sum) /
                                      static_cast<double>(top->total)
                                : 0;
      detail =
          amount + " of " + internal::FormatSampleValue(top->total, top->unit);
    } else {
      v.actual = static_cast<double>(matched_sum) /
                 static_cast<double>(metrics.total_ops);
      detail = amount + " " + limit.sample + " over " +
               std::to_string(metrics.total_ops) + " operations";
    }
    v.passed = WithinMax(v.actual, v.limit_value);
    if (!v.passed) {
      v.message = "budget exceeded: " + v.metric + "\n" + head +
                  "  actual: " + FormatNumber(v.actual) +
                  Excess(v.actual, v.limit_value) + ": " + detail + "\n" +
                  "  matched " + limit.sample + " functions (flat, cum):\n" +
                  internal::FormatFunctionRows(matched, top->total, top->unit,
                                               "  ", kMatchedRowsShown);
    }
    out->push_back(std::move(v));
  }
}

}  // namespace

std::vector<Verdict> EvaluateBudgets(const BudgetFile& budget,
                                     const RunMetrics& metrics,
                                     const ProfileInputs& profiles) {
  std::vector<Verdict> verdicts;
  if (!budget.backend.empty() && !metrics.config.backend.empty() &&
      budget.backend != metrics.config.backend) {
    Verdict v;
    v.metric = "backend";
    v.limit = "== " + budget.backend;
    v.passed = false;
    v.message =
        "budget failed: wrong budget file for this backend\n"
        "  limit:  backend " +
        budget.backend + " (" + budget.path + ")\n  actual: backend " +
        metrics.config.backend + "\n";
    verdicts.push_back(std::move(v));
  }
  for (const MetricLimit& limit : budget.metrics) {
    if (limit.min) {
      verdicts.push_back(
          MetricVerdict(limit, false, budget, metrics, profiles));
    }
    if (limit.max) {
      verdicts.push_back(MetricVerdict(limit, true, budget, metrics, profiles));
    }
  }
  for (const FunctionLimit& limit : budget.functions) {
    FunctionVerdicts(limit, budget, metrics, profiles, &verdicts);
  }
  return verdicts;
}

}  // namespace mdbprof::results
