#include "report/comparison_json.h"

#include <cmath>

#include "report/report_metrics.h"
#include "results/json_read.h"

namespace mdbprof::report {
namespace {

using nlohmann::json;

json NumberOrNullJson(std::optional<double> v) {
  if (!v || !std::isfinite(*v)) return json(nullptr);
  return json(*v);
}

std::optional<double> Finite(double v) {
  return std::isfinite(v) ? std::optional<double>(v) : std::nullopt;
}

void AddVerdicts(const Repetition& rep, int repetitions, BackendSummary* b) {
  for (const results::Verdict& v : rep.metrics.budgets.verdicts) {
    VerdictSummary* summary = nullptr;
    for (VerdictSummary& s : b->verdicts) {
      if (s.metric == v.metric && s.limit == v.limit) summary = &s;
    }
    if (summary == nullptr) {
      b->verdicts.push_back({v.metric, v.limit, v.limit_value, {}, 0, {}});
      summary = &b->verdicts.back();
    }
    summary->actual.push_back(Finite(v.actual));
    if (!v.passed) {
      ++summary->failed;
      std::string message =
          v.message.empty() ? v.metric + " failed" : v.message;
      if (repetitions > 1) {
        message = "repetition " + std::to_string(rep.index) + ": " + message;
      }
      summary->messages.push_back(message);
    }
  }
}

Result<BackendSummary> Summarize(const BackendRun& run) {
  BackendSummary b;
  b.name = run.name;
  b.dir = run.dir;
  Result<Fingerprint> fingerprint = FingerprintOf(run);
  if (!fingerprint.ok()) return fingerprint.status();
  b.fingerprint = *fingerprint;
  const int reps = static_cast<int>(run.repetitions.size());
  for (const Repetition& rep : run.repetitions) {
    b.repetition_dirs.push_back(rep.dir);
    b.timestamps.push_back(rep.metrics.timestamp);
    b.server_binary = rep.metrics.config.server_binary;
    b.server_url = rep.metrics.config.server_url;
    for (const results::BackendFileRecord& f : rep.metrics.config.extra_files) {
      if (!f.metric.empty()) b.metric_files[f.metric] = f.name;
    }
    if (!rep.metrics.budgets.file.empty()) {
      b.budgets_file = rep.metrics.budgets.file;
    }
    AddVerdicts(rep, reps, &b);
    for (const std::string& note : rep.notes) {
      b.notes.push_back(reps > 1 ? "repetition " + std::to_string(rep.index) +
                                       ": " + note
                                 : note);
    }
  }
  for (const ReportMetric& metric : ReportMetrics()) {
    std::vector<std::optional<double>> values;
    for (const Repetition& rep : run.repetitions) {
      values.push_back(MetricOf(rep, metric.name));
    }
    b.metrics.emplace(std::string(metric.name), MakeSeries(std::move(values)));
  }
  return b;
}

json StringArray(const std::vector<std::string>& v) {
  json a = json::array();
  for (const std::string& s : v) a.push_back(s);
  return a;
}

json BackendToJson(const BackendSummary& b) {
  json metrics = json::object();
  for (const ReportMetric& info : ReportMetrics()) {
    const MetricSeries* s = b.Metric(info.name);
    if (s == nullptr) continue;
    json values = json::array();
    for (const std::optional<double>& v : s->values) {
      values.push_back(NumberOrNullJson(v));
    }
    metrics[std::string(info.name)] = {{"unit", info.unit},
                                       {"better", BetterName(info.better)},
                                       {"values", values},
                                       {"median", NumberOrNullJson(s->median)},
                                       {"min", NumberOrNullJson(s->min)},
                                       {"max", NumberOrNullJson(s->max)}};
  }
  json verdicts = json::array();
  for (const VerdictSummary& v : b.verdicts) {
    json actual = json::array();
    for (const std::optional<double>& a : v.actual) {
      actual.push_back(NumberOrNullJson(a));
    }
    verdicts.push_back(
        {{"metric", v.metric},
         {"limit", v.limit},
         {"limit_value", NumberOrNullJson(Finite(v.limit_value))},
         {"actual", actual},
         {"failed_repetitions", v.failed},
         {"passed", v.passed()},
         {"messages", StringArray(v.messages)}});
  }
  json out = {{"name", b.name},
              {"dir", b.dir},
              {"repetitions", b.repetitions()},
              {"repetition_dirs", StringArray(b.repetition_dirs)},
              {"fingerprint", ToJson(b.fingerprint)},
              {"server_binary", b.server_binary},
              {"timestamps", StringArray(b.timestamps)},
              {"metrics", metrics},
              {"budgets",
               {{"file", b.budgets_file},
                {"passed", b.BudgetsPassed()},
                {"verdicts", verdicts}}},
              {"notes", StringArray(b.notes)}};
  if (!b.server_url.empty()) out["server_url"] = b.server_url;
  if (!b.metric_files.empty()) {
    json files = json::object();
    for (const auto& [metric, file] : b.metric_files) files[metric] = file;
    out["metric_files"] = std::move(files);
  }
  return out;
}

Result<std::vector<std::string>> ReadStrings(const json& object,
                                             const std::string& path,
                                             const char* key) {
  std::string at = results::Join(path, key);
  auto it = object.find(key);
  if (it == object.end()) {
    return InvalidArgument(at + ": missing (expected an array of strings)");
  }
  if (!it->is_array())
    return results::TypeError(at, "an array of strings", *it);
  std::vector<std::string> out;
  for (size_t i = 0; i < it->size(); ++i) {
    if (!(*it)[i].is_string()) {
      return results::TypeError(at + "[" + std::to_string(i) + "]", "a string",
                                (*it)[i]);
    }
    out.push_back((*it)[i].get<std::string>());
  }
  return out;
}

Result<std::vector<std::optional<double>>> ReadValues(const json& j,
                                                      const std::string& at) {
  if (!j.is_array()) return results::TypeError(at, "an array of numbers", j);
  std::vector<std::optional<double>> out;
  for (size_t i = 0; i < j.size(); ++i) {
    Result<std::optional<double>> v =
        results::NumberOrNull(j[i], at + "[" + std::to_string(i) + "]");
    if (!v.ok()) return v.status();
    out.push_back(*v);
  }
  return out;
}

Result<VerdictSummary> VerdictFromJson(const json& j, const std::string& path) {
  if (!j.is_object()) return results::TypeError(path, "an object", j);
  VerdictSummary v;
  Result<std::string> metric = results::ReadString(j, path, "metric");
  if (!metric.ok()) return metric.status();
  v.metric = *metric;
  Result<std::string> limit = results::ReadString(j, path, "limit");
  if (!limit.ok()) return limit.status();
  v.limit = *limit;
  if (j.contains("limit_value")) {
    Result<std::optional<double>> lv = results::NumberOrNull(
        j["limit_value"], results::Join(path, "limit_value"));
    if (!lv.ok()) return lv.status();
    if (*lv) v.limit_value = **lv;
  }
  if (!j.contains("actual")) {
    return InvalidArgument(results::Join(path, "actual") + ": missing");
  }
  Result<std::vector<std::optional<double>>> actual =
      ReadValues(j["actual"], results::Join(path, "actual"));
  if (!actual.ok()) return actual.status();
  v.actual = *actual;
  Result<int64_t> failed = results::ReadInteger(j, path, "failed_repetitions");
  if (!failed.ok()) return failed.status();
  v.failed = static_cast<int>(*failed);
  Result<std::vector<std::string>> messages = ReadStrings(j, path, "messages");
  if (!messages.ok()) return messages.status();
  v.messages = *messages;
  return v;
}

Result<BackendSummary> BackendFromJson(const json& j, const std::string& path) {
  if (!j.is_object()) return results::TypeError(path, "an object", j);
  BackendSummary b;
  for (auto [key, out] : {std::pair{"name", &b.name}, std::pair{"dir", &b.dir},
                          std::pair{"server_binary", &b.server_binary}}) {
    Result<std::string> s = results::ReadString(j, path, key);
    if (!s.ok()) return s.status();
    *out = *s;
  }
  if (j.contains("server_url")) {  // attach mode only
    Result<std::string> url = results::ReadString(j, path, "server_url");
    if (!url.ok()) return url.status();
    b.server_url = *url;
  }
  if (j.contains("metric_files")) {  // only backends that write such files
    const std::string at = results::Join(path, "metric_files");
    const json& files = j["metric_files"];
    if (!files.is_object()) {
      return results::TypeError(at, "an object of metric -> file", files);
    }
    for (const auto& [metric, file] : files.items()) {
      Result<std::string> name = results::ReadString(files, at, metric.c_str());
      if (!name.ok()) return name.status();
      b.metric_files[metric] = *name;
    }
  }
  for (auto [key, out] :
       {std::pair{"repetition_dirs", &b.repetition_dirs},
        std::pair{"timestamps", &b.timestamps}, std::pair{"notes", &b.notes}}) {
    Result<std::vector<std::string>> s = ReadStrings(j, path, key);
    if (!s.ok()) return s.status();
    *out = *s;
  }
  if (!j.contains("fingerprint")) {
    return InvalidArgument(results::Join(path, "fingerprint") + ": missing");
  }
  Result<Fingerprint> f =
      FingerprintFromJson(j["fingerprint"], results::Join(path, "fingerprint"));
  if (!f.ok()) return f.status();
  b.fingerprint = *f;
  const std::string metrics_path = results::Join(path, "metrics");
  if (!j.contains("metrics") || !j["metrics"].is_object()) {
    return results::TypeError(metrics_path, "an object of metric -> series",
                              j.contains("metrics") ? j["metrics"] : json());
  }
  for (const auto& [name, series] : j["metrics"].items()) {
    if (FindReportMetric(name) == nullptr) continue;  // a newer writer's
    std::string at = results::Join(metrics_path, name);
    if (!series.is_object() || !series.contains("values")) {
      return results::TypeError(at, "an object with \"values\"", series);
    }
    Result<std::vector<std::optional<double>>> values =
        ReadValues(series["values"], results::Join(at, "values"));
    if (!values.ok()) return values.status();
    b.metrics.emplace(name, MakeSeries(std::move(*values)));
  }
  const std::string budgets_path = results::Join(path, "budgets");
  if (!j.contains("budgets") || !j["budgets"].is_object()) {
    return results::TypeError(budgets_path, "an object",
                              j.contains("budgets") ? j["budgets"] : json());
  }
  const json& budgets = j["budgets"];
  Result<std::string> file = results::ReadString(budgets, budgets_path, "file");
  if (!file.ok()) return file.status();
  b.budgets_file = *file;
  const json verdicts =
      budgets.contains("verdicts") ? budgets["verdicts"] : json::array();
  if (!verdicts.is_array()) {
    return results::TypeError(results::Join(budgets_path, "verdicts"),
                              "an array", verdicts);
  }
  for (size_t i = 0; i < verdicts.size(); ++i) {
    Result<VerdictSummary> v = VerdictFromJson(
        verdicts[i], budgets_path + ".verdicts[" + std::to_string(i) + "]");
    if (!v.ok()) return v.status();
    b.verdicts.push_back(std::move(*v));
  }
  return b;
}

}  // namespace

bool BackendSummary::BudgetsPassed() const {
  for (const VerdictSummary& v : verdicts) {
    if (!v.passed()) return false;
  }
  return true;
}

const MetricSeries* BackendSummary::Metric(std::string_view metric) const {
  auto it = metrics.find(metric);
  return it == metrics.end() ? nullptr : &it->second;
}

const BackendSummary* Comparison::Backend(std::string_view name) const {
  for (const BackendSummary& b : backends) {
    if (b.name == name) return &b;
  }
  return nullptr;
}

Result<Comparison> BuildComparison(const RunSet& run,
                                   const ReportContext& context) {
  Comparison c;
  c.run_dir = run.dir;
  c.generated = context.generated;
  c.machine.memory_bytes = context.memory_bytes;
  c.machine.memory_source = context.memory_source;
  for (const BackendRun& backend : run.backends) {
    Result<BackendSummary> b = Summarize(backend);
    if (!b.ok()) return b.status();
    c.machine.cores = std::max(c.machine.cores, b->fingerprint.cores);
    c.backends.push_back(std::move(*b));
  }
  c.skipped = run.skipped;
  return c;
}

json ToJson(const Comparison& c) {
  json backends = json::array();
  for (const BackendSummary& b : c.backends)
    backends.push_back(BackendToJson(b));
  json skipped = json::array();
  for (const SkippedDir& s : c.skipped) {
    skipped.push_back({{"dir", s.dir}, {"reason", s.reason}});
  }
  json memory =
      c.machine.memory_bytes ? json(*c.machine.memory_bytes) : json(nullptr);
  return {{"format", kComparisonFormat},
          {"run_dir", c.run_dir},
          {"generated", c.generated},
          {"machine",
           {{"cores", c.machine.cores},
            {"memory_bytes", memory},
            {"memory_source", c.machine.memory_source}}},
          {"backends", backends},
          {"skipped", skipped}};
}

Result<Comparison> ComparisonFromJson(const json& j) {
  if (!j.is_object()) return results::TypeError("(top level)", "an object", j);
  Result<std::string> format = results::ReadString(j, "", "format");
  if (!format.ok()) return format.status();
  if (*format != kComparisonFormat) {
    return InvalidArgument("format: expected \"" +
                           std::string(kComparisonFormat) + "\", got \"" +
                           *format + "\"");
  }
  Comparison c;
  Result<std::string> run_dir = results::ReadString(j, "", "run_dir");
  if (!run_dir.ok()) return run_dir.status();
  c.run_dir = *run_dir;
  c.generated = results::StringOr(j, "generated", "");
  if (j.contains("machine")) {
    const json& m = j["machine"];
    c.machine.cores = static_cast<int>(results::IntegerOr(m, "cores", 0));
    int64_t memory = results::IntegerOr(m, "memory_bytes", -1);
    if (memory >= 0) c.machine.memory_bytes = memory;
    c.machine.memory_source = results::StringOr(m, "memory_source", "");
  }
  if (!j.contains("backends") || !j["backends"].is_array()) {
    return results::TypeError("backends", "an array",
                              j.contains("backends") ? j["backends"] : json());
  }
  for (size_t i = 0; i < j["backends"].size(); ++i) {
    Result<BackendSummary> b = BackendFromJson(
        j["backends"][i], "backends[" + std::to_string(i) + "]");
    if (!b.ok()) return b.status();
    c.backends.push_back(std::move(*b));
  }
  if (j.contains("skipped") && j["skipped"].is_array()) {
    for (const json& s : j["skipped"]) {
      if (s.is_object()) {
        c.skipped.push_back({results::StringOr(s, "dir", ""),
                             results::StringOr(s, "reason", "")});
      }
    }
  }
  return c;
}

Result<Comparison> ReadComparisonFile(const std::string& path) {
  Result<json> j = results::ReadJsonFile(path);
  if (!j.ok()) return j.status();
  Result<Comparison> c = ComparisonFromJson(*j);
  if (!c.ok()) return c.status().WithContext(path);
  return c;
}

}  // namespace mdbprof::report
