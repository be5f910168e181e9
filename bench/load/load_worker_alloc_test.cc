// Checks that the load's hot path does not allocate once warm. This binary
// replaces the global operator new to count allocations per thread.
#include <gtest/gtest.h>

#include <cstdlib>
#include <new>

#include "bench/load/fake_rpc_server.h"
#include "bench/load/latency_histogram.h"
#include "bench/load/load_worker.h"

namespace {
thread_local int64_t t_allocations = 0;
}  // namespace

void* operator new(std::size_t size) {
  ++t_allocations;
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t size) { return ::operator new(size); }
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  ++t_allocations;
  return std::malloc(size == 0 ? 1 : size);
}
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept {
  return ::operator new(size, std::nothrow);
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }

namespace mdbprof::bench {
namespace {

TEST(AllocationCounter, SeesAllocationsOnThisThread) {
  const int64_t before = t_allocations;
  auto* p = new std::string(100, 'x');  // heap string: two allocations
  delete p;
  EXPECT_GE(t_allocations - before, 2);
}

TEST(LoadWorkerHotPath, DoesNotAllocateAfterWarmUp) {
  // Writes to test-stream-3 fail with 409 and reads with 500, so the
  // failure-counting path is exercised as well.
  FakeRpcServer server(
      {.token = "tok", .conflict_stream = 3, .fail_reads = true});
  LoadConfig config;
  config.port = server.port();
  config.token = "tok";
  Result<Endpoint> endpoint = ResolveEndpoint(config.host, config.port);
  ASSERT_TRUE(endpoint.ok()) << endpoint.status().message();
  LoadWorker worker(config, 0, *endpoint);
  for (int i = 0; i < 300; ++i) worker.RunOp(std::nullopt);  // warm-up

  const int64_t before = t_allocations;
  for (int i = 0; i < 2000; ++i) {
    worker.RunOp(i % 2 == 0 ? std::optional(LoadWorker::Clock::now())
                            : std::nullopt);
    if (i % 500 == 0) worker.RequestSnapshot();  // progress path too
  }
  EXPECT_EQ(t_allocations - before, 0);

  LoadResult result;
  worker.AddTo(&result);
  EXPECT_EQ(result.total_ops(), 2300);
  EXPECT_GT(result.writes.ok, 0);
  EXPECT_GT(result.errors_by_reason.at("409 STREAM_VERSION_CONFLICT"), 0);
  EXPECT_GT(result.errors_by_reason.at("500 BACKEND_ERROR"), 0);
  EXPECT_EQ(worker.connects(), 1);
  EXPECT_EQ(server.malformed(), 0) << server.first_problem();
}

TEST(LatencyHistogramHotPath, RecordDoesNotAllocate) {
  LatencyHistogram h;
  const int64_t before = t_allocations;
  for (int64_t v = 1; v < 100'000'000'000; v = v * 3 / 2 + 1) h.Record(v);
  EXPECT_EQ(t_allocations - before, 0);
}

}  // namespace
}  // namespace mdbprof::bench
