#include "server/profiler/proc_maps.h"

#include <gtest/gtest.h>

namespace refserver::profiler {
namespace {

constexpr char kMaps[] =
    "55d4c0e00000-55d4c0e20000 r--p 00000000 08:01 123 /usr/bin/refserver\n"
    "55d4c0e20000-55d4c0f00000 r-xp 00020000 08:01 123 /usr/bin/refserver\n"
    "7f0000000000-7f0000021000 rw-p 00000000 00:00 0 \n"
    "7f1000000000-7f1000100000 r-xp 00028000 08:01 456    /lib/libc.so.6\n"
    "7ffd00000000-7ffd00002000 r-xp 00000000 00:00 0 [vdso]\n";

TEST(ProcMaps, KeepsExecutableMappingsWithPaths) {
  mdbprof::Result<std::vector<MemoryMapping>> maps =
      ParseExecutableMappings(kMaps);
  ASSERT_TRUE(maps.ok()) << maps.status().message();
  ASSERT_EQ(maps->size(), 3u);
  EXPECT_EQ((*maps)[0].start, 0x55d4c0e20000u);
  EXPECT_EQ((*maps)[0].limit, 0x55d4c0f00000u);
  EXPECT_EQ((*maps)[0].file_offset, 0x20000u);
  EXPECT_EQ((*maps)[0].path, "/usr/bin/refserver");
  EXPECT_EQ((*maps)[1].path, "/lib/libc.so.6");
  EXPECT_EQ((*maps)[2].path, "[vdso]");
}

TEST(ProcMaps, FindsTheContainingMapping) {
  mdbprof::Result<std::vector<MemoryMapping>> maps =
      ParseExecutableMappings(kMaps);
  ASSERT_TRUE(maps.ok());
  const MemoryMapping* m = FindMapping(*maps, 0x7f1000000123);
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->path, "/lib/libc.so.6");
  EXPECT_EQ(FindMapping(*maps, 0x7f1000100000), nullptr);  // limit excluded
  EXPECT_EQ(FindMapping(*maps, 0x1000), nullptr);
}

TEST(ProcMaps, MalformedLineIsAnErrorNamingTheLine) {
  mdbprof::Result<std::vector<MemoryMapping>> maps = ParseExecutableMappings(
      "55d4c0e00000-55d4c0e20000 r--p 00000000 08:01 123 /x\n"
      "zzzz r-xp 0 08:01 1 /y\n");
  ASSERT_FALSE(maps.ok());
  EXPECT_NE(maps.status().message().find("line 2"), std::string::npos)
      << maps.status().message();
}

TEST(ProcMaps, ReadsThisProcess) {
  mdbprof::Result<std::vector<MemoryMapping>> maps = ReadExecutableMappings();
  ASSERT_TRUE(maps.ok()) << maps.status().message();
  uint64_t here = reinterpret_cast<uintptr_t>(&ReadExecutableMappings);
  EXPECT_NE(FindMapping(*maps, here), nullptr);
}

}  // namespace
}  // namespace refserver::profiler
