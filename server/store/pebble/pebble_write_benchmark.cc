// Write throughput of the pebble store, with SQLite (file, WAL) beside it
// for scale: WriteMessage to 100 streams with a load-test-sized payload,
// single-threaded and from 8 threads (writers to one namespace serialize on
// its write mutex in both backends).
//
//   refserver_pebble_benchmark --benchmark_min_time=2
#include <benchmark/benchmark.h>

#include <atomic>
#include <memory>
#include <string>

#include "server/store/store_factory.h"
#include "server/testing/scoped_temp_dir.h"

namespace refserver {
namespace {

struct Fixture {
  testing::ScopedTempDir tmp;
  std::unique_ptr<Store> store;
  std::atomic<int64_t> next_id{0};
};

Fixture* fixture = nullptr;  // set up and torn down by thread 0

// `scheme` "pebble" or "sqlite"; the store lives in a fresh temp dir.
void BM_StoreWrite(benchmark::State& state, const std::string& scheme) {
  if (state.thread_index() == 0) {
    fixture = new Fixture;
    StoreConfig config;
    config.db_url =
        scheme + "://" + (scheme == "pebble" ? "pebble" : "registry.db");
    config.data_dir = fixture->tmp.path();
    Result<std::unique_ptr<Store>> store = OpenStore(config);
    if (!store.ok() ||
        !(*store)->CreateNamespace({"default", "h", "", "t"}).ok()) {
      state.SkipWithError("cannot open the store");
    } else {
      fixture->store = std::move(*store);
    }
  }
  NewMessage m;
  m.type = "TestEvent";
  m.data = R"({"counter":12345,"text":"load test payload for the benchmark",)"
           R"("nested":{"a":1,"b":[1,2,3],"c":"value"}})";
  m.metadata = R"({"correlationStreamName":"workflow-1"})";
  // The loop starts once every thread is here (thread 0 has set up).
  for (auto _ : state) {
    if (fixture->store == nullptr) {
      state.SkipWithError("no store");
      break;
    }
    const int64_t id = fixture->next_id.fetch_add(1);
    m.id = "bench-" + std::to_string(id);
    m.stream_name = "test-stream-" + std::to_string(id % 100);
    Result<WriteResult> w = fixture->store->WriteMessage("default", m);
    if (!w.ok()) {
      state.SkipWithError(w.status().message().c_str());
      break;
    }
  }
  state.SetItemsProcessed(state.iterations());
  if (state.thread_index() == 0) {
    delete fixture;
    fixture = nullptr;
  }
}
BENCHMARK_CAPTURE(BM_StoreWrite, pebble, std::string("pebble"))
    ->Threads(1)
    ->Threads(8)
    ->UseRealTime();
BENCHMARK_CAPTURE(BM_StoreWrite, sqlite, std::string("sqlite"))
    ->Threads(1)
    ->Threads(8)
    ->UseRealTime();

}  // namespace
}  // namespace refserver

BENCHMARK_MAIN();
