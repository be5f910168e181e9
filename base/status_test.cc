#include "base/status.h"

#include <gtest/gtest.h>

namespace mdbprof {
namespace {

TEST(SkipOutcome, ASkipIsASkipAndNotOk) {
  Status s = Skipped("no initdb in /usr/lib/postgresql/15/bin");
  EXPECT_FALSE(s.ok());
  EXPECT_TRUE(IsSkip(s));
  EXPECT_EQ(s.message(), "no initdb in /usr/lib/postgresql/15/bin");
}

TEST(SkipOutcome, ContextKeepsASkipASkip) {
  Status s = Skipped("no node on $PATH").WithContext("timescale");
  EXPECT_TRUE(IsSkip(s));
  EXPECT_EQ(s.message(), "timescale: no node on $PATH");
}

// Before issue 16 a skip was any FailedPrecondition, so a real precondition
// failure (a server binary that is not executable) was reported as skipped.
TEST(SkipOutcome, APreconditionFailureIsAnErrorNotASkip) {
  EXPECT_FALSE(IsSkip(FailedPrecondition("'/tmp/x' is not an executable")));
}

TEST(SkipOutcome, NoOtherErrorIsASkip) {
  EXPECT_FALSE(IsSkip(Status::Ok()));
  EXPECT_FALSE(IsSkip(InvalidArgument("x")));
  EXPECT_FALSE(IsSkip(NotFound("x")));
  EXPECT_FALSE(IsSkip(Unavailable("x")));
  EXPECT_FALSE(IsSkip(DeadlineExceeded("x")));
  EXPECT_FALSE(IsSkip(Internal("x")));
}

TEST(SkipOutcome, AResultCarriesTheSkip) {
  Result<int> r = Skipped("no PostgreSQL here");
  EXPECT_TRUE(IsSkip(r.status()));
}

}  // namespace
}  // namespace mdbprof
