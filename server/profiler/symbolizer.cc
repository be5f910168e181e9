#include "server/profiler/symbolizer.h"

#include <cxxabi.h>
#include <dwarf.h>
#include <elfutils/libdw.h>
#include <elfutils/libdwfl.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <new>

#include "server/profiler/plt_names.h"

namespace refserver::profiler {
namespace {

char* g_debuginfo_path = nullptr;  // libdwfl's default search path

// dwfl_build_id_find_debuginfo looks only in local .build-id directories;
// dwfl_standard_find_debuginfo could block on debuginfod network requests.
const Dwfl_Callbacks kCallbacks = {
    .find_elf = dwfl_linux_proc_find_elf,
    .find_debuginfo = dwfl_build_id_find_debuginfo,
    .section_address = nullptr,
    .debuginfo_path = &g_debuginfo_path,
};

int64_t NowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

std::string AttrString(Dwarf_Die* die, unsigned int name) {
  Dwarf_Attribute attr;
  if (dwarf_attr_integrate(die, name, &attr) == nullptr) return "";
  const char* s = dwarf_formstring(&attr);
  return s ? s : "";
}

int64_t AttrUnsigned(Dwarf_Die* die, unsigned int name) {
  Dwarf_Attribute attr;
  Dwarf_Word value = 0;
  if (dwarf_attr(die, name, &attr) == nullptr ||
      dwarf_formudata(&attr, &value) != 0) {
    return 0;
  }
  return static_cast<int64_t>(value);
}

// Fills frame->function/system_name from a subprogram or inlined DIE.
void NameFromDie(Dwarf_Die* die, SourceFrame* frame) {
  std::string linkage = AttrString(die, DW_AT_linkage_name);
  if (linkage.empty()) linkage = AttrString(die, DW_AT_MIPS_linkage_name);
  if (!linkage.empty()) {
    frame->system_name = linkage;
    frame->function = Demangle(linkage.c_str());
  } else {
    frame->function = frame->system_name = AttrString(die, DW_AT_name);
  }
  int decl_line = 0;
  if (dwarf_decl_line(die, &decl_line) == 0) frame->start_line = decl_line;
}

// Expands `address` (already found in `mod`) into source frames, innermost
// first, using the DWARF scopes of its compilation unit.
void AddFrames(Dwfl_Module* mod, uint64_t address, const char* symbol,
               SymbolInfo* info) {
  std::string file;
  int64_t line = 0;
  if (Dwfl_Line* l = dwfl_module_getsrc(mod, address)) {
    int ln = 0;
    const char* f = dwfl_lineinfo(l, nullptr, &ln, nullptr, nullptr, nullptr);
    if (f != nullptr) file = f;
    line = ln;
    info->module_has_dwarf = true;
  }
  Dwarf_Addr bias = 0;
  Dwarf_Die* cudie = dwfl_module_addrdie(mod, address, &bias);
  Dwarf_Die* scopes = nullptr;
  int nscopes = cudie ? dwarf_getscopes(cudie, address - bias, &scopes) : 0;
  Dwarf_Files* files = nullptr;
  size_t nfiles = 0;
  if (cudie != nullptr && dwarf_getsrcfiles(cudie, &files, &nfiles) != 0) {
    files = nullptr;
  }
  bool reached_function = false;
  for (int i = 0; i < nscopes && !reached_function; ++i) {
    int tag = dwarf_tag(&scopes[i]);
    if (tag != DW_TAG_inlined_subroutine && tag != DW_TAG_subprogram) continue;
    SourceFrame frame;
    NameFromDie(&scopes[i], &frame);
    if (tag == DW_TAG_subprogram) {
      reached_function = true;
      if (symbol != nullptr) {  // The symbol table names clones precisely.
        frame.system_name = symbol;
        frame.function = Demangle(symbol);
      }
    }
    frame.file = file;
    frame.line = line;
    info->frames.push_back(std::move(frame));
    // The enclosing frame's position is the call site of this inlined call.
    line = AttrUnsigned(&scopes[i], DW_AT_call_line);
    uint64_t file_index = AttrUnsigned(&scopes[i], DW_AT_call_file);
    const char* call_file =
        files != nullptr && file_index < nfiles
            ? dwarf_filesrc(files, file_index, nullptr, nullptr)
            : nullptr;
    file = call_file ? call_file : "";
  }
  free(scopes);
  if (!reached_function && symbol != nullptr) {
    SourceFrame frame;
    frame.system_name = symbol;
    frame.function = Demangle(symbol);
    frame.file = file;
    frame.line = line;
    info->frames.push_back(std::move(frame));
  }
}

// The name of the function symbol (.symtab, else .dynsym, as libdwfl reads
// them) with the highest address at or below `address`, at most 1 MiB
// before it; nullptr when there is none.
const char* NearestPrecedingFunction(Dwfl_Module* mod, uint64_t address) {
  constexpr uint64_t kMaxGap = uint64_t{1} << 20;
  const int count = dwfl_module_getsymtab(mod);
  const char* best = nullptr;
  GElf_Addr best_addr = 0;
  for (int i = 1; i < count; ++i) {
    GElf_Sym sym;
    GElf_Addr addr = 0;
    const char* name =
        dwfl_module_getsym_info(mod, i, &sym, &addr, nullptr, nullptr, nullptr);
    if (name == nullptr || *name == '\0') continue;
    const int type = GELF_ST_TYPE(sym.st_info);
    if (type != STT_FUNC && type != STT_GNU_IFUNC) continue;
    if (addr > address || address - addr > kMaxGap) continue;
    if (best == nullptr || addr > best_addr) {
      best = name;
      best_addr = addr;
    }
  }
  return best;
}

}  // namespace

std::string Demangle(const char* name) {
  if (name == nullptr) return "";
  if (name[0] == '_' && name[1] == 'Z') {
    int status = 0;
    char* demangled = abi::__cxa_demangle(name, nullptr, nullptr, &status);
    if (status == 0 && demangled != nullptr) {
      std::string out(demangled);
      free(demangled);
      return out;
    }
    free(demangled);
  }
  return name;
}

Symbolizer::Symbolizer() = default;

Symbolizer::~Symbolizer() {
  if (dwfl_ != nullptr) dwfl_end(dwfl_);
}

Symbolizer& Symbolizer::Global() {
  // Never destroyed: profiles may be built while the process exits.
  static Symbolizer* global = new Symbolizer();
  return *global;
}

Dwfl_Module* Symbolizer::ModuleAt(uint64_t address) {
  if (dwfl_ != nullptr) {
    if (Dwfl_Module* mod = dwfl_addrmodule(dwfl_, address)) return mod;
  }
  int64_t now = NowNs();
  if (dwfl_ != nullptr && now - last_report_ns_ < 1'000'000'000) return nullptr;
  if (dwfl_ == nullptr) {
    dwfl_ = dwfl_begin(&kCallbacks);
    if (dwfl_ == nullptr) return nullptr;
  }
  last_report_ns_ = now;
  dwfl_report_begin(dwfl_);
  dwfl_linux_proc_report(dwfl_, getpid());
  dwfl_report_end(dwfl_, nullptr, nullptr);
  return dwfl_addrmodule(dwfl_, address);
}

SymbolInfo Symbolizer::Symbolize(uint64_t address) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = cache_.find(address);
  if (it != cache_.end()) return it->second;
  SymbolInfo info;
  Dwfl_Module* mod = ModuleAt(address);
  // Not cached: the module may be mapped after the last read of the maps.
  if (mod == nullptr) return info;
  // The ELF symbol table (.symtab, else .dynsym) names the function when
  // DWARF does not: libdwfl's nearest symbol whose size covers `address`.
  GElf_Off offset = 0;
  GElf_Sym sym;
  const char* symbol = dwfl_module_addrinfo(mod, address, &offset, &sym,
                                            nullptr, nullptr, nullptr);
  AddFrames(mod, address, symbol, &info);
  if (info.frames.empty()) {  // No symbol covers it: maybe a PLT stub.
    Dwarf_Addr bias = 0;
    Elf* elf = dwfl_module_getelf(mod, &bias);  // sets bias: call it first
    const std::string target = PltStubSymbol(elf, address - bias);
    if (!target.empty()) {
      SourceFrame frame;
      frame.system_name = target + "@plt";
      frame.function = Demangle(target.c_str()) + "@plt";
      info.frames.push_back(std::move(frame));
    } else if (const char* before = NearestPrecedingFunction(mod, address)) {
      // Code no symbol covers (a static function of a library without
      // DWARF): named after the nearest function symbol before it, marked
      // so that it is never mistaken for that function itself.
      SourceFrame frame;
      frame.function = "(static after " + Demangle(before) + ")";
      frame.system_name = frame.function;
      info.frames.push_back(std::move(frame));
    }
  }
  cache_.emplace(address, info);
  return info;
}

std::string Symbolizer::BuildIdAt(uint64_t address) {
  std::lock_guard<std::mutex> lock(mu_);
  Dwfl_Module* mod = ModuleAt(address);
  if (mod == nullptr) return "";
  Dwarf_Addr bias = 0;
  dwfl_module_getelf(mod, &bias);  // The build id is read with the ELF file.
  const unsigned char* bits = nullptr;
  GElf_Addr vaddr = 0;
  int len = dwfl_module_build_id(mod, &bits, &vaddr);
  std::string hex;
  static constexpr char kDigits[] = "0123456789abcdef";
  for (int i = 0; i < len; ++i) {
    hex.push_back(kDigits[bits[i] >> 4]);
    hex.push_back(kDigits[bits[i] & 15]);
  }
  return hex;
}

}  // namespace refserver::profiler
