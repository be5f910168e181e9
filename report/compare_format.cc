#include "report/compare_format.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "report/change_explanation.h"
#include "report/value_format.h"
#include "results/verdict.h"

namespace mdbprof::report {
namespace {

using nlohmann::json;

// Worth a line of its own: moved beyond the minimum effect, or measured on
// one side only.
bool Moved(const MetricChange& c) {
  return c.status == ChangeStatus::kRegressed ||
         c.status == ChangeStatus::kImproved ||
         c.status == ChangeStatus::kNotSignificant ||
         c.status == ChangeStatus::kUntested ||
         (c.status == ChangeStatus::kMissing &&
          c.base_median.has_value() != c.head_median.has_value());
}

std::string Value(const std::optional<double>& v) {
  return v ? results::FormatNumber(*v) : "—";
}

std::string Change(const MetricChange& c) {
  if (!c.change) return "—";
  if (std::isinf(*c.change)) return "from 0";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%+.1f%%", *c.change * 100);
  return buf;
}

std::string P(const MetricChange& c) {
  if (!c.p_value) return c.method == "deterministic" ? "exact" : "—";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g", *c.p_value);
  return buf;
}

std::string Verdict(const MetricChange& c) {
  switch (c.status) {
    case ChangeStatus::kRegressed:
      return "❌ regressed";
    case ChangeStatus::kImproved:
      return "✅ improved";
    case ChangeStatus::kNotSignificant:
      return "not significant";
    case ChangeStatus::kUntested:
      return "⚠️ untested";
    default:
      return std::string(StatusName(c.status));
  }
}

void MarkdownRows(const std::vector<const MetricChange*>& rows,
                  std::ostringstream& md) {
  md << "| backend | metric | BASE | HEAD | change | p (one-sided) | verdict "
        "|\n|---|---|--:|--:|--:|--:|---|\n";
  for (const MetricChange* c : rows) {
    md << "| " << c->backend << " | `" << c->metric << "` | "
       << Value(c->base_median) << " (n=" << c->base_n << ") | "
       << Value(c->head_median) << " (n=" << c->head_n << ") | " << Change(*c)
       << " | " << P(*c) << " | " << Verdict(*c) << " |\n";
  }
}

json OptionalJson(const std::optional<double>& v) {
  if (!v || !std::isfinite(*v)) return json(nullptr);
  return json(*v);
}

// The explanation's heading: "sqlite alloc_bytes_per_op — allocation
// profiles, exact at sampling rate 1, 3 vs 3 repetitions".
std::string ExplanationTitle(const ChangeExplanation& e) {
  return e.backend + " " + e.metric + " — " + e.source + ", " +
         std::to_string(e.base_repetitions) + " vs " +
         std::to_string(e.head_repetitions) + " repetitions";
}

void TextExplanations(const CompareResult& r, std::ostringstream& out) {
  if (r.explanations.empty()) return;
  out << "why (top functions, HEAD - BASE per operation, flat):\n";
  for (const ChangeExplanation& e : r.explanations) {
    out << "  " << ExplanationTitle(e) << "\n";
    if (!e.error.empty()) out << "    no explanation: " << e.error << "\n";
    for (const FunctionChange& f : e.functions) {
      out << "    " << FormatFunctionChange(f, e.unit) << "\n";
    }
  }
}

void MarkdownExplanations(const CompareResult& r, std::ostringstream& md) {
  if (r.explanations.empty()) return;
  md << "**Why — the functions behind the changes** (HEAD − BASE per "
        "operation, each function's own allocations or CPU):\n\n";
  for (const ChangeExplanation& e : r.explanations) {
    md << "- " << MarkdownCell(e.backend) << " `" << e.metric << "` ("
       << MarkdownCell(e.source) << "; " << e.base_repetitions << " vs "
       << e.head_repetitions << " repetitions)";
    if (!e.error.empty()) md << ": no explanation: " << MarkdownCell(e.error);
    md << "\n";
    for (const FunctionChange& f : e.functions) {
      md << "  - `" << MarkdownCell(f.function) << "`  "
         << FormatFunctionDelta(f, e.unit) << "\n";
    }
  }
  md << "\n";
}

json ExplanationsJson(const CompareResult& r) {
  json out = json::array();
  for (const ChangeExplanation& e : r.explanations) {
    json functions = json::array();
    for (const FunctionChange& f : e.functions) {
      functions.push_back(
          {{"function", f.function},
           {"base_per_op", f.base},
           {"head_per_op", f.head},
           {"delta_per_op", f.delta},
           {"delta_se", OptionalJson(f.delta_se)},
           {"companion_delta_per_op", OptionalJson(f.companion_delta)},
           {"text", FormatFunctionChange(f, e.unit)}});
    }
    out.push_back({{"backend", e.backend},
                   {"metric", e.metric},
                   {"unit", e.unit},
                   {"source", e.source},
                   {"exact", e.exact},
                   {"base_repetitions", e.base_repetitions},
                   {"head_repetitions", e.head_repetitions},
                   {"functions", functions},
                   {"error", e.error}});
  }
  return out;
}

}  // namespace

std::string FormatCompareText(const CompareResult& r) {
  std::ostringstream out;
  out << "mdbprof compare: " << r.Summary() << "\n"
      << "  BASE " << r.base_label << "\n  HEAD " << r.head_label << "\n";
  for (const std::string& e : r.errors) out << "error: " << e << "\n";
  for (const BudgetFailure& f : r.budget_failures) {
    out << "budget exceeded in HEAD: " << f.backend << " " << f.metric << " "
        << f.limit << " (" << f.failed << " of " << f.repetitions
        << " repetitions)\n";
  }
  std::string backend;
  int unchanged = 0;
  auto flush = [&] {
    if (!backend.empty()) {
      out << "  " << unchanged << " other metrics within their minimum "
          << "effect or not judged\n";
    }
  };
  for (const MetricChange& c : r.changes) {
    if (c.backend != backend) {
      flush();
      backend = c.backend;
      unchanged = 0;
      out << backend << ":\n";
    }
    if (!Moved(c)) {
      ++unchanged;
      continue;
    }
    char line[512];
    std::snprintf(line, sizeof line, "  %-24s %12s -> %-12s %8s  %-15s %s\n",
                  c.metric.c_str(), Value(c.base_median).c_str(),
                  Value(c.head_median).c_str(), Change(c).c_str(),
                  std::string(StatusName(c.status)).c_str(), c.reason.c_str());
    out << line;
  }
  flush();
  TextExplanations(r, out);
  for (const std::string& n : r.notes) out << "note: " << n << "\n";
  return out.str();
}

std::string FormatCompareMarkdown(const CompareResult& r) {
  std::ostringstream md;
  const char* icon = r.outcome == Outcome::kPass   ? "✅"
                     : r.outcome == Outcome::kFail ? "❌"
                                                   : "⚠️";
  md << "### " << icon << " mdbprof compare — " << MarkdownCell(r.Summary())
     << "\n\n"
     << "BASE `" << r.base_label << "` → HEAD `" << r.head_label << "`; "
     << "regression = worse beyond the minimum effect and one-sided "
        "Mann-Whitney p ≤ "
     << results::FormatNumber(r.alpha)
     << " (≥ 3 repetitions a side; allocation counts at sampling rate 1 "
        "on the minimum effect alone).\n\n";
  if (!r.errors.empty()) {
    md << "**Incomparable runs:**\n\n";
    for (const std::string& e : r.errors) md << "- " << MarkdownCell(e) << "\n";
    md << "\n";
  }
  if (!r.budget_failures.empty()) {
    md << "**Budgets exceeded in HEAD:**\n\n| backend | budget | limit | "
          "failed |\n|---|---|---|--:|\n";
    for (const BudgetFailure& f : r.budget_failures) {
      md << "| " << f.backend << " | `" << MarkdownCell(f.metric) << "` | "
         << MarkdownCell(f.limit) << " | " << f.failed << " of "
         << f.repetitions << " |\n";
    }
    md << "\n";
  }
  std::vector<const MetricChange*> moved, all;
  for (const MetricChange& c : r.changes) {
    if (c.base_median || c.head_median) all.push_back(&c);
    if (Moved(c)) moved.push_back(&c);
  }
  if (!moved.empty()) {
    md << "**Changes beyond the minimum effect:**\n\n";
    MarkdownRows(moved, md);
    md << "\n";
    MarkdownExplanations(r, md);
  } else if (!r.changes.empty()) {
    md << "No metric moved beyond its minimum effect.\n\n";
  }
  if (!all.empty()) {
    md << "<details><summary>All " << all.size()
       << " compared metrics (those measured on either side)</summary>\n\n";
    MarkdownRows(all, md);
    md << "\n</details>\n";
  }
  if (!r.notes.empty()) {
    md << "\n";
    for (const std::string& n : r.notes) md << "- " << MarkdownCell(n) << "\n";
  }
  return md.str();
}

json CompareResultToJson(const CompareResult& r) {
  json changes = json::array();
  for (const MetricChange& c : r.changes) {
    json change = OptionalJson(c.change);
    changes.push_back({{"backend", c.backend},
                       {"metric", c.metric},
                       {"base_median", OptionalJson(c.base_median)},
                       {"head_median", OptionalJson(c.head_median)},
                       {"base_n", c.base_n},
                       {"head_n", c.head_n},
                       {"change", change},
                       {"change_from_zero", c.change && std::isinf(*c.change)},
                       {"min_effect", c.min_effect},
                       {"p_value", OptionalJson(c.p_value)},
                       {"method", c.method},
                       {"status", StatusName(c.status)},
                       {"reason", c.reason}});
  }
  json budgets = json::array();
  for (const BudgetFailure& f : r.budget_failures) {
    budgets.push_back({{"backend", f.backend},
                       {"metric", f.metric},
                       {"limit", f.limit},
                       {"failed_repetitions", f.failed},
                       {"repetitions", f.repetitions},
                       {"message", f.message}});
  }
  const char* outcome = r.outcome == Outcome::kPass   ? "pass"
                        : r.outcome == Outcome::kFail ? "fail"
                                                      : "incomparable";
  return {{"outcome", outcome},     {"exit_code", ExitCode(r.outcome)},
          {"summary", r.Summary()}, {"base", r.base_label},
          {"head", r.head_label},   {"alpha", r.alpha},
          {"errors", r.errors},     {"budget_failures", budgets},
          {"changes", changes},     {"explanations", ExplanationsJson(r)},
          {"notes", r.notes}};
}

}  // namespace mdbprof::report
