#include "server/profiler/symbolizer.h"

#include <gtest/gtest.h>

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
