// Parity of `mdbprof top` / `mdbprof diff` with `go tool pprof -top` on the
// Go test vectors (tests/testdata/go, see its README).
//
// Every row of expected.tsv that is a `-top` output our CLI covers (any
// -sample_index, -nodecount, -nodefraction, -focus, -ignore, -base, -cum)
// goes through the mdbprof command path in-process (tools::RunMain, the code
// the binary runs) and is compared with:
//   - Committed: the committed `go tool pprof` output, every line except
//     `Time:` (the only environment-dependent line).
//   - Live: `go tool pprof` run now (TZ=UTC, -symbolize=none), from the
//     `Showing nodes` line on. Skipped when `go` is not on PATH.
// Rows outside that set (-raw, -tags, -tagfocus, -tagignore) are
// counted and listed, not compared.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "fixtures/child_process.h"
#include "fixtures/scratch_dir.h"
#include "tools/command.h"

namespace mdbprof {
namespace {

namespace fs = std::filesystem;

const std::string kVectors =
    std::string(MDBPROF_SOURCE_DIR) + "/tests/testdata/go";

// The number of expected.tsv rows the CLI must cover; a change to the
// vectors or to what is compared must update it.
constexpr int kMinCompared = 106;

struct Row {
  std::string output;             // e.g. "cpu.samples.top.txt"
  std::vector<std::string> args;  // go tool pprof arguments
};

std::vector<Row> ReadExpected() {
  std::vector<Row> rows;
  std::ifstream in(kVectors + "/expected.tsv");
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    size_t tab = line.find('\t');
    if (tab == std::string::npos) continue;
    Row row{line.substr(0, tab), {}};
    std::stringstream words(line.substr(tab + 1));
    std::string word;
    while (words >> word) row.args.push_back(word);
    rows.push_back(std::move(row));
  }
  return rows;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The mdbprof arguments for a `go tool pprof` argument list, or nullopt and
// the go flag we do not cover.
std::optional<std::vector<std::string>> ToMdbprof(
    const std::vector<std::string>& go, std::string* unsupported) {
  std::vector<std::string> flags;
  std::string base, file;
  bool top = false;
  for (const std::string& a : go) {
    if (a == "-top") {
      top = true;
    } else if (a.rfind("-base=", 0) == 0) {
      base = kVectors + "/" + a.substr(6);
    } else if (a.rfind("-nodecount=", 0) == 0 ||
               a.rfind("-nodefraction=", 0) == 0 ||
               a.rfind("-sample_index=", 0) == 0 ||
               a.rfind("-focus=", 0) == 0 || a.rfind("-ignore=", 0) == 0) {
      flags.push_back("-" + a);  // our flags take one or two dashes
    } else if (a == "-cum") {
      flags.push_back("--cum");
    } else if (a[0] == '-') {
      *unsupported = a.substr(0, a.find('='));
      return std::nullopt;
    } else {
      file = kVectors + "/" + a;
    }
  }
  if (!top) {
    *unsupported = go.empty() ? "(none)" : go[0];
    return std::nullopt;
  }
  std::vector<std::string> argv;
  if (base.empty()) {
    argv = {"top", file};
  } else {
    argv = {"diff", base, file};
  }
  argv.insert(argv.end(), flags.begin(), flags.end());
  return argv;
}

// Runs mdbprof in-process; fails the test on a non-zero exit.
std::string RunMdbprof(const std::vector<std::string>& argv) {
  std::ostringstream out, err;
  int code = tools::RunMain(argv, out, err);
  EXPECT_EQ(code, 0) << err.str();
  return out.str();
}

std::string WithoutTimeLine(const std::string& text) {
  std::stringstream in(text);
  std::string line, out;
  while (std::getline(in, line)) {
    if (line.rfind("Time: ", 0) == 0) continue;
    out += line + "\n";
  }
  return out;
}

std::string FromShowingNodes(const std::string& text) {
  size_t at = text.find("Showing nodes");
  return at == std::string::npos ? "(no \"Showing nodes\" line)\n" + text
                                 : text.substr(at);
}

// The first differing line, for messages.
std::string FirstDifference(const std::string& want, const std::string& got) {
  std::stringstream w(want), g(got);
  std::string wl, gl;
  for (int n = 1;; ++n) {
    bool wm = static_cast<bool>(std::getline(w, wl));
    bool gm = static_cast<bool>(std::getline(g, gl));
    if (!wm && !gm) return "(equal)";
    if (!wm || !gm || wl != gl) {
      return "line " + std::to_string(n) +
             ":\n  go:      " + (wm ? "\"" + wl + "\"" : "(end)") +
             "\n  mdbprof: " + (gm ? "\"" + gl + "\"" : "(end)");
    }
  }
}

struct Tally {
  int compared = 0, equal = 0;
  std::map<std::string, int> skipped;  // go flag -> rows

