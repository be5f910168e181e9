#include "results/run_metrics.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "gtest/gtest.h"
#include "results/internal/metric_fields.h"

namespace mdbprof::results {
namespace {

RunMetrics FullMetrics() {
  RunMetrics m;
  m.config = {"sqlite", 10,          2.5, 10, "/usr/bin/refserver",
              "1.2.3",  "refserver", "",  1,  2};
  m.timestamp = "2026-11-26T12:00:00Z";
  m.duration_s = 30.5;
  m.total_ops = 30000;
  m.writes = 27000;
  m.reads = 3000;
  m.errors = 3;
  m.errors_by_reason = {{"timeout", 2}, {"http 500", 1}};
  m.ops_per_sec = 983.6;
  m.error_rate = 0.0001;
  m.all = {1.5, 2.5, 9.75, 20.25, 31.5, 1.75};
  m.write = {1.6, 2.6, 9.8, 20.3, 31.6, 1.8};
  m.read = {0.5, 0.6, 0.9, 1.3, 2.5, 0.55};
  m.alloc_bytes_per_op = 41234.5;
  m.allocs_per_op = 312.25;
  m.alloc_samples = 123456;
  m.cpu_us_per_op = 250.5;
  m.db_cpu_us_per_op = 0;
  m.total_cpu_us_per_op = 250.5;
  m.heap_inuse_after_bytes = 12 << 20;
  m.heap_growth_bytes = -4096;  // a heap may shrink
  m.goroutines_before = 7;
  m.goroutines_after = 9;
  // server_rss_max_bytes stays "not measured".
  Verdict v;
  v.metric = "cpu_us_per_op";
  v.limit = "<= 500 (400 + 25%)";
  v.limit_value = 500;
  v.actual = 250.5;
  v.passed = true;
  Verdict unmeasured;
  unmeasured.metric = "server_rss_max_bytes";
  unmeasured.limit = "<= 100";
  unmeasured.limit_value = 100;
  unmeasured.passed = false;
  unmeasured.message = "budget failed: server_rss_max_bytes was not measured";
  m.budgets = {"budgets/sqlite.json", {v, unmeasured}};
  return m;
}

TEST(RunMetricsJson, RoundTripKeepsEveryField) {
  RunMetrics m = FullMetrics();
  std::string text = ToJson(m).dump();
  Result<RunMetrics> back = FromJson(nlohmann::json::parse(text));
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(ToJson(*back), ToJson(m));
  EXPECT_EQ(back->config.backend, "sqlite");
  EXPECT_EQ(back->config.workers, 10);
  EXPECT_EQ(back->config.warmup_s, 2.5);
  EXPECT_EQ(back->config.server_version, "1.2.3");
  EXPECT_EQ(back->config.cores, 2);
  EXPECT_EQ(back->timestamp, "2026-11-26T12:00:00Z");
  EXPECT_EQ(back->total_ops, 30000);
  EXPECT_EQ(back->errors_by_reason.at("http 500"), 1);
  EXPECT_EQ(back->all.p999_ms, 20.25);
  EXPECT_EQ(back->read.avg_ms, 0.55);
  EXPECT_EQ(back->heap_growth_bytes, -4096);
  EXPECT_FALSE(IsMeasured(back->server_rss_max_bytes));
  ASSERT_EQ(back->budgets.verdicts.size(), 2u);
  EXPECT_EQ(back->budgets.file, "budgets/sqlite.json");
  EXPECT_EQ(back->budgets.verdicts[0].limit, "<= 500 (400 + 25%)");
  EXPECT_TRUE(back->budgets.verdicts[0].passed);
  EXPECT_TRUE(std::isnan(back->budgets.verdicts[1].actual));
  EXPECT_FALSE(back->budgets.verdicts[1].passed);
}

TEST(RunMetricsJson, AttachModesServerUrlIsKeptAndAbsentWhenLaunched) {
  RunMetrics m = FullMetrics();
  EXPECT_FALSE(ToJson(m)["config"].contains("server_url"));
  m.config.server_url = "http://127.0.0.1:8080";
  nlohmann::json j = ToJson(m);
  EXPECT_EQ(j["config"]["server_url"], "http://127.0.0.1:8080");
  Result<RunMetrics> back = FromJson(j);
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(back->config.server_url, "http://127.0.0.1:8080");
  j["config"]["server_url"] = 8080;
  EXPECT_FALSE(FromJson(j).ok());
}

TEST(RunMetricsJson, BackendOrderAndExtraFilesRoundTripAndAreAbsentWhenUnset) {
  RunMetrics m = FullMetrics();
  EXPECT_FALSE(ToJson(m)["config"].contains("backend_order"));
  EXPECT_FALSE(ToJson(m)["config"].contains("extra_files"));
  m.config.backend_order = 3;
  m.config.extra_files = {{"pebble-disk-usage.txt", "disk_usage_bytes"},
                          {"pebble.log", ""}};
  nlohmann::json j = ToJson(m);
  EXPECT_FALSE(j["config"]["extra_files"][1].contains("metric"));
  Result<RunMetrics> back = FromJson(j);
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(back->config.backend_order, 3);
  EXPECT_EQ(back->config.extra_files, m.config.extra_files);
  j["config"]["extra_files"][0].erase("name");
  Result<RunMetrics> bad = FromJson(j);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("config.extra_files[0].name"),
            std::string::npos)
      << bad.status().message();
}

TEST(RunMetricsJson, UnmeasuredMetricsAreNull) {
  nlohmann::json j = ToJson(RunMetrics{});
  EXPECT_TRUE(j["latency_p99_ms"].is_null());
  EXPECT_TRUE(j["server_rss_max_bytes"].is_null());
  EXPECT_TRUE(j["budgets"].is_null());
  EXPECT_EQ(j["total_ops"], 0);
  j = ToJson(FullMetrics());
  EXPECT_EQ(j["budgets"]["passed"], false);
  EXPECT_EQ(j["errors_by_reason"]["timeout"], 2);
  EXPECT_EQ(j["avg_latency_ms"], 1.75);
}

TEST(RunMetricsJson, ReadsTheOriginalLoadTestKeys) {
  nlohmann::json j = nlohmann::json::parse(R"({
    "timestamp": "2025-01-01T00:00:00Z", "duration_s": 30, "total_ops": 100,
    "writes": 90, "reads": 10, "errors": 0, "ops_per_sec": 3.33,
    "avg_latency_ms": 2.5, "some_future_key": [1, 2]})");
  Result<RunMetrics> m = FromJson(j);
  ASSERT_TRUE(m.ok()) << m.status().message();
  EXPECT_EQ(m->writes, 90);
  EXPECT_EQ(m->all.avg_ms, 2.5);
  EXPECT_FALSE(IsMeasured(m->all.p99_ms));
  EXPECT_FALSE(IsMeasured(m->goroutines_after));
  EXPECT_TRUE(m->budgets.verdicts.empty());
}

