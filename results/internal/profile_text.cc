#include "results/internal/profile_text.h"

#include "pprof/units.h"

namespace mdbprof::results::internal {
namespace {

std::string PadLeft(const std::string& s, size_t width) {
  return s.size() >= width ? s : std::string(width - s.size(), ' ') + s;
}

}  // namespace

std::string FormatSampleValue(int64_t value, std::string_view unit) {
  return pprof::ScaledLabel(value, unit, "auto");
}

std::string FormatFunctionRows(const std::vector<pprof::FunctionRow>& rows,
                               int64_t total, std::string_view unit,
                               std::string_view indent, size_t limit) {
  std::string out;
  size_t shown = 0;
  for (const pprof::FunctionRow& row : rows) {
    if (shown == limit) break;
    ++shown;
    out +=
        std::string(indent) + PadLeft(FormatSampleValue(row.flat, unit), 10) +
        " " + PadLeft(pprof::Percentage(row.flat, total), 7) + " " +
        PadLeft(FormatSampleValue(row.cum, unit), 10) + " " +
        PadLeft(pprof::Percentage(row.cum, total), 7) + "  " + row.name + "\n";
  }
  if (rows.size() > shown) {
    out += std::string(indent) + "... and " +
           std::to_string(rows.size() - shown) + " more functions\n";
  }
  return out;
}

}  // namespace mdbprof::results::internal
