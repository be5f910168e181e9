// The outputs of `mdbprof compare`: plain text for a terminal, Markdown for
// a PR comment, JSON for machines.
//
//   CompareResult r = Compare(base, head, options);
//   std::cout << FormatCompareMarkdown(r);
#ifndef MDBPROF_REPORT_COMPARE_FORMAT_H_
#define MDBPROF_REPORT_COMPARE_FORMAT_H_

#include <string>

#include "nlohmann/json.hpp"
#include "report/compare.h"

namespace mdbprof::report {

// The summary line, errors, budget failures, then per backend the metrics
// that moved beyond their minimum effect (regressed, improved, not
// significant, untested) or were measured on one side only, and a count of
// the rest; notes last.
std::string FormatCompareText(const CompareResult& result);

// A heading with the verdict, the failures and moved metrics as a table
// (backend, metric, BASE, HEAD, change, p, verdict), and every metric
// measured on either side in a collapsed <details> table.
std::string FormatCompareMarkdown(const CompareResult& result);

// Everything: outcome, exit code, summary, errors, budget failures, every
// change (null for what is not known), notes.
nlohmann::json CompareResultToJson(const CompareResult& result);

}  // namespace mdbprof::report

#endif  // MDBPROF_REPORT_COMPARE_FORMAT_H_
