// In-process tests of `mdbprof top` and `mdbprof diff` through RunMain.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "pprof/testing/profile_builder.h"
#include "tools/command.h"

namespace mdbprof::tools {
namespace {

using pprof::testing::Gzip;
using pprof::testing::ProfileBuilder;
using pprof::testing::Serialize;

class CommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/mdbprof_tools_test.XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    ProfileBuilder before(
        {{"alloc_objects", "count"}, {"alloc_space", "bytes"}});
    before.Add({"main", "Store::Write"}, {10, 1000});
    ProfileBuilder after = before;
    after.Add({"main", "Store::Write"}, {5, 500});
    after.Add({"main", "Json::Encode"}, {7, 700});
    before_ = Write("before.prof", Gzip(Serialize(before.proto())));
    after_ = Write("after.prof", Serialize(after.proto()));
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& contents) {
    std::string path = dir_ + "/" + name;
    std::ofstream(path, std::ios::binary) << contents;
    return path;
  }
  int Run(const std::vector<std::string>& args) {
    out_.str("");
    err_.str("");
    return RunMain(args, out_, err_);
  }
  // Expects exit code 2 and exactly one line "mdbprof: ...<needle>...".
  void ExpectInvalid(const std::vector<std::string>& args,
                     const std::string& needle) {
    EXPECT_EQ(Run(args), kExitInvalid);
    std::string err = err_.str();
    EXPECT_EQ(err.rfind("mdbprof: ", 0), 0u) << err;
    EXPECT_EQ(err.find('\n'), err.size() - 1) << "not one line: " << err;
    EXPECT_NE(err.find(needle), std::string::npos) << err;
    EXPECT_EQ(out_.str(), "");
  }

  std::string dir_, before_, after_;
  std::ostringstream out_, err_;
};

TEST_F(CommandTest, TopPrintsTheTable) {
  ASSERT_EQ(Run({"top", after_, "--sample_index=alloc_objects"}), kExitOk)
      << err_.str();
  EXPECT_NE(out_.str().find("Type: alloc_objects\n"), std::string::npos);
  EXPECT_NE(out_.str().find(
                "        15 68.18% 68.18%         15 68.18%  Store::Write\n"),
            std::string::npos)
      << out_.str();
  EXPECT_EQ(err_.str(), "");
}

TEST_F(CommandTest, TopNodecountAndFocus) {
  ASSERT_EQ(Run({"top", after_, "--nodecount=1", "--focus=Json"}), kExitOk);
  EXPECT_NE(out_.str().find("Json::Encode"), std::string::npos);
  EXPECT_EQ(out_.str().find("Store::Write"), std::string::npos) << out_.str();
}

TEST_F(CommandTest, DiffPrintsTheChange) {
  ASSERT_EQ(Run({"diff", before_, after_, "--sample_index=alloc_space"}),
            kExitOk)
      << err_.str();
  EXPECT_NE(out_.str().find("Showing nodes accounting for 1200B, 100% of "
                            "1200B total\n"),
            std::string::npos)
      << out_.str();
  EXPECT_NE(out_.str().find("700B 58.33% 58.33%       700B 58.33%  "
                            "Json::Encode\n"),
            std::string::npos)
      << out_.str();
}

TEST_F(CommandTest, HelpGoesToStdout) {
  EXPECT_EQ(Run({"--help"}), kExitOk);
  EXPECT_NE(out_.str().find("top"), std::string::npos);
  EXPECT_NE(out_.str().find("diff"), std::string::npos);
  EXPECT_EQ(Run({"top", "--help"}), kExitOk);
  EXPECT_NE(out_.str().find("usage: mdbprof top FILE"), std::string::npos);
  EXPECT_EQ(Run({"diff", "-h"}), kExitOk);
  EXPECT_NE(out_.str().find("usage: mdbprof diff BASE FILE"),
            std::string::npos);
}

TEST_F(CommandTest, BadArgumentsExitTwoWithOneLine) {
  ExpectInvalid({}, "missing command");
  ExpectInvalid({"frobnicate"}, "unknown command \"frobnicate\"");
  ExpectInvalid({"top"}, "expected one profile FILE, got 0");
  ExpectInvalid({"top", after_, "--bogus=1"}, "unknown flag --bogus=1");
  ExpectInvalid({"top", after_, "--nodecount=many"}, "--nodecount");
  ExpectInvalid({"top", after_, "--sample_index=cpu"},
                "must be one of: [alloc_objects alloc_space]");
  ExpectInvalid({"top", after_, "--focus=("}, "focus regular expression");
  ExpectInvalid({"diff", before_}, "expected BASE and FILE, got 1");
}

TEST_F(CommandTest, BadFilesExitTwoWithOneLine) {
  ExpectInvalid({"top", dir_ + "/missing.prof"}, "missing.prof: cannot open");
  ExpectInvalid({"top", Write("junk.prof", "\x1f\x8bjunk")}, "junk.prof: ");
  ExpectInvalid({"top", Write("text.prof", "this is not a profile\n")},
                "not a profile.proto message");
  ProfileBuilder cpu({{"samples", "count"}, {"cpu", "nanoseconds"}});
  cpu.Add({"main"}, {1, 1});
  std::string cpu_path = Write("cpu.prof", Serialize(cpu.proto()));
  ExpectInvalid({"diff", before_, cpu_path}, "incompatible sample types");
  cpu.proto().mutable_sample(0)->add_value(1);
  ExpectInvalid({"top", Write("broken.prof", Serialize(cpu.proto()))},
                "sample 0 has 3 values, profile has 2 sample types");
}

}  // namespace
}  // namespace mdbprof::tools
