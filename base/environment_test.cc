#include "base/environment.h"

#include <gtest/gtest.h>
#include <stdlib.h>

namespace mdbprof {
namespace {

constexpr char kVar[] = "MDBPROF_ENVIRONMENT_TEST";

TEST(EnvValue, AnEmptyValueCountsAsUnset) {
  ASSERT_EQ(setenv(kVar, "x", 1), 0);
  EXPECT_EQ(EnvValue(kVar), "x");
  EXPECT_EQ(EnvOr(kVar, "fallback"), "x");
  ASSERT_EQ(setenv(kVar, "", 1), 0);
  EXPECT_EQ(EnvValue(kVar), std::nullopt);
  EXPECT_EQ(EnvOr(kVar, "fallback"), "fallback");
  ASSERT_EQ(unsetenv(kVar), 0);
  EXPECT_EQ(EnvValue(kVar), std::nullopt);
  EXPECT_EQ(EnvOr(kVar, "fallback"), "fallback");
}

TEST(TmpDir, IsTmpdirElseSlashTmp) {
  const std::optional<std::string> saved = EnvValue("TMPDIR");
  ASSERT_EQ(setenv("TMPDIR", "/var/tmp", 1), 0);
  EXPECT_EQ(TmpDir(), "/var/tmp");
  ASSERT_EQ(unsetenv("TMPDIR"), 0);
  EXPECT_EQ(TmpDir(), "/tmp");
  if (saved) setenv("TMPDIR", saved->c_str(), 1);
}

}  // namespace
}  // namespace mdbprof
