// Symbolizer: turns code addresses of this process into function names
// (demangled), source files and lines, with inlined calls expanded, using
// elfutils libdwfl over /proc/self/maps. Results are cached per address.
//
//   SymbolInfo info = Symbolizer::Global().Symbolize(address);
//   for (const SourceFrame& f : info.frames) ...  // innermost first
//
// Addresses must be call sites (see signal_unwind.h: exact pcs, or return
// addresses minus one). Debug information is taken from each module or its
// /usr/lib/debug/.build-id file; debuginfod is never contacted. Without
// DWARF for an address, the function is named from the module's ELF symbol
// table (.symtab, else .dynsym: the symbol whose size covers the address, or
// the nearest preceding one of size 0), without file or line; a PLT stub is
// named after its target (`free@plt`, plt_names.h). Code no symbol covers
// (static functions of a stripped library) stays unnamed.
#ifndef REFSERVER_PROFILER_SYMBOLIZER_H_
#define REFSERVER_PROFILER_SYMBOLIZER_H_

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

// elfutils handles (libdwfl.h), declared here to keep it out of this header.
struct Dwfl;
struct Dwfl_Module;

namespace refserver::profiler {

struct SourceFrame {
  std::string function;     // demangled name; "" when unknown
  std::string system_name;  // linker (mangled) name; "" when unknown
  std::string file;         // source file; "" when unknown
  int64_t line = 0;         // 0 when unknown
  int64_t start_line = 0;   // declaration line of the function; 0 if unknown
};

struct SymbolInfo {
  // Innermost (inlined) call first, the real function last; empty when the
  // address is in no known module or has no symbol.
  std::vector<SourceFrame> frames;
  bool module_has_dwarf = false;  // the module has line tables
};

class Symbolizer {
 public:
  Symbolizer();
  ~Symbolizer();
  Symbolizer(const Symbolizer&) = delete;
  Symbolizer& operator=(const Symbolizer&) = delete;

  // The process-wide instance (created on first use, never destroyed).
  static Symbolizer& Global();

  // Thread-safe. Never fails: an unknown address yields empty frames.
  SymbolInfo Symbolize(uint64_t address);

  // Hex GNU build id of the module containing `address`; "" when unknown.
  // Thread-safe.
  std::string BuildIdAt(uint64_t address);

 private:
  ::Dwfl* dwfl_ = nullptr;      // guarded by mu_
  int64_t last_report_ns_ = 0;  // guarded by mu_
  std::mutex mu_;
  std::unordered_map<uint64_t, SymbolInfo> cache_;  // guarded by mu_

  // REQUIRES: mu_ held. Returns the module of `address`, re-reading the
  // process's modules (at most once a second) when it is not known yet.
  ::Dwfl_Module* ModuleAt(uint64_t address);
};

// Demangles a C++ linker name; returns `name` unchanged when it is not one.
std::string Demangle(const char* name);

}  // namespace refserver::profiler

#endif  // REFSERVER_PROFILER_SYMBOLIZER_H_
