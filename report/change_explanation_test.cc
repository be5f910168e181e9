#include "report/change_explanation.h"

#include <gtest/gtest.h>

#include "pprof/testing/profile_builder.h"
#include "report/compare.h"
#include "report/compare_format.h"
#include "report/compare_input.h"
#include "report/testing/synthetic_run.h"
#include "results/run_layout.h"

namespace mdbprof::report {
namespace {

using pprof::testing::ProfileBuilder;
using testing::SampleMetrics;
using testing::TempDir;
using testing::WriteBackend;
using testing::WriteFile;

constexpr double kOpsPerSec = 1000;  // SampleMetrics: 30 s -> 30000 ops
constexpr int64_t kOps = 30000;
constexpr int64_t kCpuPeriod = 10'000'000;  // 10 ms
constexpr int64_t kCpuSeconds = 10;         // 10000 ops in the profile
constexpr int64_t kOpsInCpuProfile = 10000;

void WriteProfile(const std::string& path, ProfileBuilder& b) {
  WriteFile(path, pprof::testing::Gzip(pprof::testing::Serialize(b.proto())));
}

ProfileBuilder Allocs() {
  return ProfileBuilder({{"alloc_objects", "count"},
                         {"alloc_space", "bytes"},
                         {"inuse_objects", "count"},
                         {"inuse_space", "bytes"}});
}

// Profiles of one repetition: every op allocates 100 B in json::parse and
// spends 50 µs in Store::Write; with `extra`, main.burn allocates one more
// 1 KiB object per op and main.spin spends 100 µs per op (100 samples).
void WriteProfiles(const std::string& dir, bool extra) {
  ProfileBuilder before = Allocs();
  before.Add({"main", "Server::Start"}, {10, 4096, 10, 4096});
  WriteProfile(dir + "/" + results::kAllocsBeforeFile, before);
  ProfileBuilder after = Allocs();
  after.Add({"main", "Server::Start"}, {10, 4096, 10, 4096});
  after.Add({"main", "json::parse"}, {kOps, kOps * 100, 0, 0});
  // Endpoint allocations, left out of the delta (load_deltas.h).
  after.Add({"runtime/pprof.writeHeap"}, {5, 1 << 20, 0, 0});
  if (extra) after.Add({"main", "main.burn"}, {kOps, kOps * 1024, 0, 0});
  WriteProfile(dir + "/" + results::kAllocsAfterFile, after);

  ProfileBuilder cpu({{"samples", "count"}, {"cpu", "nanoseconds"}});
  cpu.SetPeriod("cpu", "nanoseconds", kCpuPeriod);
  cpu.SetTime(1, kCpuSeconds * 1'000'000'000);
  const int64_t write_ns = kOpsInCpuProfile * 50'000;
  cpu.Add({"main", "Store::Write"}, {write_ns / kCpuPeriod, write_ns});
  if (extra) {
    const int64_t spin_ns = kOpsInCpuProfile * 100'000;
    cpu.Add({"main", "main.spin"}, {spin_ns / kCpuPeriod, spin_ns});
  }
  WriteProfile(dir + "/" + results::kCpuFile, cpu);
}

class ChangeExplanationTest : public ::testing::Test {
 protected:
  // A sqlite run of `reps` repetitions at allocation sampling rate 1, with
  // the profiles of WriteProfiles(extra).
  std::string Run(const std::string& name, int reps, bool extra) {
    std::vector<results::RunMetrics> metrics;
    for (int k = 0; k < reps; ++k) {
      metrics.push_back(SampleMetrics("sqlite", kOpsPerSec));
      metrics.back().config.alloc_sample_rate = 1;
      if (extra) {
        metrics.back().alloc_bytes_per_op += 1024;
        metrics.back().allocs_per_op += 1;
        metrics.back().cpu_us_per_op += 100;
      }
    }
    const std::string run = tmp_.path() + "/" + name;
    WriteBackend(run, "sqlite", metrics, /*with_profiles=*/false);
    for (int k = 1; k <= reps; ++k) {
      WriteProfiles(reps == 1 ? run + "/sqlite"
                              : results::RepetitionDir(run + "/sqlite", k),
                    extra);
    }
    return run;
  }

  CompareResult CompareRuns(const std::string& base, const std::string& head) {
    Result<Comparison> b = LoadCompareInput(base, context_);
    Result<Comparison> h = LoadCompareInput(head, context_);
    EXPECT_TRUE(b.ok() && h.ok());
    if (!b.ok() || !h.ok()) return {};
    CompareResult r = Compare(*b, *h, CompareOptions{});
    AddChangeExplanations(*b, *h, 5, &r);
    return r;
  }

  static const ChangeExplanation* Find(const CompareResult& r,
                                       const std::string& metric) {
    for (const ChangeExplanation& e : r.explanations) {
      if (e.metric == metric) return &e;
    }
    return nullptr;
  }

  TempDir tmp_;
  ReportContext context_{"2026-11-26T13:00:00Z", std::nullopt, ""};
};

TEST_F(ChangeExplanationTest, AKibPerOpFunctionIsNamedWithItsPerOpDelta) {
  CompareResult r =
      CompareRuns(Run("base", 3, false), Run("head", 3, /*extra=*/true));
  const ChangeExplanation* e = Find(r, "alloc_bytes_per_op");
  ASSERT_NE(e, nullptr) << FormatCompareText(r);
  EXPECT_TRUE(e->error.empty()) << e->error;
  EXPECT_TRUE(e->exact);
  EXPECT_EQ(e->base_repetitions, 3);
  ASSERT_EQ(e->functions.size(), 1u) << "only main.burn rose";
  EXPECT_EQ(e->functions[0].function, "main.burn");
  EXPECT_DOUBLE_EQ(e->functions[0].delta, 1024);
  EXPECT_FALSE(e->functions[0].delta_se.has_value()) << "rate 1 is exact";
  EXPECT_EQ(FormatFunctionChange(e->functions[0], e->unit),
            "main.burn  +1.0 KiB/op (+1 alloc/op)");

  const std::string md = FormatCompareMarkdown(r);
  EXPECT_NE(md.find("`main.burn`  +1.0 KiB/op (+1 alloc/op)"),
            std::string::npos)
      << md;
  EXPECT_NE(FormatCompareText(r).find("main.burn  +1.0 KiB/op"),
            std::string::npos);
  const nlohmann::json json = CompareResultToJson(r);
  ASSERT_TRUE(json.contains("explanations"));
  bool found = false;
  for (const nlohmann::json& x : json["explanations"]) {
    if (x["metric"] != "alloc_bytes_per_op") continue;
    found = true;
    EXPECT_EQ(x["functions"][0]["function"], "main.burn");
    EXPECT_DOUBLE_EQ(x["functions"][0]["delta_per_op"].get<double>(), 1024);
  }
  EXPECT_TRUE(found) << json.dump(2);
}

TEST_F(ChangeExplanationTest, CpuDeltaIsPerOpInTheProfileWindowWithItsError) {
  CompareResult r =
      CompareRuns(Run("base", 1, false), Run("head", 1, /*extra=*/true));
  const ChangeExplanation* e = Find(r, "cpu_us_per_op");
  ASSERT_NE(e, nullptr) << FormatCompareText(r);
  EXPECT_FALSE(e->exact);
  ASSERT_EQ(e->functions.size(), 1u);
  const FunctionChange& f = e->functions[0];
  EXPECT_EQ(f.function, "main.spin");
  EXPECT_NEAR(f.delta, 100'000, 1e-6) << "ns per op";
  // 100 samples of 10 ms over 10000 ops: SE = sqrt(100) * 10 ms / 10000.
  ASSERT_TRUE(f.delta_se.has_value());
  EXPECT_NEAR(*f.delta_se, 10'000, 1e-6);
  EXPECT_EQ(FormatFunctionChange(f, e->unit),
            "main.spin  +100.0 µs/op ± 10.0 µs/op");
  EXPECT_NE(FormatCompareMarkdown(r).find("`main.spin`  +100.0 µs/op"),
            std::string::npos);
}

TEST_F(ChangeExplanationTest, AnUnchangedMetricHasNoExplanation) {
  CompareResult r = CompareRuns(Run("base", 3, false), Run("head", 3, false));
  EXPECT_TRUE(r.explanations.empty()) << FormatCompareText(r);
}

TEST_F(ChangeExplanationTest, MissingProfilesAreNamedInTheError) {
  std::optional<ChangeExplanation> e =
      ExplainChange("sqlite", "alloc_bytes_per_op", {tmp_.path() + "/nowhere"},
                    {tmp_.path() + "/nowhere"}, true, 5);
  ASSERT_TRUE(e.has_value());
  EXPECT_NE(e->error.find("BASE: "), std::string::npos) << e->error;
  EXPECT_NE(e->error.find("nowhere"), std::string::npos) << e->error;
  EXPECT_FALSE(ExplainChange("sqlite", "latency_p99_ms", {}, {}, true, 5));
}

TEST(FormatPerOpDelta, UsesReadableUnits) {
  EXPECT_EQ(FormatPerOpDelta(8192, "bytes"), "+8.0 KiB/op");
  EXPECT_EQ(FormatPerOpDelta(-500, "bytes"), "-500 B/op");
  EXPECT_EQ(FormatPerOpDelta(1, "allocs"), "+1 alloc/op");
  EXPECT_EQ(FormatPerOpDelta(-3, "allocs"), "-3 allocs/op");
  EXPECT_EQ(FormatPerOpDelta(924, "bytes"), "+0.90 KiB/op");
  EXPECT_EQ(FormatPerOpDelta(0.004, "allocs"), "+0.004 alloc/op");
  EXPECT_EQ(FormatPerOpDelta(2500, "ns"), "+2.5 µs/op");
}

}  // namespace
}  // namespace mdbprof::report
