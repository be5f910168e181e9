// The fuzzer's hand-made seed inputs (testdata/corpus, written by
// testdata/make_corpus.py): each is accepted or rejected as
// testdata/corpus_expected.tsv says, with the expected message.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "pprof/profile.h"

namespace mdbprof::pprof {
namespace {

const std::string kDir = std::string(MDBPROF_SOURCE_DIR) + "/pprof/testdata";

struct Case {
  std::string file, outcome, message;
};

std::vector<Case> ReadCases() {
  std::vector<Case> cases;
  std::ifstream in(kDir + "/corpus_expected.tsv");
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::stringstream fields(line);
    Case c;
    std::getline(fields, c.file, '\t');
    std::getline(fields, c.outcome, '\t');
    std::getline(fields, c.message);
    cases.push_back(c);
  }
  return cases;
}

TEST(Corpus, EveryInputIsAcceptedOrRejectedAsExpected) {
  std::vector<Case> cases = ReadCases();
  ASSERT_GE(cases.size(), 30u) << "corpus_expected.tsv not found or short";
  size_t files = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(kDir + "/corpus")) {
    (void)entry;
    ++files;
  }
  EXPECT_EQ(files, cases.size()) << "a corpus file is not listed";
  for (const Case& c : cases) {
    SCOPED_TRACE(c.file);
    Result<Profile> p = ReadProfileFile(kDir + "/corpus/" + c.file,
                                        {.max_decompressed_bytes = 1 << 20});
    if (c.outcome == "ok") {
      EXPECT_TRUE(p.ok()) << p.status().message();
    } else {
      ASSERT_EQ(c.outcome, "error");
      ASSERT_FALSE(p.ok());
      EXPECT_NE(p.status().message().find(c.message), std::string::npos)
          << p.status().message();
    }
  }
}

TEST(Corpus, ConcatenatedGzipMembersReadAsOneProfile) {
  Result<Profile> split =
      ReadProfileFile(kDir + "/corpus/concatenated_gzip_members.pb.gz");
  Result<Profile> whole = ReadProfileFile(kDir + "/corpus/valid_minimal.pb");
  ASSERT_TRUE(split.ok()) << split.status().message();
  ASSERT_TRUE(whole.ok()) << whole.status().message();
  EXPECT_EQ(split->proto().SerializeAsString(),
            whole->proto().SerializeAsString());
}

TEST(Corpus, TimeNanosAfterAZeroOneWins) {
  Result<Profile> p =
      ReadProfileFile(kDir + "/corpus/repeated_time_nanos_after_zero.pb");
  ASSERT_TRUE(p.ok()) << p.status().message();
  EXPECT_EQ(p->proto().time_nanos(), 1234567890);
}

}  // namespace
}  // namespace mdbprof::pprof
