// `mdbprof flame` through RunMain: SVG output and errors naming the input.
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "tools/command.h"

namespace mdbprof::tools {
namespace {

struct Ran {
  int code;
  std::string out, err;
};

Ran Flame(std::vector<std::string> args) {
  args.insert(args.begin(), "flame");
  std::ostringstream out, err;
  int code = RunMain(args, out, err);
  return {code, out.str(), err.str()};
}

std::string Vector(const std::string& name) {
  return std::string(MDBPROF_SOURCE_DIR) + "/tests/testdata/go/" + name;
}

TEST(FlameCommand, GoProfileToSvgOnStdout) {
  Ran r = Flame({Vector("cpu.prof")});
  ASSERT_EQ(r.code, kExitOk) << r.err;
  EXPECT_EQ(r.out.rfind("<?xml", 0), 0u);
  EXPECT_NE(r.out.find("data-n=\"runtime.main\""), std::string::npos);
}

TEST(FlameCommand, DifferentialWithSampleIndex) {
  Ran r = Flame({Vector("allocs-after.prof"),
                 "--base=" + Vector("allocs-before.prof"),
                 "--sample_index=alloc_space"});
  ASSERT_EQ(r.code, kExitOk) << r.err;
  EXPECT_NE(r.out.find("Differential flame graph"), std::string::npos);
}

TEST(FlameCommand, ErrorsNameTheBadInput) {
  Ran missing = Flame({"/nonexistent/x.prof"});
  EXPECT_EQ(missing.code, kExitInvalid);
  EXPECT_NE(missing.err.find("/nonexistent/x.prof"), std::string::npos);
  Ran bad_base = Flame({Vector("cpu.prof"), "--base=/nonexistent/b.prof"});
  EXPECT_EQ(bad_base.code, kExitInvalid);
  EXPECT_NE(bad_base.err.find("/nonexistent/b.prof"), std::string::npos);
  Ran index = Flame({Vector("cpu.prof"), "--sample_index=nope"});
  EXPECT_EQ(index.code, kExitInvalid);
  EXPECT_NE(index.err.find("cpu.prof: sample_index \"nope\""),
            std::string::npos)
      << index.err;
  Ran ops = Flame({Vector("cpu.prof"), "--ops=10"});
  EXPECT_EQ(ops.code, kExitInvalid);
  EXPECT_NE(ops.err.find("--ops"), std::string::npos);
  Ran out = Flame({Vector("cpu.prof"), "-o=/nonexistent/dir/x.svg"});
  EXPECT_EQ(out.code, kExitInvalid);
  EXPECT_NE(out.err.find("/nonexistent/dir/x.svg"), std::string::npos);
}

TEST(FlameCommand, ListedInHelp) {
  std::ostringstream out, err;
  ASSERT_EQ(RunMain({"--help"}, out, err), kExitOk);
  EXPECT_NE(out.str().find("flame "), std::string::npos);
}

}  // namespace
}  // namespace mdbprof::tools
