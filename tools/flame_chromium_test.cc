// Renders `mdbprof flame` SVGs in headless Chromium (Debian `chromium`,
// scripts/setup.sh) and checks the DOM after the viewer script ran: frames
// with names as text, zoom and search through the URL fragment. Skipped,
// with the reason, when chromium is not installed.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <regex>
#include <string>
#include <vector>

#include "base/testing/run_program.h"

namespace mdbprof::tools {
namespace {

namespace fs = std::filesystem;
using mdbprof::testing::ProgramRun;
using mdbprof::testing::RunProgram;

// $MDBPROF_CHROMIUM, else the first of chromium / chromium-browser on PATH;
// "" when there is none.
std::string FindChromium() {
  if (const char* env = getenv("MDBPROF_CHROMIUM"); env && *env) return env;
  const char* path = getenv("PATH");
  std::string dirs = path ? path : "/usr/bin";
  for (const char* name : {"chromium", "chromium-browser"}) {
    size_t start = 0;
    while (start <= dirs.size()) {
      size_t end = dirs.find(':', start);
      if (end == std::string::npos) end = dirs.size();
      const std::string candidate =
          dirs.substr(start, end - start) + "/" + name;
      if (access(candidate.c_str(), X_OK) == 0) return candidate;
      start = end + 1;
    }
  }
  return "";
}

class FlameChromiumTest : public ::testing::Test {
 protected:
  void SetUp() override {
    chromium_ = FindChromium();
    if (chromium_.empty()) {
      GTEST_SKIP() << "chromium is not installed (scripts/setup.sh installs "
                      "Debian's chromium; or set MDBPROF_CHROMIUM)";
    }
    char tmpl[] = "/tmp/mdbprof_flame_chromium.XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override {
    if (!dir_.empty()) fs::remove_all(dir_);
  }

  std::string Vector(const std::string& name) {
    return std::string(MDBPROF_SOURCE_DIR) + "/tests/testdata/go/" + name;
  }

  // `mdbprof flame ARGS -o <dir>/<out>`; the SVG's path.
  std::string Flame(std::vector<std::string> args, const std::string& out) {
    args.insert(args.begin(), {MDBPROF_BINARY, "flame"});
    args.push_back("-o=" + dir_ + "/" + out);
    ProgramRun run = RunProgram(args, dir_);
    EXPECT_EQ(run.exit_code, 0) << run.err;
    return dir_ + "/" + out;
  }

  // Chromium's headless run with `extra` flags on file://`path``fragment`.
  ProgramRun Chromium(const std::string& path, const std::string& fragment,
                      const std::vector<std::string>& extra) {
    std::vector<std::string> argv = {chromium_, "--headless", "--no-sandbox",
                                     "--disable-gpu",
                                     "--user-data-dir=" + dir_ + "/profile"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    argv.push_back("file://" + path + fragment);
    ProgramRun run = RunProgram(argv, dir_, {"HOME=" + dir_});
    EXPECT_TRUE(run.started) << run.start_error;
    EXPECT_EQ(run.exit_code, 0) << run.err;
    return run;
  }

  std::string DumpDom(const std::string& path, const std::string& fragment) {
    ProgramRun run = Chromium(path, fragment, {"--dump-dom"});
    EXPECT_NE(run.out.find("data-ready=\"1\""), std::string::npos)
        << "the viewer script did not run; DOM:\n"
        << run.out.substr(0, 2000);
    return run.out;
  }

  std::string chromium_, dir_;
};

// The <g> of the first frame labelled `name` in `dom`, or "".
std::string FrameOf(const std::string& dom, const std::string& name) {
  const size_t at = dom.find("data-n=\"" + name + "\"");
  if (at == std::string::npos) return "";
  const size_t begin = dom.rfind("<g class=\"f\"", at);
  return dom.substr(begin, dom.find("</g>", at) + 4 - begin);
}

TEST_F(FlameChromiumTest, GoCpuProfileRendersFramesWithNames) {
  const std::string svg = Flame({Vector("cpu.prof")}, "cpu.svg");
  const std::string dom = DumpDom(svg, "");
  int frames = 0;
  for (size_t at = 0;
       (at = dom.find("<g class=\"f\"", at)) != std::string::npos; ++at) {
    ++frames;
  }
  EXPECT_GT(frames, 20);
  for (const char* name : {"runtime.main", "main.main", "main.spinA"}) {
    EXPECT_NE(FrameOf(dom, name).find(std::string(">") + name + "</text>"),
              std::string::npos)
        << name << " is not drawn with its name";
  }
  // A screenshot, to look at by hand (kept when MDBPROF_FLAME_PNG is set).
  const char* keep = getenv("MDBPROF_FLAME_PNG");
  const std::string png = keep && *keep ? keep : dir_ + "/cpu.png";
  Chromium(svg, "", {"--screenshot=" + png, "--window-size=1200,800"});
  std::error_code ec;
  EXPECT_GT(fs::file_size(png, ec), 10'000u) << png;
}

TEST_F(FlameChromiumTest, ZoomFillsTheWidthKeepsAncestorsHidesTheRest) {
  const std::string svg = Flame({Vector("cpu.prof")}, "cpu.svg");
  const std::string before = DumpDom(svg, "");
  std::smatch m;
  const std::string spin = FrameOf(before, "main.spinA");
  ASSERT_TRUE(std::regex_search(spin, m, std::regex("id=\"(f[0-9]+)\"")))
      << spin;
  const std::string id = m[1];
  const std::string dom = DumpDom(svg, "#zoom=" + id);
  EXPECT_NE(dom.find("data-zoom=\"" + id + "\""), std::string::npos);
  const std::string zoomed = FrameOf(dom, "main.spinA");
  EXPECT_NE(zoomed.find("width=\"1179.00\""), std::string::npos) << zoomed;
  EXPECT_NE(FrameOf(dom, "main.main").find("width=\"1179.00\""),
            std::string::npos)
      << "an ancestor fills the width too";
  EXPECT_NE(FrameOf(dom, "main.fib").find("display: none"), std::string::npos)
      << "a frame beside the zoomed one is hidden";
  EXPECT_NE(dom.find("Reset zoom"), std::string::npos);
}

TEST_F(FlameChromiumTest, SearchHighlightsMatchesAndShowsTheirShare) {
  const std::string svg = Flame({Vector("cpu.prof")}, "cpu.svg");
  const std::string dom = DumpDom(svg, "#search=spin%5BAB%5D");
  EXPECT_NE(FrameOf(dom, "main.spinA").find("fill=\"rgb(230,0,230)\""),
            std::string::npos);
  EXPECT_TRUE(std::regex_search(
      dom, std::regex("id=\"matched\"[^>]*>Matched: [0-9.]+% \\([0-9]+ "
                      "frames\\)<")))
      << dom.substr(0, 3000);
}

TEST_F(FlameChromiumTest, DifferentialGraphRenders) {
  const std::string svg = Flame(
      {Vector("allocs-after.prof"), "--base=" + Vector("allocs-before.prof"),
       "--sample_index=alloc_space"},
      "diff.svg");
  const std::string dom = DumpDom(svg, "");
  EXPECT_NE(FrameOf(dom, "main.main").find(">main.main</text>"),
            std::string::npos);
  EXPECT_NE(dom.find(" \u2192 HEAD "), std::string::npos);
}

}  // namespace
}  // namespace mdbprof::tools
