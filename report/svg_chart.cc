#include "report/svg_chart.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace mdbprof::report {
namespace {

constexpr int kPanelWidth = 380;
constexpr int kHeight = 320;
constexpr int kTitleHeight = 34;
constexpr int kPlotTop = 76;      // below title and panel title
constexpr int kPlotBottom = 270;  // x-axis line
constexpr int kPlotLeft = 58;     // room for tick labels
constexpr int kPlotRight = 16;
constexpr const char* kColors[] = {"#4e79a7", "#f28e2b", "#59a14f", "#e15759",
                                   "#76b7b2", "#edc948", "#b07aa1", "#9c755f"};

std::string Escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// `v` with about three significant digits, no exponent, trailing zeros
// dropped: "950", "12.3", "0.042".
std::string Significant(double v) {
  if (v == 0) return "0";
  int digits = static_cast<int>(std::floor(std::log10(std::abs(v))));
  int decimals = std::clamp(2 - digits, 0, 6);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  std::string s = buf;
  if (s.find('.') != std::string::npos) {
    s.erase(s.find_last_not_of('0') + 1);
    if (s.back() == '.') s.pop_back();
  }
  return s;
}

// "950", "12.3", "0.042", "2.5k", "1.5M".
std::string Compact(double v) {
  double a = std::abs(v);
  if (a >= 1e6) return Significant(v / 1e6) + "M";
  if (a >= 1e3) return Significant(v / 1e3) + "k";
  return Significant(v);
}

// The smallest 1, 2 or 5 x 10^k at least `v` (1 for v <= 0).
double NiceCeiling(double v) {
  if (!(v > 0)) return 1;
  double base = std::pow(10, std::floor(std::log10(v)));
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    if (m * base >= v * (1 - 1e-12)) return m * base;
  }
  return 10 * base;
}

std::string Fixed(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

void RenderPanel(const ChartPanel& panel, int x0, std::ostringstream& svg) {
  const int plot_left = x0 + kPlotLeft;
  const int plot_right = x0 + kPanelWidth - kPlotRight;
  const double plot_height = kPlotBottom - kPlotTop;
  double top = 0;
  for (const ChartBar& bar : panel.bars) {
    top = std::max({top, bar.value.value_or(0), bar.high.value_or(0)});
  }
  const double axis_max = NiceCeiling(top);
  auto y_of = [&](double v) {
    double clamped = std::clamp(v, 0.0, axis_max);
    return kPlotBottom - clamped / axis_max * plot_height;
  };
  svg << "<g>\n<text x=\"" << x0 + kPanelWidth / 2 << "\" y=\""
      << kTitleHeight + 22
      << "\" text-anchor=\"middle\" font-size=\"14\" font-weight=\"bold\">"
      << Escape(panel.title) << "</text>\n";
  for (int i = 0; i <= 4; ++i) {
    double v = axis_max * i / 4;
    std::string y = Fixed(y_of(v));
    svg << "<line x1=\"" << plot_left << "\" y1=\"" << y << "\" x2=\""
        << plot_right << "\" y2=\"" << y << "\" stroke=\"#dddddd\"/>\n"
        << "<text x=\"" << plot_left - 6 << "\" y=\"" << y
        << "\" dy=\"4\" text-anchor=\"end\" font-size=\"11\" fill=\"#555555\">"
        << Escape(Compact(v)) << "</text>\n";
  }
  svg << "<line x1=\"" << plot_left << "\" y1=\"" << kPlotBottom << "\" x2=\""
      << plot_right << "\" y2=\"" << kPlotBottom << "\" stroke=\"#333333\"/>\n";
  const size_t n = std::max<size_t>(panel.bars.size(), 1);
  const double slot = static_cast<double>(plot_right - plot_left) / n;
  const double width = std::min(slot * 0.6, 70.0);
  for (size_t i = 0; i < panel.bars.size(); ++i) {
    const ChartBar& bar = panel.bars[i];
    const double center = plot_left + slot * (i + 0.5);
    svg << "<text x=\"" << Fixed(center) << "\" y=\"" << kPlotBottom + 18
        << "\" text-anchor=\"middle\" font-size=\"12\">" << Escape(bar.label)
        << "</text>\n";
    if (!bar.value) {
      svg << "<text x=\"" << Fixed(center) << "\" y=\"" << kPlotBottom - 8
          << "\" text-anchor=\"middle\" font-size=\"11\" fill=\"#888888\">"
             "not measured</text>\n";
      continue;
    }
    const double y = y_of(*bar.value);
    svg << "<rect x=\"" << Fixed(center - width / 2) << "\" y=\"" << Fixed(y)
        << "\" width=\"" << Fixed(width) << "\" height=\""
        << Fixed(kPlotBottom - y) << "\" fill=\""
        << kColors[i % std::size(kColors)] << "\"/>\n";
    double label_y = y;
    if (bar.low && bar.high) {
      const std::string ylo = Fixed(y_of(*bar.low)),
                        yhi = Fixed(y_of(*bar.high));
      svg << "<line x1=\"" << Fixed(center) << "\" y1=\"" << ylo << "\" x2=\""
          << Fixed(center) << "\" y2=\"" << yhi << "\" stroke=\"#222222\"/>\n";
      for (const std::string& yw : {ylo, yhi}) {
        svg << "<line x1=\"" << Fixed(center - 6) << "\" y1=\"" << yw
            << "\" x2=\"" << Fixed(center + 6) << "\" y2=\"" << yw
            << "\" stroke=\"#222222\"/>\n";
      }
      label_y = std::min(label_y, y_of(*bar.high));
    }
    svg << "<text x=\"" << Fixed(center) << "\" y=\"" << Fixed(label_y - 5)
        << "\" text-anchor=\"middle\" font-size=\"11\">"
        << Escape(Compact(*bar.value)) << "</text>\n";
  }
  svg << "</g>\n";
}

ChartPanel PanelOf(const Comparison& c, std::string title,
                   std::string_view metric) {
  ChartPanel panel{std::move(title), {}};
  for (const BackendSummary& b : c.backends) {
    ChartBar bar{b.name, std::nullopt, std::nullopt, std::nullopt};
    if (const MetricSeries* s = b.Metric(metric)) {
      bar.value = s->median;
      if (s->MeasuredCount() > 1) {
        bar.low = s->min;
        bar.high = s->max;
      }
    }
    panel.bars.push_back(std::move(bar));
  }
  return panel;
}

}  // namespace

