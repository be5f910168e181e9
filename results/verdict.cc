#include "results/verdict.h"

#include <cmath>
#include <cstdio>

namespace mdbprof::results {
namespace {

// Markdown table cells must not contain '|' or newlines.
std::string Cell(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '|') {
      out += "\\|";
    } else if (c == '\n') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

bool AllPassed(const std::vector<Verdict>& verdicts) {
  for (const Verdict& v : verdicts) {
    if (!v.passed) return false;
  }
  return true;
}

std::string FormatNumber(double v) {
  if (std::isnan(v)) return "not measured";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  char buf[64];
  if (v == std::trunc(v) && std::fabs(v) < 1e15) {
    std::snprintf(buf, sizeof buf, "%.0f", v);
  } else if (std::fabs(v) >= 100) {
    std::snprintf(buf, sizeof buf, "%.1f", v);
  } else {
    std::snprintf(buf, sizeof buf, "%.3g", v);
  }
  return buf;
}

std::string FormatVerdicts(const std::vector<Verdict>& verdicts) {
  if (verdicts.empty()) return "No budgets were evaluated.\n";
  std::string out = "| budget | limit | actual | result |\n|---|---|---|---|\n";
  size_t passed = 0;
  for (const Verdict& v : verdicts) {
    if (v.passed) ++passed;
    out += "| " + Cell(v.metric) + " | " + Cell(v.limit) + " | " +
           FormatNumber(v.actual) + " | " + (v.passed ? "pass" : "**FAIL**") +
           " |\n";
  }
  out += "\n" + std::to_string(passed) + " of " +
         std::to_string(verdicts.size()) + " budgets passed.\n";
  if (passed == verdicts.size()) return out;
  out += "\n```text\n";
  bool first = true;
  for (const Verdict& v : verdicts) {
    if (v.passed) continue;
    if (!first) out += "\n";
    first = false;
    out += v.message;
    if (!v.message.empty() && v.message.back() != '\n') out += "\n";
  }
  out += "```\n";
  return out;
}

}  // namespace mdbprof::results
