// Process statistics from /proc: CPU time and peak resident memory (the
// stat file itself is read by fixtures/proc_stat.h).
//
// CPU time is utime + stime + cutime + cstime of /proc/<pid>/stat (all
// threads, plus children the process has reaped), in microseconds. A process
// tree's CPU adds the live descendants, so a database whose workers come and
// go (postmaster and its backends) is counted whole: a child's time moves
// into its parent's cutime when reaped, so the tree's total never loses it.
//
//   Result<int64_t> before = ProcessTreeCpuMicros(server_pid);
//   ...load...
//   Result<int64_t> after = ProcessTreeCpuMicros(server_pid);
//   double cpu_us_per_op = double(*after - *before) / ops;
#ifndef MDBPROF_BENCH_PROC_STATS_H_
#define MDBPROF_BENCH_PROC_STATS_H_

#include <sys/types.h>

#include <cstdint>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace mdbprof::bench {

// CPU time of `pid` (with its reaped children) in microseconds. NotFound when
// the process is gone.
Result<int64_t> ProcessCpuMicros(pid_t pid);

// CPU time of `root` and all its live descendants, in microseconds.
Result<int64_t> ProcessTreeCpuMicros(pid_t root);

// CPU time of the union of the trees rooted at `roots` (a process listed
// together with its parent counts once); 0 for an empty list.
Result<int64_t> ProcessTreesCpuMicros(const std::vector<pid_t>& roots);

// Peak resident set size (VmHWM of /proc/<pid>/status) in bytes.
Result<int64_t> PeakRssBytes(pid_t pid);

// Parses "VmHWM:    1234 kB" out of a /proc/<pid>/status text.
Result<int64_t> ParseVmHwmBytes(std::string_view status_text);

}  // namespace mdbprof::bench

#endif  // MDBPROF_BENCH_PROC_STATS_H_
