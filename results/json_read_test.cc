#include "results/json_read.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "base/text_file.h"

namespace mdbprof::results {
namespace {

using nlohmann::json;

TEST(JsonRead, MemberReadersNameTheKeyPath) {
  const json j = {{"n", 1.5}, {"i", 3}, {"s", "x"}, {"b", true}};
  EXPECT_EQ(*ReadNumber(j, "top", "n"), 1.5);
  EXPECT_EQ(*ReadInteger(j, "top", "i"), 3);
  EXPECT_EQ(*ReadString(j, "top", "s"), "x");
  EXPECT_TRUE(*ReadBool(j, "top", "b"));
  EXPECT_EQ(ReadString(j, "top", "none").status().message(),
            "top.none: missing (expected a string)");
  EXPECT_EQ(ReadInteger(j, "top", "s").status().message(),
            "top.s: expected an integer, got \"x\"");
}

TEST(JsonRead, FallbacksAndNullableNumbers) {
  const json j = {{"s", 1}, {"i", 7}};
  EXPECT_EQ(StringOr(j, "s", "dflt"), "dflt");
  EXPECT_EQ(IntegerOr(j, "i", 0), 7);
  EXPECT_EQ(IntegerOr(json::array(), "i", 4), 4);
  EXPECT_FALSE(NumberOrNull(json(nullptr), "v")->has_value());
  EXPECT_EQ(**NumberOrNull(json(2.0), "v"), 2.0);
  EXPECT_FALSE(NumberOrNull(json("2"), "v").ok());
}

TEST(JsonRead, ReadJsonFileNamesTheFile) {
  const std::string path = (std::filesystem::temp_directory_path() /
                            ("mdbprof-json-read-" + std::to_string(getpid())))
                               .string();
  ASSERT_TRUE(WriteTextFile(path, "{\"a\": ").ok());
  Result<json> bad = ReadJsonFile(path);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message().rfind(path + ": not valid JSON", 0), 0u)
      << bad.status().message();
  ASSERT_TRUE(WriteTextFile(path, "{\"a\": 1}").ok());
  EXPECT_EQ((*ReadJsonFile(path))["a"], 1);
  std::filesystem::remove(path);
  EXPECT_EQ(ReadJsonFile(path).status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace mdbprof::results