  std::string Summary() const {
    std::string s = std::to_string(compared) + " outputs compared, " +
                    std::to_string(equal) + " equal; not compared:";
    for (const auto& [flag, n] : skipped) {
      s += " " + flag + " " + std::to_string(n);
    }
    return s;
  }
};

TEST(GoPprofParity, MatchesCommittedOutputs) {
  std::vector<Row> rows = ReadExpected();
  ASSERT_GE(rows.size(), 100u) << kVectors << "/expected.tsv missing or short";
  Tally tally;
  for (const Row& row : rows) {
    std::string unsupported;
    std::optional<std::vector<std::string>> argv =
        ToMdbprof(row.args, &unsupported);
    if (!argv) {
      ++tally.skipped[unsupported];
      continue;
    }
    SCOPED_TRACE(row.output);
    ++tally.compared;
    std::string want = WithoutTimeLine(ReadFile(kVectors + "/" + row.output));
    std::string got = WithoutTimeLine(RunMdbprof(*argv));
    EXPECT_EQ(want, got) << FirstDifference(want, got);
    if (want == got) ++tally.equal;
  }
  std::cout << "committed: " << tally.Summary() << "\n";
  RecordProperty("compared", tally.compared);
  RecordProperty("equal", tally.equal);
  EXPECT_GE(tally.compared, kMinCompared);
  EXPECT_EQ(tally.equal, tally.compared);
}

// `go` on PATH (the machine's Go, which scripts/setup.sh requires), or "".
std::string FindGo() {
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "");
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    std::error_code ec;
    fs::path go = fs::path(dir.empty() ? "." : dir) / "go";
    if (fs::is_regular_file(go, ec) && access(go.c_str(), X_OK) == 0) {
      return go.string();
    }
  }
  return "";
}

TEST(GoPprofParity, MatchesLiveGoToolPprof) {
  std::string go = FindGo();
  // Not a skip: parity with the Go users' pprof is what this test proves.
  ASSERT_FALSE(go.empty())
      << "go is not on PATH (mdbprof needs the machine's Go >= 1.26)";
  Result<fixtures::ScratchDir> scratch = fixtures::ScratchDir::Create("parity");
  ASSERT_TRUE(scratch.ok()) << scratch.status().message();
  Tally tally;
  int n = 0;
  for (const Row& row : ReadExpected()) {
    std::string unsupported;
    std::optional<std::vector<std::string>> argv =
        ToMdbprof(row.args, &unsupported);
    if (!argv) {
      ++tally.skipped[unsupported];
      continue;
    }
    SCOPED_TRACE(row.output);
    fixtures::ChildOptions options;
    options.argv = {go, "tool", "pprof", "-symbolize=none"};
    options.argv.insert(options.argv.end(), row.args.begin(), row.args.end());
    options.env = {
        {"TZ", "UTC"}, {"GOFLAGS", ""}, {"PPROF_TMPDIR", scratch->path()}};
    options.working_dir = kVectors;
    options.log_path = scratch->path() + "/" + std::to_string(n++) + ".txt";
    options.name = "go tool pprof";
    Result<std::unique_ptr<fixtures::ChildProcess>> child =
        fixtures::ChildProcess::Start(options);
    ASSERT_TRUE(child.ok()) << child.status().message();
    Result<fixtures::ExitStatus> exit =
        (*child)->Wait(std::chrono::seconds(60));
    ASSERT_TRUE(exit.ok()) << exit.status().message();
    ASSERT_TRUE(exit->exited && exit->code == 0) << exit->ToString() << "\n"
                                                 << (*child)->LogTail(10);
    (*child)->Stop();
    ++tally.compared;
    std::string want = FromShowingNodes(ReadFile(options.log_path));
    std::string got = FromShowingNodes(RunMdbprof(*argv));
    EXPECT_EQ(want, got) << FirstDifference(want, got);
    if (want == got) ++tally.equal;
  }
  std::cout << "live: " << tally.Summary() << "\n";
  RecordProperty("compared", tally.compared);
  RecordProperty("equal", tally.equal);
  EXPECT_GE(tally.compared, kMinCompared);
  EXPECT_EQ(tally.equal, tally.compared);
}

}  // namespace
}  // namespace mdbprof
