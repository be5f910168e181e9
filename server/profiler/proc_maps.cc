#include "server/profiler/proc_maps.h"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <sstream>

namespace refserver::profiler {
namespace {

// Splits off the next space-separated field of `line`.
std::string_view NextField(std::string_view& line) {
  size_t b = line.find_first_not_of(' ');
  if (b == std::string_view::npos) {
    line = {};
    return {};
  }
  line.remove_prefix(b);
  size_t e = line.find(' ');
  std::string_view field = line.substr(0, e);
  line.remove_prefix(e == std::string_view::npos ? line.size() : e);
  return field;
}

bool ParseHex(std::string_view s, uint64_t* out) {
  if (s.empty()) return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *out, 16);
  return ec == std::errc() && p == s.data() + s.size();
}

}  // namespace

mdbprof::Result<std::vector<MemoryMapping>> ParseExecutableMappings(
    std::string_view maps_text) {
  std::vector<MemoryMapping> out;
  int line_no = 0;
  while (!maps_text.empty()) {
    size_t nl = maps_text.find('\n');
    std::string_view line = maps_text.substr(0, nl);
    maps_text.remove_prefix(nl == std::string_view::npos ? maps_text.size()
                                                         : nl + 1);
    ++line_no;
    if (line.find_first_not_of(' ') == std::string_view::npos) continue;
    auto bad = [&](const char* what) {
      return mdbprof::InvalidArgument("maps line " + std::to_string(line_no) +
                                      ": " + what + ": \"" + std::string(line) +
                                      "\"");
    };
    std::string_view range = NextField(line);
    std::string_view perms = NextField(line);
    std::string_view offset = NextField(line);
    std::string_view dev = NextField(line);
    std::string_view inode = NextField(line);
    size_t dash = range.find('-');
    MemoryMapping m;
    if (dash == std::string_view::npos ||
        !ParseHex(range.substr(0, dash), &m.start) ||
        !ParseHex(range.substr(dash + 1), &m.limit) || m.limit <= m.start) {
      return bad("bad address range");
    }
    if (perms.size() != 4) return bad("bad permissions");
    if (!ParseHex(offset, &m.file_offset)) return bad("bad offset");
    if (dev.empty() || inode.empty()) return bad("missing device or inode");
    if (perms[2] != 'x') continue;
    size_t path_start = line.find_first_not_of(' ');
    if (path_start != std::string_view::npos) {
      m.path = std::string(line.substr(path_start));
    }
    out.push_back(std::move(m));
  }
  std::sort(out.begin(), out.end(),
            [](const MemoryMapping& a, const MemoryMapping& b) {
              return a.start < b.start;
            });
  return out;
}

mdbprof::Result<std::vector<MemoryMapping>> ReadExecutableMappings() {
  std::ifstream in("/proc/self/maps");
  if (!in) return mdbprof::Internal("cannot open /proc/self/maps");
  std::stringstream text;
  text << in.rdbuf();
  mdbprof::Result<std::vector<MemoryMapping>> maps =
      ParseExecutableMappings(text.str());
  if (!maps.ok()) return maps.status().WithContext("/proc/self/maps");
  return maps;
}

const MemoryMapping* FindMapping(const std::vector<MemoryMapping>& mappings,
                                 uint64_t address) {
  auto it = std::upper_bound(
      mappings.begin(), mappings.end(), address,
      [](uint64_t a, const MemoryMapping& m) { return a < m.start; });
  if (it == mappings.begin()) return nullptr;
  --it;
  return address < it->limit ? &*it : nullptr;
}

}  // namespace refserver::profiler
