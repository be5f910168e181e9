// RunMetrics <-> JSON (load-test-results.json).
#include <limits>

#include "base/text_file.h"
#include "results/internal/metric_fields.h"
#include "results/json_read.h"
#include "results/run_metrics.h"

namespace mdbprof::results {
namespace {

template <typename Json>
Json NumberOrNull(double v) {
  if (!std::isfinite(v)) return Json(nullptr);
  return Json(v);
}

template <typename Json>
Json VerdictToJson(const Verdict& v) {
  Json j = Json::object();
  j["metric"] = v.metric;
  j["limit"] = v.limit;
  j["limit_value"] = NumberOrNull<Json>(v.limit_value);
  j["actual"] = NumberOrNull<Json>(v.actual);
  j["passed"] = v.passed;
  j["message"] = v.message;
  return j;
}

template <typename Json>
Json Build(const RunMetrics& m) {
  Json j = Json::object();
  j["timestamp"] = m.timestamp;
  bool wrote_reasons = false;
  for (const internal::MetricField& f : internal::MetricFields()) {
    if (!f.info.required && !wrote_reasons) {
      Json reasons = Json::object();
      for (const auto& [reason, count] : m.errors_by_reason) {
        reasons[reason] = count;
      }
      j["errors_by_reason"] = std::move(reasons);
      wrote_reasons = true;
    }
    internal::FieldRef ref = f.ref(const_cast<RunMetrics&>(m));
    std::string key(f.info.name);
    if (ref.d != nullptr) {
      j[key] = NumberOrNull<Json>(*ref.d);
    } else if (IsMeasured(*ref.i)) {
      j[key] = *ref.i;
    } else {
      j[key] = nullptr;
    }
  }
  Json config = Json::object();
  config["backend"] = m.config.backend;
  if (m.config.backend_order >= 0) {
    config["backend_order"] = m.config.backend_order;
  }
  if (!m.config.extra_files.empty()) {
    Json files = Json::array();
    for (const BackendFileRecord& f : m.config.extra_files) {
      Json file = Json::object();
      file["name"] = f.name;
      if (!f.metric.empty()) file["metric"] = f.metric;
      files.push_back(std::move(file));
    }
    config["extra_files"] = std::move(files);
  }
  config["workers"] = m.config.workers;
  config["warmup_s"] = m.config.warmup_s;
  config["read_every"] = m.config.read_every;
  config["server_binary"] = m.config.server_binary;
  config["server_version"] = m.config.server_version;
  config["server_kind"] = m.config.server_kind;
  if (!m.config.server_url.empty()) config["server_url"] = m.config.server_url;
  config["alloc_sample_rate"] = m.config.alloc_sample_rate;
  config["cores"] = m.config.cores;
  j["config"] = std::move(config);
  if (m.budgets.file.empty() && m.budgets.verdicts.empty()) {
    j["budgets"] = nullptr;
  } else {
    Json budgets = Json::object();
    budgets["file"] = m.budgets.file;
    budgets["passed"] = AllPassed(m.budgets.verdicts);
    Json verdicts = Json::array();
    for (const Verdict& v : m.budgets.verdicts) {
      verdicts.push_back(VerdictToJson<Json>(v));
    }
    budgets["verdicts"] = std::move(verdicts);
    j["budgets"] = std::move(budgets);
  }
  return j;
}

Status ReadInt(const nlohmann::json& parent, std::string_view key,
               const std::string& path, int* out) {
  if (!parent.contains(key)) return Status::Ok();
  const nlohmann::json& v = parent[std::string(key)];
  std::string at = Join(path, key);
  Result<int64_t> i = GetInteger(v, at);
  if (!i.ok()) return i.status();
  if (*i < std::numeric_limits<int>::min() ||
      *i > std::numeric_limits<int>::max()) {
    return TypeError(at, "an integer in int range", v);
  }
  *out = static_cast<int>(*i);
  return Status::Ok();
}

template <typename T, typename Getter>
Status ReadOptional(const nlohmann::json& parent, std::string_view key,
                    const std::string& path, Getter get, T* out) {
  if (!parent.contains(key)) return Status::Ok();
  auto value = get(parent[std::string(key)], Join(path, key));
  if (!value.ok()) return value.status();
  *out = *value;
  return Status::Ok();
}

// config.extra_files: [{"name": "...", "metric": "..."}] ("metric" optional).
Status ReadExtraFiles(const nlohmann::json& j, const std::string& path,
                      std::vector<BackendFileRecord>* out) {
  if (!j.is_array()) return TypeError(path, "an array", j);
  for (size_t i = 0; i < j.size(); ++i) {
    const std::string at = path + "[" + std::to_string(i) + "]";
    const nlohmann::json& file = j[i];
    if (!file.is_object()) return TypeError(at, "an object", file);
    if (!file.contains("name")) {
      return InvalidArgument(at + ".name: missing (expected a string)");
    }
    BackendFileRecord record;
    Result<std::string> name = GetString(file["name"], Join(at, "name"));
    if (!name.ok()) return name.status();
    record.name = std::move(*name);
    MDBPROF_RETURN_IF_ERROR(
        ReadOptional(file, "metric", at, GetString, &record.metric));
    out->push_back(std::move(record));
  }
  return Status::Ok();
}

Status ReadConfig(const nlohmann::json& j, RunConfig* c) {
  const std::string path = "config";
  if (!j.is_object()) return TypeError(path, "an object", j);
  MDBPROF_RETURN_IF_ERROR(
      ReadOptional(j, "backend", path, GetString, &c->backend));
  MDBPROF_RETURN_IF_ERROR(ReadInt(j, "backend_order", path, &c->backend_order));
  if (j.contains("extra_files")) {
    MDBPROF_RETURN_IF_ERROR(ReadExtraFiles(
        j["extra_files"], Join(path, "extra_files"), &c->extra_files));
  }
  MDBPROF_RETURN_IF_ERROR(ReadInt(j, "workers", path, &c->workers));
  MDBPROF_RETURN_IF_ERROR(
      ReadOptional(j, "warmup_s", path, GetNumber, &c->warmup_s));
  MDBPROF_RETURN_IF_ERROR(ReadInt(j, "read_every", path, &c->read_every));
  MDBPROF_RETURN_IF_ERROR(
      ReadOptional(j, "server_binary", path, GetString, &c->server_binary));
  MDBPROF_RETURN_IF_ERROR(
      ReadOptional(j, "server_version", path, GetString, &c->server_version));
  MDBPROF_RETURN_IF_ERROR(
      ReadOptional(j, "server_kind", path, GetString, &c->server_kind));
  MDBPROF_RETURN_IF_ERROR(
      ReadOptional(j, "server_url", path, GetString, &c->server_url));
  MDBPROF_RETURN_IF_ERROR(ReadOptional(j, "alloc_sample_rate", path, GetInteger,
                                       &c->alloc_sample_rate));
  MDBPROF_RETURN_IF_ERROR(ReadInt(j, "cores", path, &c->cores));
  return Status::Ok();
}

// A number, or NaN for null / absent.
Status ReadNumberOrNull(const nlohmann::json& parent, std::string_view key,
                        const std::string& path, double* out) {
  if (!parent.contains(key) || parent[std::string(key)].is_null()) {
    *out = kNaN;
    return Status::Ok();
  }
  return ReadOptional(parent, key, path, GetNumber, out);
}

Status ReadVerdict(const nlohmann::json& j, const std::string& path,
                   Verdict* v) {
  if (!j.is_object()) return TypeError(path, "an object", j);
  if (!j.contains("metric")) {
    return InvalidArgument(path + ": missing key \"metric\"");
  }
  if (!j.contains("passed")) {
    return InvalidArgument(path + ": missing key \"passed\"");
  }
  MDBPROF_RETURN_IF_ERROR(
      ReadOptional(j, "metric", path, GetString, &v->metric));
  MDBPROF_RETURN_IF_ERROR(ReadOptional(j, "limit", path, GetString, &v->limit));
  MDBPROF_RETURN_IF_ERROR(
      ReadOptional(j, "message", path, GetString, &v->message));
  MDBPROF_RETURN_IF_ERROR(
      ReadNumberOrNull(j, "limit_value", path, &v->limit_value));
  MDBPROF_RETURN_IF_ERROR(ReadNumberOrNull(j, "actual", path, &v->actual));
  const nlohmann::json& passed = j["passed"];
  if (!passed.is_boolean()) {
    return TypeError(Join(path, "passed"), "true or false", passed);
  }
  v->passed = passed.get<bool>();
  return Status::Ok();
}

Status ReadBudgets(const nlohmann::json& j, BudgetResults* b) {
  const std::string path = "budgets";
  if (j.is_null()) return Status::Ok();
  if (!j.is_object()) return TypeError(path, "an object or null", j);
  MDBPROF_RETURN_IF_ERROR(ReadOptional(j, "file", path, GetString, &b->file));
  if (!j.contains("verdicts")) return Status::Ok();
  const nlohmann::json& verdicts = j["verdicts"];
  if (!verdicts.is_array()) {
    return TypeError("budgets.verdicts", "an array", verdicts);
  }
  for (size_t i = 0; i < verdicts.size(); ++i) {
    Verdict v;
    MDBPROF_RETURN_IF_ERROR(ReadVerdict(
        verdicts[i], "budgets.verdicts[" + std::to_string(i) + "]", &v));
    b->verdicts.push_back(std::move(v));
  }
  return Status::Ok();
}

Status ReadMetricField(const nlohmann::json& j, const internal::MetricField& f,
                       RunMetrics* m) {
  std::string key(f.info.name);
  const char* expected = f.info.is_integer ? "an integer" : "a number";
  internal::FieldRef ref = f.ref(*m);
  if (!j.contains(key)) {
    if (f.info.required) {
      return InvalidArgument("missing key \"" + key + "\" (expected " +
                             expected + ")");
    }
  } else if (j[key].is_null()) {
    if (f.info.required) return TypeError(key, expected, j[key]);
  }
  if (!j.contains(key) || j[key].is_null()) {
    if (ref.d != nullptr) *ref.d = kNaN;
    if (ref.i != nullptr) *ref.i = kNotMeasured;
    return Status::Ok();
  }
  if (ref.d != nullptr) {
    Result<double> d = GetNumber(j[key], key);
    if (!d.ok()) return d.status();
    *ref.d = *d;
  } else {
    Result<int64_t> i = GetInteger(j[key], key);
    if (!i.ok()) return i.status();
    if (*i == kNotMeasured) return TypeError(key, "an integer", j[key]);
    *ref.i = *i;
  }
  return Status::Ok();
}

}  // namespace

nlohmann::json ToJson(const RunMetrics& metrics) {
  return Build<nlohmann::json>(metrics);
}

Result<RunMetrics> FromJson(const nlohmann::json& j) {
  if (!j.is_object()) {
    return InvalidArgument("expected a JSON object of run metrics, got " +
                           Describe(j));
  }
  RunMetrics m;
  if (!j.contains("timestamp")) {
    return InvalidArgument("missing key \"timestamp\" (expected a string)");
  }
  Result<std::string> timestamp = GetString(j["timestamp"], "timestamp");
  if (!timestamp.ok()) return timestamp.status();
  m.timestamp = *timestamp;
  for (const internal::MetricField& f : internal::MetricFields()) {
    MDBPROF_RETURN_IF_ERROR(ReadMetricField(j, f, &m));
  }
  if (j.contains("errors_by_reason") && !j["errors_by_reason"].is_null()) {
    const nlohmann::json& reasons = j["errors_by_reason"];
    if (!reasons.is_object()) {
      return TypeError("errors_by_reason", "an object", reasons);
    }
    for (const auto& [reason, count] : reasons.items()) {
      Result<int64_t> n = GetInteger(count, "errors_by_reason." + reason);
      if (!n.ok()) return n.status();
      m.errors_by_reason[reason] = *n;
    }
  }
  if (j.contains("config")) {
    MDBPROF_RETURN_IF_ERROR(ReadConfig(j["config"], &m.config));
  }
  if (j.contains("budgets")) {
    MDBPROF_RETURN_IF_ERROR(ReadBudgets(j["budgets"], &m.budgets));
  }
  return m;
}

Result<RunMetrics> ReadRunMetricsFile(const std::string& path) {
  Result<std::string> text = ReadTextFile(path);
  if (!text.ok()) return text.status();
  Result<nlohmann::json> j = ParseJsonText(*text);
  if (!j.ok()) return j.status().WithContext(path);
  Result<RunMetrics> m = FromJson(*j);
  if (!m.ok()) return m.status().WithContext(path);
  return m;
}

Status WriteRunMetricsFile(const std::string& path, const RunMetrics& metrics) {
  return WriteTextFile(path,
                       Build<nlohmann::ordered_json>(metrics).dump(2) + "\n");
}

}  // namespace mdbprof::results
