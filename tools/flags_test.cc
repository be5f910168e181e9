#include "tools/flags.h"

#include <gtest/gtest.h>

namespace mdbprof::tools {
namespace {

const std::set<std::string> kKnown = {"nodecount", "focus", "nodefraction"};

TEST(ParseArgs, FlagFormsAndPositionals) {
  Result<ParsedArgs> a = ParseArgs(
      {"a.prof", "--nodecount=5", "-focus", "Store", "b.prof"}, kKnown);
  ASSERT_TRUE(a.ok()) << a.status().message();
  EXPECT_EQ(a->positional, (std::vector<std::string>{"a.prof", "b.prof"}));
  EXPECT_EQ(a->StringFlag("focus"), "Store");
  EXPECT_EQ(*a->NonNegativeIntFlag("nodecount", 0), 5);
  EXPECT_FALSE(a->help);
}

TEST(ParseArgs, SwitchesTakeNoValue) {
  Result<ParsedArgs> a =
      ParseArgs({"-cum", "a.prof", "--focus=x"}, kKnown, {"cum"});
  ASSERT_TRUE(a.ok()) << a.status().message();
  EXPECT_TRUE(a->SwitchFlag("cum"));
  EXPECT_EQ(a->positional, (std::vector<std::string>{"a.prof"}));
  Result<ParsedArgs> off = ParseArgs({"--cum=false"}, kKnown, {"cum"});
  ASSERT_TRUE(off.ok());
  EXPECT_FALSE(off->SwitchFlag("cum"));
  EXPECT_FALSE(ParseArgs({}, kKnown, {"cum"})->SwitchFlag("cum"));
  EXPECT_EQ(ParseArgs({"--cum=yes"}, kKnown, {"cum"}).status().message(),
            "flag --cum takes no value (or =true/=false), got \"yes\"");
  EXPECT_EQ(ParseArgs({"--cum"}, kKnown).status().message(),
            "unknown flag --cum");
}

TEST(ParseArgs, DoubleDashEndsFlagsAndHelpIsRecognised) {
  Result<ParsedArgs> a = ParseArgs({"--help", "--", "--nodecount=1"}, kKnown);
  ASSERT_TRUE(a.ok()) << a.status().message();
  EXPECT_TRUE(a->help);
  EXPECT_EQ(a->positional, (std::vector<std::string>{"--nodecount=1"}));
}

TEST(ParseArgs, Errors) {
  EXPECT_EQ(ParseArgs({"--bogus=1"}, kKnown).status().message(),
            "unknown flag --bogus=1");
  EXPECT_EQ(ParseArgs({"--focus"}, kKnown).status().message(),
            "flag --focus needs a value");
  EXPECT_EQ(ParseArgs({"--focus=a", "--focus=b"}, kKnown).status().message(),
            "flag --focus given twice");
}

TEST(ParsedArgs, ValidatesNumbers) {
  Result<ParsedArgs> a =
      ParseArgs({"--nodecount=-3", "--nodefraction=2"}, kKnown);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->NonNegativeIntFlag("nodecount", 0).status().message(),
            "--nodecount must be a non-negative integer, got \"-3\"");
  EXPECT_EQ(a->FractionFlag("nodefraction", 0).status().message(),
            "--nodefraction must be a number in [0, 1], got \"2\"");
  Result<ParsedArgs> b = ParseArgs({"--nodecount=x1"}, kKnown);
  EXPECT_FALSE(b->NonNegativeIntFlag("nodecount", 0).ok());
  EXPECT_EQ(*b->FractionFlag("nodefraction", 0.25), 0.25);
}

}  // namespace
}  // namespace mdbprof::tools
