#include "bench/profile_metrics.h"

#include <array>
#include <cmath>
#include <fstream>
#include <iterator>
#include <map>

#include "gtest/gtest.h"
#include "proto/profile.pb.h"

namespace mdbprof::bench {
namespace {

using perftools::profiles::Profile;

// Stack names, leaf first.
using Stack = std::vector<std::string>;

// A Go-style allocation profile with one sample per (stack, values):
// alloc_objects, alloc_space, inuse_objects, inuse_space.
pprof::Profile AllocProfile(
    const std::vector<std::pair<Stack, std::array<int64_t, 4>>>& samples) {
  Profile p;
  auto str = [&p](const std::string& s) -> int64_t {
    for (int i = 0; i < p.string_table_size(); ++i) {
      if (p.string_table(i) == s) return i;
    }
    p.add_string_table(s);
    return p.string_table_size() - 1;
  };
  str("");
  for (auto [type, unit] : {std::pair{"alloc_objects", "count"},
                            {"alloc_space", "bytes"},
                            {"inuse_objects", "count"},
                            {"inuse_space", "bytes"}}) {
    auto* st = p.add_sample_type();
    st->set_type(str(type));
    st->set_unit(str(unit));
  }
  std::map<std::string, uint64_t> ids;
  auto location = [&](const std::string& name) {
    auto it = ids.find(name);
    if (it != ids.end()) return it->second;
    uint64_t id = ids.size() + 1;
    auto* f = p.add_function();
    f->set_id(id);
    f->set_name(str(name));
    f->set_system_name(str(name));
    auto* l = p.add_location();
    l->set_id(id);
    l->add_line()->set_function_id(id);
    ids[name] = id;
    return id;
  };
  for (const auto& [stack, values] : samples) {
    auto* s = p.add_sample();
    for (const std::string& name : stack) s->add_location_id(location(name));
    for (int64_t v : values) s->add_value(v);
  }
  Result<pprof::Profile> profile = pprof::Profile::FromProto(std::move(p));
  EXPECT_TRUE(profile.ok()) << profile.status().message();
  return std::move(*profile);
}

// Exactness is read off the profile: real Go heap profiles state their rate
// in `period` (runtime.MemProfileRate).
TEST(ShownAllocSampleRate, ReadsTheRateTheProfileStates) {
  auto load = [](const std::string& name) {
    std::ifstream in(
        std::string(MDBPROF_SOURCE_DIR) + "/tests/testdata/go/" + name,
        std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)),
                      std::istreambuf_iterator<char>());
    Result<pprof::Profile> p = pprof::ParseProfile(bytes);
    EXPECT_TRUE(p.ok()) << name << ": " << p.status().message();
    return std::move(*p);
  };
  EXPECT_EQ(ShownAllocSampleRate(load("allocs.prof")), 1)
      << "GODEBUG-style rate 1: every allocation";
  EXPECT_EQ(ShownAllocSampleRate(load("allocs-default.prof")), 512 * 1024);
  EXPECT_EQ(ShownAllocSampleRate(AllocProfile({{{"A"}, {1, 10, 1, 64}}})), 0)
      << "a profile that states no rate is not exact";
}

TEST(GoroutineCount, SumsTheFirstSampleType) {
  pprof::Profile threads = AllocProfile({
      {{"worker"}, {8, 0, 0, 0}},
      {{"main"}, {1, 0, 0, 0}},
  });
  EXPECT_EQ(GoroutineCount(threads), 9);
}

LoadResult SampleLoad() {
  LoadResult load;
  load.elapsed_s = 2.0;
  load.writes.ok = 90;
  load.writes.errors = 1;
  load.reads.ok = 10;
  load.errors_by_reason = {{"409 STREAM_VERSION_CONFLICT", 1}};
  for (int i = 0; i < 90; ++i) load.writes.latency.Record(1'000'000);
  for (int i = 0; i < 10; ++i) load.reads.latency.Record(2'000'000);
  load.all.Merge(load.writes.latency);
  load.all.Merge(load.reads.latency);
  return load;
}

TEST(FillLoadMetrics, CountsRatesAndLatencies) {
  results::RunMetrics m;
  FillLoadMetrics(SampleLoad(), &m);
  EXPECT_EQ(m.duration_s, 2.0);
  EXPECT_EQ(m.total_ops, 100) << "successful operations";
  EXPECT_EQ(m.writes, 90);
  EXPECT_EQ(m.reads, 10);
  EXPECT_EQ(m.errors, 1);
  EXPECT_DOUBLE_EQ(m.error_rate, 1.0 / 101);
  EXPECT_DOUBLE_EQ(m.ops_per_sec, 50);
  EXPECT_DOUBLE_EQ(m.all.avg_ms, 1.1);
  EXPECT_NEAR(m.all.p50_ms, 1.0, 1.0 / 128);
  EXPECT_NEAR(m.all.p99_ms, 2.0, 2.0 / 128);
  EXPECT_DOUBLE_EQ(m.all.max_ms, 2.0);
  EXPECT_NEAR(m.write.p99_ms, 1.0, 1.0 / 128);
  EXPECT_NEAR(m.read.p50_ms, 2.0, 2.0 / 128);
  EXPECT_EQ(m.errors_by_reason.at("409 STREAM_VERSION_CONFLICT"), 1);
}

TEST(FillLoadMetrics, AnEmptyKindIsNotMeasured) {
  LoadResult load;
  load.elapsed_s = 1;
  results::RunMetrics m;
  FillLoadMetrics(load, &m);
  EXPECT_TRUE(std::isnan(m.read.p50_ms));
  EXPECT_TRUE(std::isnan(m.error_rate));
}

TEST(FillAllocAndCpuMetrics, DivideBySuccessfulOperations) {
  results::RunMetrics m;
  FillLoadMetrics(SampleLoad(), &m);
  pprof::Profile empty = AllocProfile({});
  results::AllocDelta delta{empty, 2500, 25, 2};
  FillAllocMetrics(delta, &m);
  EXPECT_DOUBLE_EQ(m.alloc_bytes_per_op, 25);
  EXPECT_DOUBLE_EQ(m.allocs_per_op, 0.25);
  EXPECT_EQ(m.alloc_samples, 2);
  FillCpuMetrics(200'000, 50'000, &m);
  EXPECT_DOUBLE_EQ(m.cpu_us_per_op, 2000);
  EXPECT_DOUBLE_EQ(m.db_cpu_us_per_op, 500);
  EXPECT_DOUBLE_EQ(m.total_cpu_us_per_op, 2500);
}

TEST(FillAllocAndCpuMetrics, NoOperationsMeansNotMeasured) {
  results::RunMetrics m;
  FillLoadMetrics(LoadResult{}, &m);
  FillCpuMetrics(1000, 0, &m);
  EXPECT_TRUE(std::isnan(m.cpu_us_per_op));
  EXPECT_TRUE(std::isnan(m.ops_per_sec));
}

}  // namespace
}  // namespace mdbprof::bench
