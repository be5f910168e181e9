#include "report/fingerprint.h"

#include <gtest/gtest.h>

#include "report/testing/synthetic_run.h"

namespace mdbprof::report {
namespace {

using testing::SampleMetrics;

BackendRun RunOf(std::vector<results::RunMetrics> reps) {
  BackendRun run;
  run.name = reps.front().config.backend;
  int k = 1;
  for (results::RunMetrics& m : reps) {
    Repetition rep;
    rep.index = k;
    rep.dir = "/run/" + run.name + "/repetitions/" + std::to_string(k++);
    rep.metrics = std::move(m);
    run.repetitions.push_back(std::move(rep));
  }
  return run;
}

TEST(Fingerprint, TakesTheConfigAndTheMedianDuration) {
  results::RunMetrics a = SampleMetrics("sqlite", 100), b = a, c = a;
  a.duration_s = 30.1;
  b.duration_s = 29.9;
  c.duration_s = 30.0;
  Result<Fingerprint> f = FingerprintOf(RunOf({a, b, c}));
  ASSERT_TRUE(f.ok()) << f.status().message();
  EXPECT_EQ(f->backend, "sqlite");
  EXPECT_EQ(f->workers, 10);
  EXPECT_EQ(f->read_every, 10);
  EXPECT_EQ(f->payload, "default");
  EXPECT_DOUBLE_EQ(f->duration_s, 30.0);
  EXPECT_EQ(f->alloc_sample_rate, 524288);
}

TEST(Fingerprint, RepetitionsWithDifferentConfigsAreAnError) {
  results::RunMetrics a = SampleMetrics("sqlite", 100), b = a;
  b.config.workers = 20;
  Result<Fingerprint> f = FingerprintOf(RunOf({a, b}));
  ASSERT_FALSE(f.ok());
  EXPECT_NE(f.status().message().find("/run/sqlite/repetitions/2: repetition "
                                      "2 ran with workers 20 but repetition 1 "
                                      "with 10"),
            std::string::npos)
      << f.status().message();
}

TEST(Fingerprint, DifferencesNameEachFieldAndHonourIgnore) {
  Fingerprint base, head;
  base.backend = head.backend = "sqlite";
  base.workers = 10;
  head.workers = 20;
  base.server_version = "1.0";
  head.server_version = "1.1";
  base.duration_s = 30;
  head.duration_s = 31;  // within 10%
  std::vector<std::string> d = FingerprintDifferences(base, head);
  ASSERT_EQ(d.size(), 2u);
  EXPECT_EQ(d[0], "workers: 10 vs 20");
  EXPECT_EQ(d[1], "server_version: 1.0 vs 1.1");
  EXPECT_EQ(
      FingerprintDifferences(base, head, {"workers", "server_version"}).size(),
      0u);
  head.duration_s = 60;
  d = FingerprintDifferences(base, head, {"workers", "server_version"});
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0], "duration_s: 30 vs 60 (more than 10% apart)");
}

TEST(Fingerprint, JsonRoundTrip) {
  Fingerprint f;
  f.backend = "pebble";
  f.workers = 4;
  f.duration_s = 5.5;
  f.warmup_s = 1;
  f.read_every = 3;
  f.payload = "small";
  f.server_version = "2.0";
  f.cores = 8;
  f.alloc_sample_rate = 1;
  Result<Fingerprint> back = FingerprintFromJson(ToJson(f), "fingerprint");
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_TRUE(FingerprintDifferences(f, *back).empty());
  EXPECT_EQ(back->duration_s, 5.5);
  nlohmann::json broken = ToJson(f);
  broken["workers"] = "four";
  Result<Fingerprint> bad =
      FingerprintFromJson(broken, "backends[0].fingerprint");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(),
            "backends[0].fingerprint.workers: expected an integer, got "
            "\"four\"");
}

}  // namespace
}  // namespace mdbprof::report
