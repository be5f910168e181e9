#include "report/value_format.h"

#include <cctype>
#include <cmath>
#include <cstdio>

#include "results/verdict.h"

namespace mdbprof::report {

std::string FormatValue(double value, std::string_view unit) {
  char buf[48];
  if (unit == "bytes") {
    static constexpr const char* kUnits[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    double v = value;
    size_t i = 0;
    while (std::abs(v) >= 1024 && i + 1 < std::size(kUnits)) {
      v /= 1024;
      ++i;
    }
    if (i == 0) return results::FormatNumber(value) + " B";
    std::snprintf(buf, sizeof buf, "%.3g %s", v, kUnits[i]);
    return buf;
  }
  if (unit == "ratio") {
    std::snprintf(buf, sizeof buf, "%.3g%%", value * 100);
    return buf;
  }
  return results::FormatNumber(value);
}

std::string FormatSeries(const MetricSeries& s, std::string_view unit) {
  if (!s.median) return "—";
  std::string out = FormatValue(*s.median, unit);
  const std::string lo = FormatValue(*s.min, unit);
  const std::string hi = FormatValue(*s.max, unit);
  if (lo != hi) out += " [" + lo + "–" + hi + "]";
  return out;
}

std::string MarkdownCell(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '|') {
      out += "\\|";
    } else if (c == '\n' || c == '\r') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

std::string ShellQuote(std::string_view path) {
  bool plain = !path.empty();
  for (char c : path) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) ||
          std::string_view("/._-+=:,@").find(c) != std::string_view::npos)) {
      plain = false;
    }
  }
  if (plain) return std::string(path);
  std::string out = "'";
  for (char c : path) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

}  // namespace mdbprof::report
