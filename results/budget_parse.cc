// Loading and validating budget files.
#include <cmath>
#include <regex>

#include "base/text_file.h"
#include "results/budget.h"
#include "results/json_read.h"

namespace mdbprof::results {
namespace {

// Reads an optional number key of `object` into `out`.
Status OptionalNumber(const nlohmann::json& object, const std::string& path,
                      const char* key, std::optional<double>* out) {
  if (!object.contains(key)) return Status::Ok();
  Result<double> v = GetNumber(object[key], Join(path, key));
  if (!v.ok()) return v.status();
  *out = *v;
  return Status::Ok();
}

Status ParseMetricLimit(const std::string& name, const nlohmann::json& j,
                        const std::string& path, MetricLimit* limit) {
  Result<std::optional<double>> known = MetricValue(RunMetrics{}, name);
  if (!known.ok()) return known.status().WithContext(path);
  if (!j.is_object()) {
    return TypeError(path, "an object such as {\"max\": 100}", j);
  }
  MDBPROF_RETURN_IF_ERROR(CheckKnownKeys(j, path, {"max", "min", "tolerance"}));
  limit->metric = name;
  MDBPROF_RETURN_IF_ERROR(OptionalNumber(j, path, "max", &limit->max));
  MDBPROF_RETURN_IF_ERROR(OptionalNumber(j, path, "min", &limit->min));
  if (!limit->max && !limit->min) {
    return InvalidArgument(path + ": expected a \"max\" or \"min\" limit");
  }
  if (limit->max && limit->min && *limit->min > *limit->max) {
    return InvalidArgument(path + ": min (" + FormatNumber(*limit->min) +
                           ") is greater than max (" +
                           FormatNumber(*limit->max) + ")");
  }
  std::optional<double> tolerance;
  MDBPROF_RETURN_IF_ERROR(OptionalNumber(j, path, "tolerance", &tolerance));
  if (tolerance) {
    std::string at = Join(path, "tolerance");
    if (*tolerance < 0) {
      return TypeError(at, "a fraction >= 0 (0.25 = 25%)", j["tolerance"]);
    }
    if (limit->min && *tolerance >= 1) {
      return TypeError(at, "a fraction below 1 with a min limit (0.25 = 25%)",
                       j["tolerance"]);
    }
    if (*tolerance > 10) {
      return TypeError(at, "a fraction of at most 10 (0.25 = 25%)",
                       j["tolerance"]);
    }
    limit->tolerance = *tolerance;
  }
  return Status::Ok();
}

Status ParseFunctionLimit(const nlohmann::json& j, const std::string& path,
                          FunctionLimit* limit) {
  if (!j.is_object()) {
    return TypeError(path,
                     "an object such as {\"match\": \"^sqlite3\", \"sample\": "
                     "\"alloc_space\", \"max_share\": 0.5}",
                     j);
  }
  MDBPROF_RETURN_IF_ERROR(
      CheckKnownKeys(j, path, {"match", "sample", "max_share", "max_per_op"}));
  for (const char* key : {"match", "sample"}) {
    if (!j.contains(key)) {
      return InvalidArgument(path + ": missing key \"" + key +
                             "\" (expected a string)");
    }
  }
  Result<std::string> match = GetString(j["match"], Join(path, "match"));
  if (!match.ok()) return match.status();
  try {
    std::regex re(*match, std::regex::ECMAScript);
  } catch (const std::regex_error& e) {
    return InvalidArgument(Join(path, "match") +
                           ": expected a regular expression, got \"" + *match +
                           "\" (" + e.what() + ")");
  }
  limit->match = *match;
  Result<std::string> sample = GetString(j["sample"], Join(path, "sample"));
  if (!sample.ok()) return sample.status();
  if (sample->empty()) {
    return TypeError(Join(path, "sample"),
                     "a sample type name such as \"alloc_space\"", j["sample"]);
  }
  limit->sample = *sample;
  MDBPROF_RETURN_IF_ERROR(
      OptionalNumber(j, path, "max_share", &limit->max_share));
  MDBPROF_RETURN_IF_ERROR(
      OptionalNumber(j, path, "max_per_op", &limit->max_per_op));
  if (!limit->max_share && !limit->max_per_op) {
    return InvalidArgument(
        path + ": expected a \"max_share\" or \"max_per_op\" limit");
  }
  if (limit->max_share && (*limit->max_share < 0 || *limit->max_share > 1)) {
    return TypeError(Join(path, "max_share"), "a share between 0 and 1",
                     j["max_share"]);
  }
  if (limit->max_per_op && *limit->max_per_op < 0) {
    return TypeError(Join(path, "max_per_op"), "a number >= 0",
                     j["max_per_op"]);
  }
  return Status::Ok();
}

Status ParseRoot(const nlohmann::json& j, BudgetFile* budget) {
  if (!j.is_object()) {
    return InvalidArgument("expected a JSON object at the top level, got " +
                           Describe(j));
  }
  MDBPROF_RETURN_IF_ERROR(CheckKnownKeys(
      j, "", {"backend", "comment", "metrics", "functions", "min_effect"}));
  for (auto [key, out] : {std::pair{"backend", &budget->backend},
                          std::pair{"comment", &budget->comment}}) {
    if (!j.contains(key)) continue;
    Result<std::string> s = GetString(j[key], key);
    if (!s.ok()) return s.status();
    *out = *s;
  }
  if (j.contains("metrics")) {
    const nlohmann::json& metrics = j["metrics"];
    if (!metrics.is_object()) {
      return TypeError("metrics", "an object of metric name -> limit", metrics);
    }
    for (const auto& [name, value] : metrics.items()) {
      MetricLimit limit;
      MDBPROF_RETURN_IF_ERROR(
          ParseMetricLimit(name, value, Join("metrics", name), &limit));
      budget->metrics.push_back(std::move(limit));
    }
  }
  if (j.contains("functions")) {
    const nlohmann::json& functions = j["functions"];
    if (!functions.is_array()) {
      return TypeError("functions", "an array of function limits", functions);
    }
    for (size_t i = 0; i < functions.size(); ++i) {
      FunctionLimit limit;
      MDBPROF_RETURN_IF_ERROR(ParseFunctionLimit(
          functions[i], "functions[" + std::to_string(i) + "]", &limit));
      budget->functions.push_back(std::move(limit));
    }
  }
  if (j.contains("min_effect")) {
    const nlohmann::json& effects = j["min_effect"];
    if (!effects.is_object()) {
      return TypeError("min_effect",
                       "an object of metric name -> fraction such as "
                       "{\"latency_p99_ms\": 0.15}",
                       effects);
    }
    for (const auto& [name, value] : effects.items()) {
      std::string at = Join("min_effect", name);
      Result<double> v = GetNumber(value, at);
      if (!v.ok()) return v.status();
      if (!(*v >= 0))
        return TypeError(at, "a fraction >= 0 (0.1 = 10%)", value);
      budget->min_effect[name] = *v;
    }
  }
  if (budget->metrics.empty() && budget->functions.empty()) {
    return InvalidArgument(
        "expected at least one limit in \"metrics\" or \"functions\"");
  }
  return Status::Ok();
}

}  // namespace

std::optional<double> MetricLimit::EffectiveMax() const {
  if (!max) return std::nullopt;
  return *max + std::abs(*max) * tolerance;
}

std::optional<double> MetricLimit::EffectiveMin() const {
  if (!min) return std::nullopt;
  return *min - std::abs(*min) * tolerance;
}

Result<BudgetFile> ParseBudget(const std::string& text,
                               const std::string& path) {
  Result<nlohmann::json> j = ParseJsonText(text);
  if (!j.ok()) return j.status().WithContext(path);
  BudgetFile budget;
  budget.path = path;
  Status s = ParseRoot(*j, &budget);
  if (!s.ok()) return s.WithContext(path);
  return budget;
}

Result<BudgetFile> LoadBudgetFile(const std::string& path) {
  Result<std::string> text = ReadTextFile(path);
  if (!text.ok()) return text.status();
  return ParseBudget(*text, path);
}

BudgetFile ErrorsOnlyBudget() {
  BudgetFile budget;
  budget.path = "(built-in errors-only budget)";
  budget.comment = "Used for servers without a budget file: no errors.";
  MetricLimit errors;
  errors.metric = "errors";
  errors.max = 0;
  budget.metrics.push_back(errors);
  return budget;
}

}  // namespace mdbprof::results
