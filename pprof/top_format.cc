// FormatTop: pprof's report.printText with its labels (internal/report).
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <string>
#include <vector>

#include "pprof/int_math.h"
#include "pprof/top.h"
#include "pprof/units.h"

namespace mdbprof::pprof {
namespace {

// pprof's selectOutputUnit: a unit that shows the smallest row value as at
// least 0.01 without making the total unwieldy.
std::string SelectOutputUnit(const TopReport& report) {
  if (report.rows.empty()) return "minimum";
  int64_t min_value = 0;
  for (const FunctionRow& row : report.rows) {
    int64_t v = WrappingAbs(row.flat);
    if (v == 0) v = WrappingAbs(row.cum);
    if (v > 0 && (min_value == 0 || v < min_value)) min_value = v;
  }
  const int64_t max_value = report.total;
  if (min_value == 0) min_value = max_value;
  std::string min_unit = Scale(min_value, report.unit, "minimum").second;
  std::string max_unit = Scale(max_value, report.unit, "minimum").second;
  std::string unit = min_unit;
  // Go's int64 multiplication wraps.
  const int64_t min_times_100 =
      static_cast<int64_t>(static_cast<uint64_t>(min_value) * 100);
  if (min_unit != max_unit && min_times_100 < max_value) {
    unit = Scale(min_times_100, report.unit, "minimum").second;
  }
  return unit.empty() ? report.unit : unit;
}

// Go's time.Format(unix nanos, "2006-01-02 15:04:05 MST") in local time, as
// the pprof of Go 1.26 prints it (older ones: "Jan 2, 2006 at 3:04pm (MST)").
std::string FormatTime(int64_t nanos) {
  std::time_t seconds = static_cast<std::time_t>(nanos / 1000000000);
  if (nanos % 1000000000 < 0) --seconds;
  std::tm tm{};
  if (localtime_r(&seconds, &tm) == nullptr) return std::to_string(nanos);
  char buf[160];
  if (std::strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%S %Z", &tm) == 0) {
    return std::to_string(nanos);
  }
  return buf;
}

std::string Trim(std::string s) {
  size_t begin = s.find_first_not_of(' ');
  if (begin == std::string::npos) return "";
  return s.substr(begin, s.find_last_not_of(' ') - begin + 1);
}

std::string PadLeft(const std::string& s, size_t width) {
  return s.size() >= width ? s : std::string(width - s.size(), ' ') + s;
}

}  // namespace

std::string FormatTop(const TopReport& report) {
  const std::string output_unit = SelectOutputUnit(report);
  auto format = [&](int64_t v) {
    return ScaledLabel(v, report.unit, output_unit);
  };

  std::vector<std::string> labels;
  if (!report.file.empty()) labels.push_back("File: " + report.file);
  if (!report.build_id.empty())
    labels.push_back("Build ID: " + report.build_id);
  for (const std::string& c : report.comments) labels.push_back(c);
  if (!report.sample_type.empty())
    labels.push_back("Type: " + report.sample_type);
  if (report.time_nanos != 0)
    labels.push_back("Time: " + FormatTime(report.time_nanos));
  if (report.duration_nanos != 0) {
    std::string duration =
        ScaledLabel(report.duration_nanos, "nanoseconds", "auto");
    auto [total_nanos, total_unit] =
        Scale(report.total, report.unit, "nanoseconds");
    std::string ratio;
    if (total_unit == "ns" && total_nanos != 0) {
      ratio =
          "(" +
          Percentage(static_cast<int64_t>(total_nanos), report.duration_nanos) +
          ")";
    }
    labels.push_back("Duration: " + duration +
                     ", Total samples = " + format(report.total) + " " + ratio);
  }
  if (!report.active_filters.empty()) {
    labels.push_back("Active filters:");
    for (std::string f : report.active_filters) {
      if (f.size() > 80) f = f.substr(0, 80) + "\xe2\x80\xa6";  // "…"
      labels.push_back("   " + f);
    }
  }
  int64_t flat_sum = 0;
  for (const FunctionRow& row : report.rows)
    flat_sum = WrappingAdd(flat_sum, row.flat);
  labels.push_back("Showing nodes accounting for " + format(flat_sum) + ", " +
                   Trim(Percentage(flat_sum, report.total)) + " of " +
                   format(report.total) + " total");
  if (report.total != 0) {
    if (report.dropped_nodes > 0) {
      double cutoff = static_cast<double>(report.total) * report.node_fraction;
      int64_t shown_cutoff = std::fabs(cutoff) < 9.2e18
                                 ? WrappingAbs(static_cast<int64_t>(cutoff))
                                 : INT64_MAX;
      labels.push_back("Dropped " + std::to_string(report.dropped_nodes) +
                       (report.dropped_nodes > 1 ? " nodes" : " node") +
                       " (cum <= " + format(shown_cutoff) + ")");
    }
    const int shown = static_cast<int>(report.rows.size());
    if (shown > 0 && shown < report.rows_before_nodecount) {
      labels.push_back("Showing top " + std::to_string(shown) +
                       " nodes out of " +
                       std::to_string(report.rows_before_nodecount));
    }
  }

  std::string out;
  for (const std::string& l : labels) out += l + "\n";
  out += "      flat  flat%   sum%        cum   cum%\n";
  int64_t running = 0;
  for (const FunctionRow& row : report.rows) {
    running = WrappingAdd(running, row.flat);
    out += PadLeft(format(row.flat), 10) + " " +
           Percentage(row.flat, report.total) + " " +
           Percentage(running, report.total) + " " +
           PadLeft(format(row.cum), 10) + " " +
           Percentage(row.cum, report.total) + "  " + row.name +
           (row.inline_label.empty() ? "" : " " + row.inline_label) + "\n";
  }
  return out;
}

}  // namespace mdbprof::pprof
