#include "report/backend_files.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <optional>
#include <sstream>

namespace mdbprof::report {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) {
    s.remove_prefix(1);
  }
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) {
    s.remove_suffix(1);
  }
  return s;
}

// "12", "4.0K", "1.5MiB", "2G" -> bytes; nullopt when not a size.
std::optional<double> ParseSize(std::string_view token) {
  std::string s(token);
  char* end = nullptr;
  double value = std::strtod(s.c_str(), &end);
  if (end == s.c_str() || !(value >= 0) || !std::isfinite(value)) {
    return std::nullopt;
  }
  std::string_view suffix(end);
  double scale = 1;
  if (!suffix.empty()) {
    static constexpr char kUnits[] = "KMGTP";
    char u =
        static_cast<char>(std::toupper(static_cast<unsigned char>(suffix[0])));
    if (u == 'B' && suffix.size() == 1) return value;
    const char* at = std::char_traits<char>::find(kUnits, 5, u);
    if (at == nullptr) return std::nullopt;
    for (const char* p = kUnits; p <= at; ++p) scale *= 1024;
    suffix.remove_prefix(1);
    if (suffix != "" && suffix != "B" && suffix != "iB") return std::nullopt;
  }
  return value * scale;
}

}  // namespace

Result<double> ParseDiskUsage(std::string_view text) {
  std::istringstream in{std::string(text)};
  std::string line;
  double sum = 0;
  std::optional<double> total;
  int sizes = 0;
  for (int number = 1; std::getline(in, line); ++number) {
    std::string_view l = Trim(line);
    if (l.empty() || l.front() == '#') continue;
    size_t space = l.find_first_of(" \t");
    std::string_view size_token = l.substr(0, space);
    std::string_view name =
        space == std::string_view::npos ? "" : Trim(l.substr(space));
    std::optional<double> size = ParseSize(size_token);
    if (!size) {
      return InvalidArgument("line " + std::to_string(number) +
                             ": expected \"<size> <name>\" as du prints it, "
                             "got \"" +
                             std::string(l) + "\"");
    }
    ++sizes;
    if (name == "total") {
      total = *size;
    } else {
      sum += *size;
    }
  }
  if (sizes == 0) {
    return InvalidArgument("no sizes (expected lines \"<size> <name>\")");
  }
  return total ? *total : sum;
}

Result<int64_t> ParseNamespaceCount(std::string_view text) {
  std::string_view t = Trim(text);
  std::string_view token = t.substr(0, t.find_first_of(" \t\r\n"));
  int64_t n = -1;
  auto [ptr, ec] =
      std::from_chars(token.data(), token.data() + token.size(), n);
  if (token.empty() || ec != std::errc() ||
      ptr != token.data() + token.size() || n < 0) {
    return InvalidArgument("expected a namespace count such as \"3\", got \"" +
                           std::string(t.substr(0, 40)) + "\"");
  }
  return n;
}

bool IsBackendFileMetric(std::string_view metric) {
  return metric == "disk_usage_bytes" || metric == "namespace_count";
}

Result<double> ParseBackendFileMetric(std::string_view metric,
                                      std::string_view text) {
  if (metric == "disk_usage_bytes") return ParseDiskUsage(text);
  if (metric == "namespace_count") {
    Result<int64_t> n = ParseNamespaceCount(text);
    if (!n.ok()) return n.status();
    return static_cast<double>(*n);
  }
  return InvalidArgument("no backend file holds the metric `" +
                         std::string(metric) + "`");
}

}  // namespace mdbprof::report
