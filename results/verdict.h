// Verdict: the outcome of one budget limit, and how verdicts are reported.
//
//   std::vector<Verdict> verdicts = EvaluateBudgets(budget, metrics, inputs);
//   if (!AllPassed(verdicts)) {
//     for (const Verdict& v : verdicts)
//       if (!v.passed) std::cerr << v.message << "\n";
//   }
//   readme << FormatVerdicts(verdicts);
#ifndef MDBPROF_RESULTS_VERDICT_H_
#define MDBPROF_RESULTS_VERDICT_H_

#include <limits>
#include <string>
#include <vector>

namespace mdbprof::results {

struct Verdict {
  // The metric name ("cpu_us_per_op"), or for a function limit its label
  // ("/^sqlite3/ alloc_space share").
  std::string metric;
  // The limit for people, e.g. "<= 500 (400 + 25%)" or ">= 375 (500 - 25%)".
  std::string limit;
  // The measured value; NaN when it was not measured.
  double actual = std::numeric_limits<double>::quiet_NaN();
  bool passed = false;
  // Empty when passed; otherwise a gtest-style multi-line explanation: the
  // metric, the limit and its file, the actual value and the functions
  // behind it.
  std::string message;
  // The effective limit (tolerance applied); NaN when there is none. (Last,
  // so that positional initialisation of the fields above keeps working.)
  double limit_value = std::numeric_limits<double>::quiet_NaN();
};

// The budgets object of a run: which file was applied and its verdicts.
struct BudgetResults {
  std::string file;
  std::vector<Verdict> verdicts;
};

// True when every verdict passed (also when there are none).
bool AllPassed(const std::vector<Verdict>& verdicts);

// A Markdown table (budget, limit, actual, result) followed by the messages of
// the failed verdicts in a code block; for the run's README.md.
std::string FormatVerdicts(const std::vector<Verdict>& verdicts);

// A number for people: integers without decimals, otherwise up to three
// significant decimals ("71234.5", "0.953"); "not measured" for NaN.
std::string FormatNumber(double v);

}  // namespace mdbprof::results

#endif  // MDBPROF_RESULTS_VERDICT_H_
