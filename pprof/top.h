// Top: the flat/cum table of `go tool pprof -top` (default granularity:
// functions, inlined frames as their own nodes), and its text rendering.
//
//   Result<TopReport> top = Top(profile, {.sample_index = "alloc_space",
//                                         .nodecount = 10});
//   if (!top.ok()) return top.status();
//   for (const FunctionRow& row : top->rows) ...  // sorted as pprof
//   std::cout << FormatTop(*top);
#ifndef MDBPROF_PPROF_TOP_H_
#define MDBPROF_PPROF_TOP_H_

#include <cstdint>
#include <string>
#include <vector>

#include "base/status.h"
#include "pprof/profile.h"

namespace mdbprof::pprof {

struct TopOptions {
  // Sample type by name ("alloc_space"; "inuse_X" also finds "X") or index
  // ("1"); "" = the profile's default (default_sample_type, else the last).
  std::string sample_index{};
  // Keep only the first N rows (pprof -nodecount); 0 = all.
  int nodecount = 0;
  // pprof -focus / -ignore: ECMAScript regexes over the frames' function
  // names, file names and mapping files (see filter.h); "" = off.
  std::string focus{}, ignore{};
  // pprof -nodefraction: drop rows whose |cum| is below this fraction of the
  // summed flat values. 0 = keep all (`go tool pprof` uses 0.005).
  double node_fraction = 0;
  // pprof -edgefraction: caller edges lighter than this fraction are
  // ignored when labelling rows "(inline)". pprof's default.
  double edge_fraction = 0.001;
  // pprof -cum: order rows by |cum| (then name, then |flat|) instead of
  // |flat|; -nodecount then keeps the first N in that order.
  bool cum = false;
};

struct FunctionRow {
  std::string name{};
  int64_t flat = 0;
  int64_t cum = 0;
  // "", "(inline)" (every kept call into it was inlined) or
  // "(partial-inline)" (some were), as `go tool pprof -top` prints.
  std::string inline_label{};
};

struct TopReport {
  std::string sample_type{}, unit{};
  int64_t total = 0;  // Σ|v| over all samples, before focus/ignore (pprof)
  std::vector<FunctionRow> rows{};  // sorted as go tool pprof -top

  // For FormatTop's header (pprof's report labels).
  std::string file{};      // basename of the first mapping's file, if any
  std::string build_id{};  // the first mapping's build id
  std::vector<std::string> comments{};  // profile comments not starting '#'
  int64_t time_nanos = 0;
  int64_t duration_nanos = 0;
  std::vector<std::string> active_filters{};  // "focus=RE", "ignore=RE"
  double node_fraction = 0;                   // as requested
  int dropped_nodes = 0;                      // rows dropped by node_fraction
  int rows_before_nodecount = 0;              // rows left after node_fraction
};

// Computes the table. Rows: one per function name (see function_graph.h);
// flat = Σ values of samples whose leaf frame (location[0].line[0]) is the
// function; cum = Σ values of samples with the function anywhere on the
// stack, counted once per sample even under recursion; rows with flat and
// cum both 0 are omitted. Order: |flat| descending, then name, then |cum|
// descending (pprof's FlatNameOrder); with `cum`, |cum| first
// (CumNameOrder). Errors: unknown sample index, invalid
// regex.
Result<TopReport> Top(const Profile& profile, const TopOptions& options = {});

// The report as `go tool pprof -top` prints it: header lines (File, Type,
// Time, Duration, active filters, "Showing nodes accounting for ...",
// dropped nodes), the column header, one line per row; values scaled to a
// unit chosen as pprof does (ns -> ms/s, bytes -> kB/MB/GB).
std::string FormatTop(const TopReport& report);

}  // namespace mdbprof::pprof

#endif  // MDBPROF_PPROF_TOP_H_
