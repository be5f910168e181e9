#include "server/profiler/symbolizer.h"

#include <dlfcn.h>
#include <gtest/gtest.h>
#include <link.h>

#include <cstring>

#include "server/profiler/signal_unwind.h"

namespace refserver::profiler {
namespace {

struct Captured {
  uint64_t raw[kMaxStackDepth];
  int n = 0;
};

// Inlined into OuterFunctionForSymbolizer: its frames must show both.
__attribute__((always_inline)) inline void InlinedCapture(Captured* c) {
  c->n = UnwindCurrentThread(c->raw, kMaxStackDepth);
}

__attribute__((noipa)) void OuterFunctionForSymbolizer(Captured* c) {
  InlinedCapture(c);
  asm volatile("" ::: "memory");  // Keeps the call from being a tail call.
}

TEST(Symbolizer, FirstUnwoundFrameIsTheCallerWithInlineFrames) {
  Captured c;
  OuterFunctionForSymbolizer(&c);
  ASSERT_GT(c.n, 1);
  std::vector<uint64_t> sites;
  ToCallSites(c.raw, c.n, &sites);
  SymbolInfo info = Symbolizer::Global().Symbolize(sites[0]);
  ASSERT_EQ(info.frames.size(), 2u) << "expected inlined + outer frame";
  EXPECT_NE(info.frames[0].function.find("InlinedCapture"), std::string::npos)
      << info.frames[0].function;
  EXPECT_NE(info.frames[1].function.find("OuterFunctionForSymbolizer"),
            std::string::npos)
      << info.frames[1].function;
  EXPECT_NE(info.frames[0].file.find("symbolizer_test.cc"), std::string::npos);
  EXPECT_GT(info.frames[0].line, 0);
  EXPECT_GT(info.frames[1].line, info.frames[0].line)
      << "the outer frame's line is the call site of the inlined function";
  EXPECT_TRUE(info.module_has_dwarf);
  // The next frame is this test body.
  SymbolInfo caller = Symbolizer::Global().Symbolize(sites[1]);
  ASSERT_FALSE(caller.frames.empty());
  EXPECT_NE(caller.frames.back().function.find("FirstUnwoundFrame"),
            std::string::npos)
      << caller.frames.back().function;
}

TEST(Symbolizer, DemanglesAndKeepsSystemName) {
  uint64_t addr = reinterpret_cast<uintptr_t>(&OuterFunctionForSymbolizer);
  SymbolInfo info = Symbolizer::Global().Symbolize(addr);
  ASSERT_FALSE(info.frames.empty());
  EXPECT_EQ(info.frames.back().function,
            "refserver::profiler::(anonymous namespace)::"
            "OuterFunctionForSymbolizer(refserver::profiler::(anonymous "
            "namespace)::Captured*)");
  EXPECT_EQ(info.frames.back().system_name.rfind("_ZN", 0), 0u);
}

TEST(Symbolizer, NamesLibraryFunctions) {
  uint64_t addr = reinterpret_cast<uintptr_t>(&getpid);
  SymbolInfo info = Symbolizer::Global().Symbolize(addr);
  ASSERT_FALSE(info.frames.empty());
  EXPECT_NE(info.frames.back().function.find("getpid"), std::string::npos);
}

// Debian's libsqlite3 has no DWARF (no debug package installed): its
// exported functions are named from the ELF symbol table (.dynsym).
TEST(Symbolizer, NamesFunctionsOfALibraryWithoutDwarf) {
  void* lib = dlopen("libsqlite3.so.0", RTLD_NOW | RTLD_LOCAL);
  if (lib == nullptr) GTEST_SKIP() << "no libsqlite3.so.0: " << dlerror();
  void* step = dlsym(lib, "sqlite3_step");
  ASSERT_NE(step, nullptr);
  Symbolizer symbolizer;  // Global() may have read the modules before dlopen
  for (uint64_t offset : {0, 1, 16}) {
    SymbolInfo info =
        symbolizer.Symbolize(reinterpret_cast<uintptr_t>(step) + offset);
    ASSERT_FALSE(info.frames.empty()) << "offset " << offset;
    EXPECT_EQ(info.frames.back().function, "sqlite3_step");
    EXPECT_FALSE(info.module_has_dwarf);
  }
}

// A static function of a library without DWARF has no symbol at all: it is
// named after the nearest function symbol before it, marked as such, never
// as that function itself.
TEST(Symbolizer, NamesCodeNoSymbolCoversAfterTheNearestFunctionBefore) {
  void* lib = dlopen("libsqlite3.so.0", RTLD_NOW | RTLD_LOCAL);
  if (lib == nullptr) GTEST_SKIP() << "no libsqlite3.so.0: " << dlerror();
  void* step = dlsym(lib, "sqlite3_step");
  ASSERT_NE(step, nullptr);
  Symbolizer symbolizer;  // Global() may have read the modules before dlopen
  Dl_info dl;
  void* entry = nullptr;
  ASSERT_NE(dladdr1(step, &dl, &entry, RTLD_DL_SYMENT), 0);
  const auto* sym = static_cast<const ElfW(Sym)*>(entry);
  ASSERT_NE(sym, nullptr);
  // The first address past sqlite3_step that no exported symbol covers.
  uint64_t a = reinterpret_cast<uintptr_t>(step) + sym->st_size;
  const uint64_t limit = a + (1 << 20);
  auto is_static = [&](uint64_t x) {
    SymbolInfo info = symbolizer.Symbolize(x);
    return !info.frames.empty() &&
           info.frames.back().function.rfind("(static after ", 0) == 0;
  };
  while (a < limit && !is_static(a)) a += 16;
  ASSERT_LT(a, limit) << "every address names an exported function";
  Dl_info in;
  ASSERT_NE(dladdr(reinterpret_cast<void*>(a), &in), 0);
  ASSERT_EQ(in.dli_fbase, dl.dli_fbase) << "the address left the library";
  // The name is a function of the library that starts before the address
  // (dladdr names only covered addresses, so dlsym checks it).
  const std::string name = symbolizer.Symbolize(a).frames.back().function;
  const std::string before =
      name.substr(std::strlen("(static after "),
                  name.size() - std::strlen("(static after )"));
  void* start = dlsym(lib, before.c_str());
  ASSERT_NE(start, nullptr) << name;
  EXPECT_LE(reinterpret_cast<uintptr_t>(start), a) << name;
  EXPECT_LT(a - reinterpret_cast<uintptr_t>(start), uint64_t{1} << 20) << name;
}

// A sample in a PLT stub of a library without DWARF is named after the
// stub's target. Checked against the dynamic linker: the GOT slot the stub
// jumps through (`jmp *disp(%rip)`, resolved by RTLD_NOW) holds a function
// that dladdr names.
TEST(Symbolizer, NamesPltStubsAfterTheirTarget) {
#if defined(__x86_64__)
  void* lib = dlopen("libsqlite3.so.0", RTLD_NOW | RTLD_LOCAL);
  if (lib == nullptr) GTEST_SKIP() << "no libsqlite3.so.0: " << dlerror();
  void* step = dlsym(lib, "sqlite3_step");
  ASSERT_NE(step, nullptr);
  Symbolizer symbolizer;
  Dl_info dl;
  ASSERT_NE(dladdr(step, &dl), 0);
  const auto* base = static_cast<const unsigned char*>(dl.dli_fbase);
  const auto* ehdr = reinterpret_cast<const ElfW(Ehdr)*>(base);
  // Scans the executable segment for stubs and checks the first few.
  const auto* phdr = reinterpret_cast<const ElfW(Phdr)*>(base + ehdr->e_phoff);
  int checked = 0;
  for (int i = 0; i < ehdr->e_phnum && checked < 3; ++i) {
    if (phdr[i].p_type != PT_LOAD || !(phdr[i].p_flags & PF_X)) continue;
    for (uint64_t off = phdr[i].p_vaddr;
         off + 16 <= phdr[i].p_vaddr + phdr[i].p_memsz && checked < 3;
         off += 16) {
      const unsigned char* stub = base + off;
      // A lazy PLT entry: jmp *disp32(%rip); push $index; jmp PLT0.
      if (stub[0] != 0xff || stub[1] != 0x25 || stub[6] != 0x68) continue;
      int32_t disp;
      std::memcpy(&disp, stub + 2, 4);
      void* target = *reinterpret_cast<void* const*>(stub + 6 + disp);
      Dl_info t;
      if (dladdr(target, &t) == 0 || t.dli_sname == nullptr) continue;
      SymbolInfo info =
          symbolizer.Symbolize(reinterpret_cast<uintptr_t>(stub) + 2);
      ASSERT_EQ(info.frames.size(), 1u) << "stub at +0x" << std::hex << off;
      EXPECT_EQ(info.frames[0].system_name, std::string(t.dli_sname) + "@plt");
      ++checked;
    }
  }
  EXPECT_EQ(checked, 3) << "found too few PLT stubs to check";
#else
  GTEST_SKIP() << "the check decodes x86-64 PLT entries";
#endif
}

TEST(Symbolizer, UnknownAddressHasNoFrames) {
  EXPECT_TRUE(Symbolizer::Global().Symbolize(0x10).frames.empty());
  EXPECT_EQ(Symbolizer::Global().BuildIdAt(0x10), "");
}

TEST(Symbolizer, FindsBuildIdOfThisExecutable) {
  std::string id = Symbolizer::Global().BuildIdAt(
      reinterpret_cast<uintptr_t>(&OuterFunctionForSymbolizer));
  EXPECT_GE(id.size(), 16u);
  EXPECT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos);
}

TEST(Demangle, HandlesCppAndCNames) {
  EXPECT_EQ(Demangle("_ZN3foo3barEv"), "foo::bar()");
  EXPECT_EQ(Demangle("main"), "main");
  EXPECT_EQ(Demangle("_Zinvalid"), "_Zinvalid");
  EXPECT_EQ(Demangle(nullptr), "");
}

}  // namespace
}  // namespace refserver::profiler
