#include "bench/proc_stats.h"

#include <unistd.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>

#include "fixtures/proc_stat.h"

namespace mdbprof::bench {
namespace {

Result<std::string> ReadProcFile(pid_t pid, const char* name) {
  std::string path = "/proc/" + std::to_string(pid) + "/" + name;
  std::ifstream in(path);
  if (!in) return NotFound("process " + std::to_string(pid) + " is gone");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

int64_t TicksToMicros(int64_t ticks) {
  static const long kTicksPerSecond = sysconf(_SC_CLK_TCK);
  return ticks * 1000000 / kTicksPerSecond;
}

int64_t TotalTicks(const fixtures::ProcStat& s) {
  return s.utime_ticks + s.stime_ticks + s.cutime_ticks + s.cstime_ticks;
}

}  // namespace

Result<int64_t> ProcessCpuMicros(pid_t pid) {
  Result<fixtures::ProcStat> stat = fixtures::ReadProcStat(pid);
  if (!stat.ok()) return stat.status();
  return TicksToMicros(TotalTicks(*stat));
}

Result<int64_t> ProcessTreeCpuMicros(pid_t root) {
  return ProcessTreesCpuMicros({root});
}

Result<int64_t> ProcessTreesCpuMicros(const std::vector<pid_t>& roots) {
  if (roots.empty()) return 0;
  // Every process's stat by pid, zombies included: an unreaped child's CPU
  // is not in its parent's cutime yet.
  std::map<pid_t, fixtures::ProcStat> all;
  for (const fixtures::ProcStat& stat : fixtures::AllProcStats()) {
    all[stat.pid] = stat;
  }
  std::multimap<pid_t, pid_t> children;
  for (const auto& [pid, stat] : all) children.emplace(stat.ppid, pid);
  // The union of the trees: a pid listed with its parent counts once.
  std::set<pid_t> members;
  std::vector<pid_t> todo;
  for (pid_t root : roots) {
    if (all.find(root) == all.end()) {
      return NotFound("process " + std::to_string(root) + " is gone");
    }
    todo.push_back(root);
  }
  while (!todo.empty()) {
    pid_t pid = todo.back();
    todo.pop_back();
    if (!members.insert(pid).second) continue;
    auto [begin, end] = children.equal_range(pid);
    for (auto it = begin; it != end; ++it) todo.push_back(it->second);
  }
  int64_t ticks = 0;
  for (pid_t pid : members) ticks += TotalTicks(all[pid]);
  return TicksToMicros(ticks);
}

Result<int64_t> ParseVmHwmBytes(std::string_view status_text) {
  size_t pos = status_text.find("VmHWM:");
  if (pos == std::string_view::npos) {
    return NotFound("no VmHWM line in /proc status");
  }
  std::istringstream line{std::string(status_text.substr(pos + 6))};
  int64_t kb = 0;
  std::string unit;
  if (!(line >> kb >> unit) || unit != "kB") {
    return InvalidArgument("malformed VmHWM line in /proc status");
  }
  return kb * 1024;
}

Result<int64_t> PeakRssBytes(pid_t pid) {
  Result<std::string> text = ReadProcFile(pid, "status");
  if (!text.ok()) return text.status();
  return ParseVmHwmBytes(*text);
}

}  // namespace mdbprof::bench
