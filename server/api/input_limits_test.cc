#include "server/api/input_limits.h"

#include <gtest/gtest.h>

#include <string>

namespace refserver {
namespace {

TEST(JsonNestingDepth, CountsBracketsOutsideStrings) {
  EXPECT_EQ(JsonNestingDepth("1"), 0u);
  EXPECT_EQ(JsonNestingDepth("[]"), 1u);
  EXPECT_EQ(JsonNestingDepth(R"(["a",{"b":[1,{"c":[]}]}])"), 5u);
  EXPECT_EQ(JsonNestingDepth(R"(["[[[[{{{{", "\"[[["])"), 1u);
  EXPECT_EQ(JsonNestingDepth("]]]][[]"), 2u);  // not valid JSON: still bounded
  EXPECT_EQ(JsonNestingDepth(std::string(100000, '[')), 100000u);
}

TEST(ValidateStreamName, AcceptsOrdinaryAndOddButHarmlessNames) {
  for (const char* ok : {"account-123", "account:command-1+2", "a", "Ümlaut-😀",
                         "it's-'; DROP TABLE messages; --", "x\"y"}) {
    EXPECT_TRUE(ValidateStreamName(ok).ok()) << ok;
  }
  EXPECT_TRUE(ValidateStreamName(std::string(kMaxStreamNameBytes, 'a')).ok());
}

TEST(ValidateStreamName, RejectsEmptyTooLongAndControlCharacters) {
  EXPECT_EQ(ValidateStreamName("").message(), "stream name must not be empty");
  std::string long_name(kMaxStreamNameBytes + 1, 'a');
  EXPECT_NE(ValidateStreamName(long_name).message().find("1025 bytes long"),
            std::string::npos);
  EXPECT_NE(ValidateStreamName(std::string("a\0b", 3), "category")
                .message()
                .find("category contains a control character (byte 0 at "
                      "offset 1)"),
            std::string::npos);
  EXPECT_FALSE(ValidateStreamName("a\nb").ok());
  EXPECT_FALSE(ValidateStreamName("a\x7f").ok());
}

TEST(IsLoopbackAddress, KnowsTheLoopbackForms) {
  for (const char* yes : {"127.0.0.1", "127.8.9.10", "::1", "::ffff:127.0.0.1"})
    EXPECT_TRUE(IsLoopbackAddress(yes)) << yes;
  for (const char* no :
       {"10.0.0.1", "192.168.1.20", "0.0.0.0", "::", "::ffff:10.1.2.3",
        "fe80::1", "", "localhost", "127.0.0.1.evil", "128.0.0.1"})
    EXPECT_FALSE(IsLoopbackAddress(no)) << no;
}

TEST(PprofRequestAllowed, OnlyLoopbackPeersUnlessOpened) {
  EXPECT_TRUE(PprofRequestAllowed("/debug/pprof/heap", "127.0.0.1", false));
  EXPECT_TRUE(PprofRequestAllowed("/debug/pprof/", "::1", false));
  EXPECT_FALSE(PprofRequestAllowed("/debug/pprof/heap", "10.1.2.3", false));
  EXPECT_FALSE(PprofRequestAllowed("/debug/pprof", "192.168.0.7", false));
  EXPECT_FALSE(
      PprofRequestAllowed("/debug/pprof/profile", "::ffff:10.0.0.9", false));
  EXPECT_TRUE(PprofRequestAllowed("/debug/pprof/heap", "10.1.2.3", true));
  // Everything else is for any client.
  EXPECT_TRUE(PprofRequestAllowed("/rpc", "10.1.2.3", false));
  EXPECT_TRUE(PprofRequestAllowed("/health", "10.1.2.3", false));
  EXPECT_TRUE(PprofRequestAllowed("/debug/pprofile", "10.1.2.3", false));
}

}  // namespace
}  // namespace refserver
