// The layout of a run directory: the name of every file and directory that a
// profiling run, its report and the A/B gate write. Every layer spells these
// names through this header (as leveldb's db/filename.h does for a
// database), so a new file kind is one constant here.
//
//   OUT/latest -> RUN                      (kLatestLink, bench/run_dir.h)
//   RUN/<backend>/                         a backend directory:
//   RepetitionFiles()
//     load-test-results.json  README.md  server.log
//     heap-before.prof  allocs-before.prof  cpu.prof
//     heap-after.prof  allocs-after.prof  goroutine.prof
//     ...                                  the backend's own files, as its
//                                          load-test-results.json lists them
//   RUN/<backend>/repetitions/<k>/         repetition k when R > 1
//   RUN/COMPARISON.md  comparison.json  chart.svg    the report
//   RUN/bench.txt                          the report's Go benchmark format
//   RUN/<backend>/flame-cpu.svg  flame-alloc_space.svg  its flame graphs
//   RUN/head/<backend>/flame-diff-cpu.svg  flame-diff-alloc_space.svg
//                                          an A/B run's HEAD vs BASE
//   RUN/base/, RUN/head/                   an A/B run: one run per side
//   RUN/compare.txt  compare.md  compare.json        the A/B gate's verdict
//
//   std::string cpu = dir + "/" + results::kCpuFile;
//   std::string rep = results::RepetitionDir(backend_dir, 2);
#ifndef MDBPROF_RESULTS_RUN_LAYOUT_H_
#define MDBPROF_RESULTS_RUN_LAYOUT_H_

#include <span>
#include <string>

namespace mdbprof::results {

// The files of one measured repetition, in a backend directory.
inline constexpr char kRunMetricsFile[] = "load-test-results.json";
inline constexpr char kRunReadmeFile[] = "README.md";
inline constexpr char kServerLogFile[] = "server.log";
inline constexpr char kHeapBeforeFile[] = "heap-before.prof";
inline constexpr char kAllocsBeforeFile[] = "allocs-before.prof";
inline constexpr char kCpuFile[] = "cpu.prof";
inline constexpr char kHeapAfterFile[] = "heap-after.prof";
inline constexpr char kAllocsAfterFile[] = "allocs-after.prof";
inline constexpr char kGoroutineFile[] = "goroutine.prof";

// Every file above: what a repetition writes (and clears first when its
// directory is reused). The backend's own files are not in the list; the
// backend names them.
std::span<const char* const> RepetitionFiles();

// The subdirectory of a backend directory that holds repetitions 1..R when
// a run has R > 1 of them.
inline constexpr char kRepetitionsDir[] = "repetitions";

// `<backend_dir>/repetitions/<repetition>`. REQUIRES: repetition >= 1.
std::string RepetitionDir(const std::string& backend_dir, int repetition);

// The symlink in the output directory that points at the newest run.
inline constexpr char kLatestLink[] = "latest";

// The report of a run, in the run directory.
inline constexpr char kComparisonMarkdownFile[] = "COMPARISON.md";
inline constexpr char kComparisonJsonFile[] = "comparison.json";
inline constexpr char kChartFile[] = "chart.svg";
// The run in the Go benchmark text format, for `benchstat`
// (report/go_bench_format.h); in an A/B run one per side.
inline constexpr char kGoBenchmarkFile[] = "bench.txt";

// The report's flame graphs (report/flame_files.h), in a backend directory:
// of cpu.prof and of the load's allocations (alloc_space); in an A/B run's
// HEAD backend directory also HEAD vs BASE.
inline constexpr char kFlameCpuFile[] = "flame-cpu.svg";
inline constexpr char kFlameAllocSpaceFile[] = "flame-alloc_space.svg";
inline constexpr char kFlameDiffCpuFile[] = "flame-diff-cpu.svg";
inline constexpr char kFlameDiffAllocSpaceFile[] = "flame-diff-alloc_space.svg";

// An A/B run: a complete run per side, and the gate's verdict next to them.
inline constexpr char kAbBaseDir[] = "base";
inline constexpr char kAbHeadDir[] = "head";
inline constexpr char kAbVerdictText[] = "compare.txt";
inline constexpr char kAbVerdictMarkdown[] = "compare.md";
inline constexpr char kAbVerdictJson[] = "compare.json";

}  // namespace mdbprof::results

#endif  // MDBPROF_RESULTS_RUN_LAYOUT_H_
