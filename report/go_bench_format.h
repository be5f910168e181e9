// GoBenchmarkText: a run in the Go benchmark text format
// (golang.org/design/14313-benchmark-format), so that `benchstat BASE HEAD`
// compares two runs' per-op metrics:
//
//   goos: linux
//   pkg: mdbprof
//   server_kind: refserver
//   alloc_sample_rate: 1
//   BenchmarkProfile/backend=sqlite-2  30000  1000000 ns/op  5300 B/op ...
//
// One line per backend and measured repetition (window): the name carries
// the backend and, as its -N suffix, the cores the run recorded; the
// iteration count is the window's total_ops; ns/op is the window's wall time
// per operation (duration_s / total_ops); then every measured metric of
// results::MetricCatalog() whose name ends in `_per_op`, in catalog order,
// under the unit BenchmarkUnit() gives it — a metric added to the catalog
// appears here without a change.
//
//   Result<RunSet> run = LoadRunSet(dir);
//   WriteTextFile(dir + "/" + results::kGoBenchmarkFile,
//                 GoBenchmarkText(*run));
#ifndef MDBPROF_REPORT_GO_BENCH_FORMAT_H_
#define MDBPROF_REPORT_GO_BENCH_FORMAT_H_

#include <optional>
#include <string>

#include "report/run_set.h"
#include "results/run_metrics.h"

namespace mdbprof::report {

// The Go benchmark unit of a per-op catalog metric; nullopt for a metric that
// is not per operation (its name does not end in `_per_op`). The stem (the
// name without `_per_op`) gives the unit: `alloc_bytes` -> "B/op" (Go's
// allocated bytes), `X_bytes` -> "X-B/op", a stem ending in `_us` ->
// "<rest>-µs/op" (cpu_us -> "cpu-µs/op"), any other stem -> "<stem>/op"
// (allocs -> "allocs/op"); underscores become '-'.
std::optional<std::string> BenchmarkUnit(const results::MetricInfo& metric);

// The whole file: configuration lines (those every repetition shares and
// that two comparable runs share too: server kind, allocation sampling
// rate), then the benchmark lines. Repetitions
// without successful operations are left out (no per-op value exists).
std::string GoBenchmarkText(const RunSet& run);

}  // namespace mdbprof::report

#endif  // MDBPROF_REPORT_GO_BENCH_FORMAT_H_
