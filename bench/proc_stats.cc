#include "bench/proc_stats.h"

#include <unistd.h>

#include <charconv>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>

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

int64_t TotalTicks(const ProcStat& s) {
  return s.utime_ticks + s.stime_ticks + s.cutime_ticks + s.cstime_ticks;
}

// Every live process's stat, by pid.
std::map<pid_t, ProcStat> AllProcesses() {
  std::map<pid_t, ProcStat> out;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/proc", ec)) {
    const std::string name = entry.path().filename().string();
    pid_t pid = 0;
    auto [ptr, err] =
        std::from_chars(name.data(), name.data() + name.size(), pid);
    if (err != std::errc() || ptr != name.data() + name.size()) continue;
    Result<std::string> text = ReadProcFile(pid, "stat");
    if (!text.ok()) continue;
    Result<ProcStat> stat = ParseProcStat(*text);
    if (stat.ok()) out[pid] = *stat;
  }
  return out;
}

}  // namespace

Result<ProcStat> ParseProcStat(std::string_view text) {
  // "pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt
  //  majflt cmajflt utime stime cutime cstime ..."
  size_t open = text.find('(');
  size_t close = text.rfind(')');
  if (open == std::string_view::npos || close == std::string_view::npos ||
      close < open) {
    return InvalidArgument("malformed /proc stat: no (comm)");
  }
  ProcStat s;
  std::istringstream head{std::string(text.substr(0, open))};
  if (!(head >> s.pid)) return InvalidArgument("malformed /proc stat: no pid");
  std::istringstream rest{std::string(text.substr(close + 1))};
  int64_t ignored;
  if (!(rest >> s.state >> s.ppid)) {
    return InvalidArgument("malformed /proc stat: no state/ppid");
  }
  for (int i = 0; i < 9; ++i) {  // pgrp .. cmajflt
    if (!(rest >> ignored)) return InvalidArgument("malformed /proc stat");
  }
  if (!(rest >> s.utime_ticks >> s.stime_ticks >> s.cutime_ticks >>
        s.cstime_ticks)) {
    return InvalidArgument("malformed /proc stat: no cpu times");
  }
  // priority nice num_threads itrealvalue starttime
  int64_t skipped[4];
  if (rest >> skipped[0] >> skipped[1] >> skipped[2] >> skipped[3] >>
      s.start_ticks) {
    return s;
  }
  s.start_ticks = 0;
  return s;
}

Result<int64_t> ProcessCpuMicros(pid_t pid) {
  Result<std::string> text = ReadProcFile(pid, "stat");
  if (!text.ok()) return text.status();
  Result<ProcStat> stat = ParseProcStat(*text);
  if (!stat.ok()) return stat.status();
  return TicksToMicros(TotalTicks(*stat));
}

Result<int64_t> ProcessTreeCpuMicros(pid_t root) {
  return ProcessTreesCpuMicros({root});
}

Result<int64_t> ProcessTreesCpuMicros(const std::vector<pid_t>& roots) {
  if (roots.empty()) return 0;
  std::map<pid_t, ProcStat> all = AllProcesses();
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