struct JsonErrorCase {
  const char* name;
  const char* key;       // key set on a valid document ("" = replace all)
  const char* value;     // JSON text of the new value; null = erase the key
  const char* expected;  // substring of the error
};

TEST(RunMetricsJson, FromJsonErrorsNameKeyAndType) {
  const JsonErrorCase cases[] = {
      {"not an object", "", "[1]", "expected a JSON object of run metrics"},
      {"string for double", "ops_per_sec", R"("fast")",
       R"(ops_per_sec: expected a number, got "fast")"},
      {"bool for int", "total_ops", "true",
       "total_ops: expected an integer, got true"},
      {"fraction for int", "writes", "1.5",
       "writes: expected an integer, got 1.5"},
      {"missing required", "reads", nullptr,
       R"(missing key "reads" (expected an integer))"},
      {"null required", "duration_s", "null",
       "duration_s: expected a number, got null"},
      {"missing timestamp", "timestamp", nullptr, R"(missing key "timestamp")"},
      {"timestamp type", "timestamp", "12", "timestamp: expected a string"},
      {"optional wrong type", "latency_p99_ms", "{}",
       "latency_p99_ms: expected a number, got an object"},
      {"int overflow", "heap_growth_bytes", "18446744073709551615",
       "heap_growth_bytes: expected an integer in int64 range"},
      {"reasons type", "errors_by_reason", "[]",
       "errors_by_reason: expected an object, got an array"},
      {"reason count", "errors_by_reason", R"({"timeout": "x"})",
       R"(errors_by_reason.timeout: expected an integer, got "x")"},
      {"config type", "config", "3", "config: expected an object, got 3"},
      {"config int", "config", R"({"workers": "ten"})",
       R"(config.workers: expected an integer, got "ten")"},
      {"config int range", "config", R"({"cores": 5000000000})",
       "config.cores: expected an integer in int range"},
      {"config string", "config", R"({"backend": 1})",
       "config.backend: expected a string, got 1"},
      {"budgets type", "budgets", "[]", "budgets: expected an object or null"},
      {"verdicts type", "budgets", R"({"verdicts": {}})",
       "budgets.verdicts: expected an array"},
      {"verdict passed", "budgets",
       R"({"verdicts": [{"metric": "errors", "passed": "yes"}]})",
       R"(budgets.verdicts[0].passed: expected true or false, got "yes")"},
      {"verdict metric", "budgets", R"({"verdicts": [{"passed": true}]})",
       R"(budgets.verdicts[0]: missing key "metric")"},
  };
  for (const JsonErrorCase& c : cases) {
    SCOPED_TRACE(c.name);
    nlohmann::json j = ToJson(FullMetrics());
    if (std::string(c.key).empty()) {
      j = nlohmann::json::parse(c.value);
    } else if (c.value == nullptr) {
      j.erase(c.key);
    } else {
      j[c.key] = nlohmann::json::parse(c.value);
    }
    Result<RunMetrics> m = FromJson(j);
    ASSERT_FALSE(m.ok());
    EXPECT_EQ(m.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(m.status().message().find(c.expected), std::string::npos)
        << "message: " << m.status().message();
  }
}

TEST(MetricCatalog, CoversEveryNumericKeyOfTheJson) {
  std::set<std::string> numeric_keys;
  const nlohmann::json j = ToJson(FullMetrics());
  for (const auto& [key, value] : j.items()) {
    if (value.is_number()) numeric_keys.insert(key);
  }
  // server_rss_max_bytes is null in FullMetrics; count it via the catalog.
  std::set<std::string> catalog;
  for (const MetricInfo& info : MetricCatalog()) {
    catalog.insert(std::string(info.name));
  }
  for (const std::string& key : numeric_keys) {
    EXPECT_TRUE(catalog.count(key)) << key << " has no catalog entry";
  }
  EXPECT_EQ(catalog.size(), numeric_keys.size() + 1);
  EXPECT_EQ(catalog.size(), MetricCatalog().size()) << "duplicate names";
}

TEST(MetricCatalog, IntegerFlagMatchesTheFieldType) {
  RunMetrics m;
  for (const internal::MetricField& f : internal::MetricFields()) {
    internal::FieldRef ref = f.ref(m);
    EXPECT_EQ(f.info.is_integer, ref.i != nullptr) << f.info.name;
    EXPECT_NE(ref.i == nullptr, ref.d == nullptr) << f.info.name;
  }
}

TEST(MetricValue, ReadsEveryCatalogMetricFromItsJsonKey) {
  nlohmann::json j = ToJson(RunMetrics{});
  std::map<std::string, double> expected;
  int i = 0;
  for (const MetricInfo& info : MetricCatalog()) {
    ++i;
    if (info.is_integer) {
      j[std::string(info.name)] = 1000 + i;
      expected[std::string(info.name)] = 1000 + i;
    } else {
      j[std::string(info.name)] = i + 0.25;
      expected[std::string(info.name)] = i + 0.25;
    }
  }
  Result<RunMetrics> m = FromJson(j);
  ASSERT_TRUE(m.ok()) << m.status().message();
  for (const auto& [name, value] : expected) {
    Result<std::optional<double>> v = MetricValue(*m, name);
    ASSERT_TRUE(v.ok()) << name << ": " << v.status().message();
    ASSERT_TRUE(v->has_value()) << name;
    EXPECT_EQ(**v, value) << name;
    // And back: the JSON written has the same number under the same key.
    EXPECT_EQ(ToJson(*m)[name].get<double>(), value) << name;
  }
}

TEST(MetricValue, NotMeasuredIsNullopt) {
  RunMetrics m;
  for (const char* name :
       {"latency_p99_ms", "server_rss_max_bytes", "cpu_us_per_op"}) {
    Result<std::optional<double>> v = MetricValue(m, name);
    ASSERT_TRUE(v.ok()) << name;
    EXPECT_FALSE(v->has_value()) << name;
  }
  Result<std::optional<double>> errors = MetricValue(m, "errors");
  ASSERT_TRUE(errors.ok());
  EXPECT_EQ(errors->value_or(-1), 0);
}

TEST(MetricValue, UnknownNameListsCloseNames) {
  Result<std::optional<double>> v = MetricValue(RunMetrics{}, "latency_p99");
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(v.status().message().find("unknown metric \"latency_p99\""),
            std::string::npos);
  EXPECT_NE(v.status().message().find("did you mean latency_p99_ms"),
            std::string::npos)
      << v.status().message();

  v = MetricValue(RunMetrics{}, "cpu_us_per_opp");
  ASSERT_FALSE(v.ok());
  EXPECT_NE(v.status().message().find("cpu_us_per_op"), std::string::npos);

  v = MetricValue(RunMetrics{}, "zz");
  ASSERT_FALSE(v.ok());
  EXPECT_NE(v.status().message().find("known metrics: duration_s, total_ops"),
            std::string::npos)
      << v.status().message();
}

TEST(RunMetricsFile, WritesCatalogOrderAndReadsBack) {
  std::filesystem::path dir = std::filesystem::temp_directory_path() /
                              ("results_test_" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  std::string path = (dir / "load-test-results.json").string();
  ASSERT_TRUE(WriteRunMetricsFile(path, FullMetrics()).ok());
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  std::string s = text.str();
  EXPECT_LT(s.find("\"timestamp\""), s.find("\"duration_s\""));
  EXPECT_LT(s.find("\"avg_latency_ms\""), s.find("\"errors_by_reason\""));
  EXPECT_LT(s.find("\"errors_by_reason\""), s.find("\"latency_p50_ms\""));
  EXPECT_LT(s.find("\"server_rss_max_bytes\""), s.find("\"config\""));
  Result<RunMetrics> back = ReadRunMetricsFile(path);
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(ToJson(*back), ToJson(FullMetrics()));

  std::ofstream(path) << "{not json";
  back = ReadRunMetricsFile(path);
  ASSERT_FALSE(back.ok());
  EXPECT_NE(back.status().message().find(path + ": not valid JSON"),
            std::string::npos)
      << back.status().message();
  std::filesystem::remove_all(dir);

  back = ReadRunMetricsFile(path);
  ASSERT_FALSE(back.ok());
  EXPECT_EQ(back.status().code(), StatusCode::kNotFound);
  EXPECT_NE(back.status().message().find(path), std::string::npos);
}

TEST(FormatUtcTimestamp, IsIso8601Utc) {
  auto t =
      std::chrono::system_clock::time_point(std::chrono::seconds(1000000000));
  EXPECT_EQ(FormatUtcTimestamp(t), "2001-09-09T01:46:40Z");
}

}  // namespace
}  // namespace mdbprof::results
