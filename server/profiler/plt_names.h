// PltStubSymbol: which function a procedure linkage table stub jumps to, so
// that a sample taken in `free@plt` of a library without DWARF is named
// instead of shown as `[libfoo.so]`. The ELF symbol tables have no symbol
// for PLT stubs; their targets are in .rela.plt.
//
//   std::string target = PltStubSymbol(elf, address - bias);  // "free"
//   if (!target.empty()) name = Demangle(target.c_str()) + "@plt";
#ifndef REFSERVER_PROFILER_PLT_NAMES_H_
#define REFSERVER_PROFILER_PLT_NAMES_H_

#include <cstdint>
#include <string>

// libelf's handle (libelf.h), declared here to keep it out of this header.
struct Elf;

namespace refserver::profiler {

// The linker (mangled) name of the symbol whose PLT entry holds `vaddr` (an
// address of `elf`'s own address space, i.e. without load bias), from
// .plt.sec or .plt and .rela.plt (entry k of .plt.sec, entry k+1 of .plt
// -- entry 0 is the resolver's -- is relocation k). "" when `vaddr` is in
// no PLT entry, the relocation names no symbol (IRELATIVE), or `elf` is
// null. Assumes one relocation per entry, as GNU ld and lld lay out
// x86-64 and AArch64 PLTs.
std::string PltStubSymbol(Elf* elf, uint64_t vaddr);

}  // namespace refserver::profiler

#endif  // REFSERVER_PROFILER_PLT_NAMES_H_
