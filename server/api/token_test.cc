#include "server/api/token.h"

#include <gtest/gtest.h>

namespace refserver {
namespace {

constexpr char kProfilingToken[] =
    "ns_ZGVmYXVsdA_"
    "71d7e890c5bb4666a234cc1a9ec3f5f15b67c1a73257a3c92e1c0b0c5e0f8e9a";

TEST(Token, ProfilingTokenNamesDefault) {
  mdbprof::Result<std::string> ns = TokenNamespace(kProfilingToken);
  ASSERT_TRUE(ns.ok()) << ns.status().message();
  EXPECT_EQ(*ns, "default");
  EXPECT_EQ(MakeToken("default",
                      "71d7e890c5bb4666a234cc1a9ec3f5f15b67c1a73257a3c92e1c0b0c"
                      "5e0f8e9a"),
            kProfilingToken);
}

TEST(Token, Base64UrlRoundTripsWithoutPadding) {
  EXPECT_EQ(Base64UrlEncode("default"), "ZGVmYXVsdA");
  EXPECT_EQ(Base64UrlEncode("tenant-a"), "dGVuYW50LWE");
  EXPECT_EQ(Base64UrlEncode("\xfb\xff"), "-_8");  // the url-safe characters
  for (std::string s : {"", "a", "ab", "abc", "abcd", "tenant_42-x"}) {
    mdbprof::Result<std::string> back = Base64UrlDecode(Base64UrlEncode(s));
    ASSERT_TRUE(back.ok()) << s;
    EXPECT_EQ(*back, s);
  }
  EXPECT_FALSE(Base64UrlDecode("ZGVmYXVsdA==").ok());  // padding
  EXPECT_FALSE(Base64UrlDecode("ZGVm+XVsdA").ok());    // '+' is not url-safe
  EXPECT_FALSE(Base64UrlDecode("ZGVmYXVsdB").ok());    // non-canonical tail
  EXPECT_FALSE(Base64UrlDecode("Z").ok());             // impossible length
}

TEST(Token, MalformedTokensAreRejectedWithAReason) {
  const std::string secret(64, 'a');
  EXPECT_FALSE(TokenNamespace("").ok());
  EXPECT_FALSE(TokenNamespace("xx_ZGVmYXVsdA_" + secret).ok());
  EXPECT_FALSE(TokenNamespace("ns_ZGVmYXVsdA_" + secret.substr(1)).ok());
  EXPECT_FALSE(TokenNamespace("ns_ZGVmYXVsdA_" + std::string(64, 'g')).ok());
  EXPECT_FALSE(TokenNamespace("ns__" + secret).ok());
  EXPECT_FALSE(TokenNamespace("ns_ZGVmYXVsdA" + secret).ok());
  // Decodes to "../x", which is not a namespace name.
  mdbprof::Result<std::string> traversal =
      TokenNamespace("ns_" + Base64UrlEncode("../x") + "_" + secret);
  ASSERT_FALSE(traversal.ok());
  EXPECT_NE(traversal.status().message().find("namespace"), std::string::npos);
}

TEST(Token, GeneratedTokensNameTheirNamespaceAndDiffer) {
  mdbprof::Result<std::string> a = GenerateToken("tenant_a");
  mdbprof::Result<std::string> b = GenerateToken("tenant_a");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(*a, *b);
  mdbprof::Result<std::string> ns = TokenNamespace(*a);
  ASSERT_TRUE(ns.ok()) << ns.status().message();
  EXPECT_EQ(*ns, "tenant_a");  // '_' in the name survives the '_' separator
}

TEST(Token, HashIsSha256Hex) {
  // FIPS 180-2 test vector.
  EXPECT_EQ(HashToken("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Token, ConstantTimeEquals) {
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abcd"));
  EXPECT_TRUE(ConstantTimeEquals("", ""));
}

}  // namespace
}  // namespace refserver
