#include "report/top_functions.h"

#include <filesystem>

#include "pprof/base.h"
#include "pprof/profile.h"

namespace mdbprof::report {
namespace {

namespace fs = std::filesystem;

TopTable NoTable(std::string why) {
  TopTable table;
  table.error = std::move(why);
  return table;
}

TopTable MakeTable(const pprof::Profile& profile, const std::string& sample,
                   int n) {
  TopTable table;
  pprof::TopOptions options;
  options.sample_index = sample;
  options.nodecount = n;
  Result<pprof::TopReport> top = pprof::Top(profile, options);
  if (!top.ok()) return NoTable(top.status().message());
  table.sample_type = top->sample_type;
  table.unit = top->unit;
  table.total = top->total;
  table.rows = std::move(top->rows);
  return table;
}

Result<pprof::Profile> Read(const std::string& dir, const char* file) {
  std::string path = (fs::path(dir) / file).string();
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    return NotFound(std::string(file) + " was not captured (no such file)");
  }
  Result<pprof::Profile> p = pprof::ReadProfileFile(path);
  if (!p.ok()) return p.status();
  return p;
}

TopTable AllocTable(const std::string& dir, int n) {
  Result<pprof::Profile> after = Read(dir, kAllocsAfterFile);
  if (!after.ok()) return NoTable(after.status().message());
  Result<pprof::Profile> before = Read(dir, kAllocsBeforeFile);
  if (!before.ok()) return NoTable(before.status().message());
  Result<pprof::Profile> delta = pprof::SubtractBase(*after, *before);
  if (!delta.ok()) {
    return NoTable(std::string(kAllocsAfterFile) + " minus " +
                   kAllocsBeforeFile + ": " + delta.status().message());
  }
  return MakeTable(*delta, "alloc_space", n);
}

TopTable CpuTable(const std::string& dir, int n) {
  Result<pprof::Profile> cpu = Read(dir, kCpuFile);
  if (!cpu.ok()) return NoTable(cpu.status().message());
  return MakeTable(*cpu, "", n);
}

}  // namespace

TopFunctions LoadTopFunctions(const std::string& dir, int n) {
  return {AllocTable(dir, n), CpuTable(dir, n)};
}

}  // namespace mdbprof::report
