#include "report/compare_input.h"

#include <filesystem>

#include "report/report_metrics.h"
#include "results/json_read.h"
#include "results/run_layout.h"

namespace mdbprof::report {
namespace {

namespace fs = std::filesystem;

}  // namespace

Result<Comparison> LoadCompareInput(const std::string& path,
                                    const ReportContext& context) {
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    return NotFound("'" + path +
                    "' does not exist (expected a run directory or a " +
                    results::kComparisonJsonFile + ")");
  }
  if (fs::is_directory(path, ec)) {
    Result<RunSet> run = LoadRunSet(path);
    if (!run.ok()) return run.status();
    return BuildComparison(*run, context);
  }
  return ReadComparisonFile(path);
}

Result<std::map<std::string, double>> LoadMinEffects(const std::string& path) {
  Result<nlohmann::json> j = results::ReadJsonFile(path);
  if (!j.ok()) return j.status();
  std::map<std::string, double> out;
  if (!j->is_object()) return out;  // the budget loader reports that
  auto it = j->find("min_effect");
  if (it == j->end()) return out;
  if (!it->is_object()) {
    return results::TypeError(path + ": min_effect",
                              "an object of metric -> fraction such as "
                              "{\"latency_p99_ms\": 0.1}",
                              *it);
  }
  for (const auto& [metric, value] : it->items()) {
    const std::string at = path + ": min_effect." + metric;
    if (FindReportMetric(metric) == nullptr) {
      return InvalidArgument(at +
                             ": unknown metric (see `mdbprof compare "
                             "--help` for the names)");
    }
    if (!value.is_number() || !(value.get<double>() >= 0)) {
      return results::TypeError(at, "a fraction >= 0 (0.1 = 10%)", value);
    }
    out[metric] = value.get<double>();
  }
  return out;
}

Result<MinEffects> MinEffectsFor(const Comparison& head,
                                 const std::string& budgets,
                                 std::vector<std::string>* notes) {
  MinEffects out;
  std::error_code ec;
  const bool budgets_dir = !budgets.empty() && fs::is_directory(budgets, ec);
  if (!budgets.empty() && !budgets_dir && !fs::exists(budgets, ec)) {
    return NotFound("--budgets: '" + budgets + "' does not exist");
  }
  for (const BackendSummary& b : head.backends) {
    std::string path = budgets.empty() ? b.budgets_file
                       : budgets_dir
                           ? (fs::path(budgets) / (b.name + ".json")).string()
                           : budgets;
    // No budget was evaluated, or a built-in one ("(built-in ...)").
    if (path.empty() || path.front() == '(') continue;
    if (!fs::is_regular_file(path, ec)) {
      notes->push_back(b.name + ": budgets file '" + path +
                       "' not found; default minimum effect for every metric");
      continue;
    }
    Result<std::map<std::string, double>> m = LoadMinEffects(path);
    if (!m.ok()) return m.status();
    if (!m->empty()) out[b.name] = std::move(*m);
  }
  return out;
}

}  // namespace mdbprof::report
