#include "server/profiler/plt_names.h"

#include <gelf.h>
#include <libelf.h>

#include <cstring>

namespace refserver::profiler {
namespace {

struct Section {
  Elf_Scn* scn = nullptr;
  GElf_Shdr shdr{};
};

bool Contains(const Section& s, uint64_t vaddr) {
  return s.scn != nullptr && vaddr >= s.shdr.sh_addr &&
         vaddr < s.shdr.sh_addr + s.shdr.sh_size;
}

uint64_t EntrySize(const Section& s) {
  return s.shdr.sh_entsize != 0 ? s.shdr.sh_entsize : 16;
}

}  // namespace

std::string PltStubSymbol(Elf* elf, uint64_t vaddr) {
  if (elf == nullptr) return "";
  size_t shstrndx = 0;
  if (elf_getshdrstrndx(elf, &shstrndx) != 0) return "";
  Section plt, plt_sec, rela_plt;
  for (Elf_Scn* scn = elf_nextscn(elf, nullptr); scn != nullptr;
       scn = elf_nextscn(elf, scn)) {
    GElf_Shdr shdr;
    if (gelf_getshdr(scn, &shdr) == nullptr) continue;
    const char* name = elf_strptr(elf, shstrndx, shdr.sh_name);
    if (name == nullptr) continue;
    if (std::strcmp(name, ".plt") == 0) plt = {scn, shdr};
    if (std::strcmp(name, ".plt.sec") == 0) plt_sec = {scn, shdr};
    if (std::strcmp(name, ".rela.plt") == 0) rela_plt = {scn, shdr};
  }
  if (rela_plt.scn == nullptr) return "";
  uint64_t index = 0;
  if (Contains(plt_sec, vaddr)) {
    index = (vaddr - plt_sec.shdr.sh_addr) / EntrySize(plt_sec);
  } else if (Contains(plt, vaddr)) {
    const uint64_t entry = (vaddr - plt.shdr.sh_addr) / EntrySize(plt);
    if (entry == 0) return "";  // the lazy resolver's stub
    index = entry - 1;
  } else {
    return "";
  }
  Elf_Data* relocs = elf_getdata(rela_plt.scn, nullptr);
  GElf_Rela rela;
  if (relocs == nullptr ||
      gelf_getrela(relocs, static_cast<int>(index), &rela) == nullptr) {
    return "";
  }
  const uint64_t sym_index = GELF_R_SYM(rela.r_info);
  Elf_Scn* symtab = elf_getscn(elf, rela_plt.shdr.sh_link);
  GElf_Shdr symtab_shdr;
  if (sym_index == 0 || symtab == nullptr ||
      gelf_getshdr(symtab, &symtab_shdr) == nullptr) {
    return "";
  }
  Elf_Data* syms = elf_getdata(symtab, nullptr);
  GElf_Sym sym;
  if (syms == nullptr ||
      gelf_getsym(syms, static_cast<int>(sym_index), &sym) == nullptr) {
    return "";
  }
  const char* name = elf_strptr(elf, symtab_shdr.sh_link, sym.st_name);
  return name != nullptr ? name : "";
}

}  // namespace refserver::profiler
