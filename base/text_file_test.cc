#include "base/text_file.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>

namespace mdbprof {
namespace {

std::string TempPath(const std::string& name) {
  return (std::filesystem::temp_directory_path() /
          ("mdbprof-text-file-test-" + std::to_string(getpid()) + "-" + name))
      .string();
}

TEST(TextFile, WriteThenReadKeepsEveryByte) {
  const std::string path = TempPath("bytes");
  const std::string data("a\0b\nc", 5);
  ASSERT_TRUE(WriteTextFile(path, data).ok());
  Result<std::string> back = ReadTextFile(path);
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(*back, data);
  ASSERT_TRUE(WriteTextFile(path, "x").ok());  // replaces, not appends
  EXPECT_EQ(*ReadTextFile(path), "x");
  std::filesystem::remove(path);
}

TEST(TextFile, ErrorsNameThePath) {
  const std::string missing = TempPath("missing/none.txt");
  Result<std::string> read = ReadTextFile(missing);
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.status().code(), StatusCode::kNotFound);
  EXPECT_NE(read.status().message().find(missing), std::string::npos);
  Status write = WriteTextFile(missing, "x");
  EXPECT_EQ(write.message(), "cannot write '" + missing + "'");
}

}  // namespace
}  // namespace mdbprof
