#include "report/flame_graph.h"

#include <gtest/gtest.h>

#include <regex>
#include <string>

#include "pprof/testing/profile_builder.h"

namespace mdbprof::report {
namespace {

using pprof::testing::ProfileBuilder;

// The <g> element of the frame whose label source is `name`, or "".
std::string FrameOf(const std::string& svg, const std::string& name) {
  const size_t at = svg.find("data-n=\"" + name + "\"");
  if (at == std::string::npos) return "";
  const size_t begin = svg.rfind("<g class=\"f\"", at);
  return svg.substr(begin, svg.find("</g>", at) + 4 - begin);
}

std::string Attr(const std::string& frame, const std::string& attr) {
  std::smatch m;
  if (!std::regex_search(frame, m, std::regex(" " + attr + "=\"([^\"]*)\"")))
    return "";
  return m[1];
}

pprof::Profile Cpu() {
  ProfileBuilder b({{"samples", "count"}, {"cpu", "nanoseconds"}});
  b.Add({"main", "foo"}, {1, 10'000'000});
  b.Add({"main", "bar"}, {3, 30'000'000});
  return b.Build();
}

TEST(FlameGraph, OneFramePerStackPositionWidthByValue) {
  Result<std::string> svg = FlameGraphSvg(Cpu(), {});
  ASSERT_TRUE(svg.ok()) << svg.status().message();
  const std::string bar = FrameOf(*svg, "bar");
  ASSERT_NE(bar, "") << *svg;
  EXPECT_EQ(Attr(bar, "data-w"), "0.75");
  EXPECT_EQ(Attr(bar, "data-d"), "2");
  EXPECT_EQ(Attr(FrameOf(*svg, "main"), "data-w"), "1");
  EXPECT_EQ(Attr(FrameOf(*svg, "foo"), "data-x"), "0.75")
      << "children are in name order: bar, then foo";
  EXPECT_NE(bar.find("<title>bar\n30ms (75.00%)</title>"), std::string::npos)
      << bar;
  EXPECT_NE(bar.find(">bar</text>"), std::string::npos) << bar;
  EXPECT_NE(svg->find("<script"), std::string::npos);
  EXPECT_EQ(svg->find("http://", svg->find("<script")), std::string::npos)
      << "the viewer must not load anything";
}

TEST(FlameGraph, SampleIndexPicksTheValues) {
  FlameGraphOptions options;
  options.sample_index = "samples";
  Result<std::string> svg = FlameGraphSvg(Cpu(), options);
  ASSERT_TRUE(svg.ok());
  EXPECT_NE(FrameOf(*svg, "bar").find("<title>bar\n3 (75.00%)"),
            std::string::npos);
  options.sample_index = "nope";
  Result<std::string> bad = FlameGraphSvg(Cpu(), options);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("nope"), std::string::npos);
}

TEST(FlameGraph, InlinedFramesAreFramesOfTheirOwn) {
  ProfileBuilder b({{"cpu", "nanoseconds"}});
  b.Add({"main", {"loop", "add"}}, {5});
  Result<std::string> svg = FlameGraphSvg(b.Build(), {});
  ASSERT_TRUE(svg.ok());
  EXPECT_EQ(Attr(FrameOf(*svg, "loop"), "data-d"), "2");
  EXPECT_EQ(Attr(FrameOf(*svg, "add"), "data-d"), "3");
}

TEST(FlameGraph, NarrowFramesTruncateTheirLabelWithEllipsis) {
  ProfileBuilder b({{"cpu", "nanoseconds"}});
  const std::string name(60, 'x');
  b.Add({"main", name}, {1});
  b.Add({"main", "wide"}, {99});
  Result<std::string> svg = FlameGraphSvg(b.Build(), {});
  ASSERT_TRUE(svg.ok());
  const std::string frame = FrameOf(*svg, name);
  // 1% of 1180 px: 11.8 px, room for one character: no label at all.
  EXPECT_NE(frame.find("></text>"), std::string::npos) << frame;
  ProfileBuilder c({{"cpu", "nanoseconds"}});
  c.Add({"main", name}, {10});
  c.Add({"main", "wide"}, {90});
  svg = FlameGraphSvg(c.Build(), {});
  ASSERT_TRUE(svg.ok());
  // 118 px: 16 characters, the last one "…".
  EXPECT_NE(FrameOf(*svg, name).find(">" + std::string(15, 'x') + "\u2026<"),
            std::string::npos)
      << FrameOf(*svg, name);
}

TEST(FlameGraph, NamesAreEscapedAndInvalidUtf8Replaced) {
  ProfileBuilder b({{"cpu", "nanoseconds"}});
  b.Add({"main", "operator<<&\"x\"", "bad\xff"}, {1});
  Result<std::string> svg = FlameGraphSvg(b.Build(), {});
  ASSERT_TRUE(svg.ok());
  EXPECT_NE(svg->find("operator&lt;&lt;&amp;&quot;x&quot;"), std::string::npos);
  EXPECT_EQ(svg->find('\xff'), std::string::npos);
  EXPECT_NE(svg->find("bad\xEF\xBF\xBD"), std::string::npos);
}

TEST(FlameGraph, TemplateArgumentsCollapsedInLabelsKeptInTitles) {
  ProfileBuilder b({{"cpu", "nanoseconds"}});
  const std::string full = "std::vector<int, std::allocator<int> >::push_back";
  b.Add({"main", full}, {1});
  Result<std::string> svg = FlameGraphSvg(b.Build(), {});
  ASSERT_TRUE(svg.ok());
  const std::string frame = FrameOf(*svg, "std::vector&lt;…&gt;::push_back");
  ASSERT_NE(frame, "") << *svg;
  EXPECT_NE(frame.find("<title>std::vector&lt;int, std::allocator"),
            std::string::npos)
      << frame;
}

TEST(FlameGraph, FullNamesLabelFramesAsTheProfileNamesThem) {
  ProfileBuilder b({{"cpu", "nanoseconds"}});
  b.Add({"main", "std::vector<int>::push_back"}, {1});
  FlameGraphOptions options;
  options.full_names = true;
  Result<std::string> svg = FlameGraphSvg(b.Build(), options);
  ASSERT_TRUE(svg.ok());
  EXPECT_NE(FrameOf(*svg, "std::vector&lt;int&gt;::push_back"), "") << *svg;
}

TEST(FlameGraph, ColoursAreAFunctionOfTheName) {
  Result<std::string> one = FlameGraphSvg(Cpu(), {});
  Result<std::string> two = FlameGraphSvg(Cpu(), {});
  ASSERT_TRUE(one.ok() && two.ok());
  EXPECT_EQ(*one, *two);
  ProfileBuilder b({{"cpu", "nanoseconds"}});
  b.Add({"runtime.main", "main.burn"}, {1});
  b.Add({"sqlite3_step"}, {1});
  Result<std::string> svg = FlameGraphSvg(b.Build(), {});
  ASSERT_TRUE(svg.ok());
  // Go frames are blue-green (g > r), native ones warm (r > g).
  std::smatch m;
  const std::string go = Attr(FrameOf(*svg, "main.burn"), "data-c");
  ASSERT_TRUE(std::regex_match(go, m, std::regex(R"(rgb\((\d+),(\d+),\d+\))")));
  EXPECT_LT(std::stoi(m[1]), std::stoi(m[2])) << go;
  const std::string c = Attr(FrameOf(*svg, "sqlite3_step"), "data-c");
  ASSERT_TRUE(std::regex_match(c, m, std::regex(R"(rgb\((\d+),(\d+),\d+\))")));
  EXPECT_GT(std::stoi(m[1]), std::stoi(m[2])) << c;
}

TEST(DiffFlameGraph, RedGrewBlueShrankPerOperation) {
  ProfileBuilder head({{"alloc_space", "bytes"}});
  head.Add({"main", "grow"}, {4096});
  head.Add({"main", "shrink"}, {1024});
  ProfileBuilder base({{"alloc_space", "bytes"}});
  base.Add({"main", "grow"}, {1024});
  base.Add({"main", "shrink"}, {1024});
  base.Add({"main", "gone"}, {2048});
  // HEAD ran 2 operations, BASE 1: grow 1024 -> 2048 B/op, shrink 1024 -> 512.
  FlameGraphOptions options;
  options.head_ops = 2;
  options.base_ops = 1;
  Result<std::string> svg =
      DiffFlameGraphSvg(head.Build(), base.Build(), options);
  ASSERT_TRUE(svg.ok()) << svg.status().message();
  const std::string grow = FrameOf(*svg, "grow");
  EXPECT_EQ(Attr(grow, "data-w"), "0.8") << "widths from HEAD";
  EXPECT_NE(grow.find("BASE 1kB/op \u2192 HEAD 2kB/op: +1kB/op (+100.00%)"),
            std::string::npos)
      << grow;
  EXPECT_EQ(Attr(grow, "data-c").rfind("rgb(255,", 0), 0u) << grow;
  const std::string shrink = FrameOf(*svg, "shrink");
  EXPECT_NE(shrink.find("-512B/op"), std::string::npos) << shrink;
  EXPECT_EQ(Attr(shrink, "data-c").find(",255)"),
            Attr(shrink, "data-c").size() - 5)
      << shrink;
  EXPECT_EQ(FrameOf(*svg, "gone"), "") << "only BASE has it";
  EXPECT_NE(svg->find("stacks only in BASE (50.00% of BASE) not drawn"),
            std::string::npos);
}

TEST(DiffFlameGraph, BaseMustHaveTheSampleType) {
  ProfileBuilder head({{"alloc_space", "bytes"}});
  head.Add({"main"}, {1});
  ProfileBuilder base({{"cpu", "nanoseconds"}});
  base.Add({"main"}, {1});
  Result<std::string> svg = DiffFlameGraphSvg(head.Build(), base.Build(), {});
  ASSERT_FALSE(svg.ok());
  EXPECT_NE(svg.status().message().find("BASE has no sample type "
                                        "\"alloc_space\""),
            std::string::npos)
      << svg.status().message();
}

}  // namespace
}  // namespace mdbprof::report