std::string RenderBarChartSvg(std::string_view title,
                              const std::vector<ChartPanel>& panels) {
  const int width =
      kPanelWidth * static_cast<int>(std::max<size_t>(panels.size(), 1));
  std::ostringstream svg;
  svg << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << width
      << "\" height=\"" << kHeight << "\" viewBox=\"0 0 " << width << " "
      << kHeight << "\" font-family=\"sans-serif\">\n"
      << "<title>" << Escape(title) << "</title>\n"
      << "<rect x=\"0\" y=\"0\" width=\"" << width << "\" height=\"" << kHeight
      << "\" fill=\"#ffffff\"/>\n"
      << "<text x=\"" << width / 2 << "\" y=\"24\" text-anchor=\"middle\" "
      << "font-size=\"16\" font-weight=\"bold\">" << Escape(title)
      << "</text>\n";
  for (size_t i = 0; i < panels.size(); ++i) {
    RenderPanel(panels[i], static_cast<int>(i) * kPanelWidth, svg);
  }
  svg << "<text x=\"" << width - 8 << "\" y=\"" << kHeight - 8
      << "\" text-anchor=\"end\" font-size=\"10\" fill=\"#888888\">"
         "median per backend; whiskers: min-max over repetitions</text>\n"
      << "</svg>\n";
  return svg.str();
}

std::string ComparisonChartSvg(const Comparison& c) {
  return RenderBarChartSvg(
      "mdbprof: throughput, p99 latency and CPU per backend",
      {PanelOf(c, "Throughput (ops/s, higher is better)", "ops_per_sec"),
       PanelOf(c, "p99 latency (ms, lower is better)", "latency_p99_ms"),
       // Server + database processes: an out-of-process database is not
       // free beside an embedded one.
       PanelOf(c, "CPU, server + database (µs/op, lower is better)",
               "total_cpu_us_per_op")});
}

}  // namespace mdbprof::report
