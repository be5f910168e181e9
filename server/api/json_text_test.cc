#include "server/api/json_text.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace refserver {
namespace {

std::string Quote(std::string_view s) {
  std::string out;
  AppendJsonString(&out, s);
  return out;
}

TEST(JsonText, EscapesLikeAJsonParserExpects) {
  const std::string tricky = "a\"b\\c\nd\te\x01 f/\xc3\xa9\xe2\x82\xac";
  nlohmann::json parsed = nlohmann::json::parse(Quote(tricky));
  EXPECT_EQ(parsed.get<std::string>(), tricky);
  EXPECT_EQ(Quote("\x1f"), "\"\\u001f\"");
}

TEST(JsonText, InvalidUtf8BecomesReplacementCharacter) {
  for (std::string bad : {std::string("\xff"), std::string("a\xc3"),
                          std::string("\xed\xa0\x80"),  // surrogate
                          std::string("\xc0\xaf")}) {   // overlong '/'
    std::string quoted = Quote(bad);
    nlohmann::json parsed;
    ASSERT_NO_THROW(parsed = nlohmann::json::parse(quoted)) << quoted;
    EXPECT_NE(parsed.get<std::string>().find("\xef\xbf\xbd"),
              std::string::npos);
  }
}

TEST(JsonText, RowsHaveTheContractShapes) {
  Message m;
  m.id = "id-1";
  m.stream_name = "acct-1";
  m.type = "Opened";
  m.position = 2;
  m.global_position = 7;
  m.data = R"({"a":1})";
  m.time = "2024-01-01T00:00:00.000Z";
  std::string out;
  AppendStreamRows(&out, {m, m});
  nlohmann::json rows = nlohmann::json::parse(out);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(
      rows[0],
      nlohmann::json::parse(
          R"(["id-1","Opened",2,7,{"a":1},null,"2024-01-01T00:00:00.000Z"])"));

  m.metadata = R"({"m":true})";
  out.clear();
  AppendCategoryRows(&out, {m});
  EXPECT_EQ(
      nlohmann::json::parse(out)[0],
      nlohmann::json::parse(
          R"(["id-1","acct-1","Opened",2,7,{"a":1},{"m":true},"2024-01-01T00:00:00.000Z"])"));
  out.clear();
  AppendCategoryRows(&out, {});
  EXPECT_EQ(out, "[]");
}

}  // namespace
}  // namespace refserver
