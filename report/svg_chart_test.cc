#include "report/svg_chart.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace mdbprof::report {
namespace {

// A minimal XML well-formedness check: one root element named `root`, every
// start tag closed in order, attribute values quoted, '&' only in entities,
// no '<' in text. Returns "" or what is wrong.
std::string CheckXml(const std::string& xml, const std::string& root) {
  std::vector<std::string> open;
  bool seen_root = false;
  size_t i = 0;
  if (xml.rfind("<?xml", 0) == 0) i = xml.find("?>") + 2;
  while (i < xml.size()) {
    if (xml[i] == '&') {
      size_t semi = xml.find(';', i);
      std::string entity =
          xml.substr(i, semi == std::string::npos ? 6 : semi - i + 1);
      if (entity != "&amp;" && entity != "&lt;" && entity != "&gt;" &&
          entity != "&quot;" && entity != "&apos;") {
        return "bad entity " + entity;
      }
      i = semi + 1;
      continue;
    }
    if (xml[i] != '<') {
      if (open.empty() && !isspace(static_cast<unsigned char>(xml[i]))) {
        return "text outside the root at " + std::to_string(i);
      }
      ++i;
      continue;
    }
    size_t end = i + 1;
    char quote = 0;
    while (end < xml.size() && (quote || xml[end] != '>')) {
      if (quote && xml[end] == quote) {
        quote = 0;
      } else if (!quote && (xml[end] == '"' || xml[end] == '\'')) {
        quote = xml[end];
      } else if (!quote && xml[end] == '<') {
        return "'<' inside a tag at " + std::to_string(end);
      }
      ++end;
    }
    if (end >= xml.size()) return "unterminated tag";
    std::string tag = xml.substr(i + 1, end - i - 1);
    if (tag.empty()) return "empty tag";
    if (tag[0] == '/') {
      std::string name = tag.substr(1);
      if (open.empty() || open.back() != name)
        return "unbalanced </" + name + ">";
      open.pop_back();
    } else {
      bool self_closing = tag.back() == '/';
      std::string name = tag.substr(0, tag.find_first_of(" \t\n/"));
      if (open.empty()) {
        if (seen_root) return "second root element <" + name + ">";
        if (name != root) return "root is <" + name + ">";
        seen_root = true;
      }
      if (!self_closing) open.push_back(name);
    }
    i = end + 1;
  }
  if (!open.empty()) return "unclosed <" + open.back() + ">";
  return seen_root ? "" : "no root";
}

Comparison ThreeBackends() {
  Comparison c;
  for (auto [name, ops, p99, cpu] :
       {std::tuple{"sqlite", 1200.0, 4.5, 250.0},
        std::tuple{"postgres", 800.0, 9.0, 370.0},
        std::tuple{"pebble", 2500.0, 2.0, 260.0}}) {
    BackendSummary b;
    b.name = name;
    b.metrics["ops_per_sec"] = MakeSeries({ops, ops * 1.1, ops * 0.9});
    b.metrics["latency_p99_ms"] = MakeSeries({p99});
    b.metrics["total_cpu_us_per_op"] = MakeSeries({cpu});
    c.backends.push_back(b);
  }
  return c;
}

TEST(SvgChart, IsWellFormedAndNamesEveryBackend) {
  std::string svg = ComparisonChartSvg(ThreeBackends());
  EXPECT_EQ(CheckXml(svg, "svg"), "");
  EXPECT_NE(svg.find("xmlns=\"http://www.w3.org/2000/svg\""),
            std::string::npos);
  for (const char* name : {"sqlite", "postgres", "pebble"}) {
    EXPECT_NE(svg.find(std::string(">") + name + "</text>"), std::string::npos)
        << name;
  }
  EXPECT_NE(svg.find("Throughput (ops/s"), std::string::npos);
  EXPECT_NE(svg.find("p99 latency (ms"), std::string::npos);
  EXPECT_NE(svg.find("CPU, server + database (µs/op"), std::string::npos)
      << "cross-backend CPU is the total";
  EXPECT_NE(svg.find(">2.5k</text>"), std::string::npos);  // pebble's bar
  // Three bars per panel (ops/s, p99, total CPU), plus the background.
  size_t rects = 0;
  for (size_t p = svg.find("<rect"); p != std::string::npos;
       p = svg.find("<rect", p + 1)) {
    ++rects;
  }
  EXPECT_EQ(rects, 10u);
}

TEST(SvgChart, SelfContained) {
  std::string svg = ComparisonChartSvg(ThreeBackends());
  for (const char* banned : {"<script", "href", "@import", "@font-face", "url(",
                             "<image", "<foreignObject"}) {
    EXPECT_EQ(svg.find(banned), std::string::npos) << banned;
  }
}

TEST(SvgChart, EscapesTextAndMarksMissingValues) {
  ChartPanel panel{"a < b & c",
                   {{"x\"y", std::nullopt, std::nullopt, std::nullopt},
                    {"z", 3.0, std::nullopt, std::nullopt}}};
  std::string svg = RenderBarChartSvg("t&t", {panel});
  EXPECT_EQ(CheckXml(svg, "svg"), "");
  EXPECT_NE(svg.find("a &lt; b &amp; c"), std::string::npos);
  EXPECT_NE(svg.find("x&quot;y"), std::string::npos);
  EXPECT_NE(svg.find("not measured"), std::string::npos);
}

TEST(SvgChart, CheckerRejectsBrokenDocuments) {
  EXPECT_NE(CheckXml("<svg><g></svg>", "svg"), "");
  EXPECT_NE(CheckXml("<svg>a & b</svg>", "svg"), "");
  EXPECT_NE(CheckXml("<svg></svg><svg></svg>", "svg"), "");
  EXPECT_EQ(CheckXml("<svg><g a=\"1>2\"/></svg>", "svg"), "");
}

}  // namespace
}  // namespace mdbprof::report
