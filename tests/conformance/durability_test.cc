// Durability: every write the server acknowledged survives the server being
// SIGKILLed mid-load and restarted on the same database (the database itself
// keeps running, as in production when only the server crashes).
#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <random>
#include <thread>
#include <vector>

#include "tests/conformance/conformance_test.h"

namespace mdbprof::conformance {
namespace {

using namespace stream_row;

class Durability : public ConformanceTest {};

struct Ack {
  int64_t position;
  int64_t global_position;
  std::string id;
};

TEST_P(Durability, AcknowledgedWritesSurviveSigkill) {
  constexpr int kWriters = 4;
  constexpr int kAcksBeforeKill = 200;
  const std::string category = UniqueName("durable");

  // A namespace created before the crash must survive it too.
  const std::string ns = UniqueName("durablens");
  json created = Ok({"ns.create", ns});
  ASSERT_TRUE(created.is_object());
  const std::string ns_token = created["token"];
  {
    RpcReply w = backend().Client(ns_token).Call(
        WriteRequest("keep-1", "T", {{"before", "crash"}}));
    ASSERT_EQ(w.status, 200) << w.Describe();
  }

  // Writers keep writing (each to its own stream, with client-chosen ids)
  // until the server dies under them.
  std::mutex mu;
  std::map<std::string, std::vector<Ack>> acked;  // stream -> acks
  std::atomic<int> total{0};
  std::atomic<bool> stop{false};
  std::atomic<int> finished{0};
  std::string first_failure;  // guarded by mu
  // Ids unique to this run of the test (it may run again in this process).
  const uint32_t run_tag = std::random_device()();
  std::vector<RpcClient> clients;
  for (int w = 0; w < kWriters; ++w) {
    clients.push_back(backend().Client(backend().admin_token()));
  }
  std::vector<std::thread> threads;
  for (int w = 0; w < kWriters; ++w) {
    threads.emplace_back([&, w] {
      RpcClient& client = clients[w];
      const std::string stream = category + "-" + std::to_string(w);
      for (int i = 0; !stop.load(); ++i) {
        char id[40];
        snprintf(id, sizeof(id), "%08x-0000-4000-8000-%04d%08d", run_tag, w, i);
        RpcReply r = client.Call(
            WriteRequest(stream, "T", {{"i", i}}, nullptr, {{"id", id}}));
        std::lock_guard<std::mutex> lock(mu);
        if (r.status != 200) {  // the server is gone, or a real error
          if (first_failure.empty()) first_failure = r.Describe();
          break;
        }
        acked[stream].push_back(Ack{r.json["position"].get<int64_t>(),
                                    r.json["globalPosition"].get<int64_t>(),
                                    id});
        ++total;
      }
      ++finished;
    });
  }
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (total.load() < kAcksBeforeKill && finished.load() == 0 &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  Status restarted = backend().KillAndRestart();  // while writes are in flight
  stop = true;
  for (std::thread& t : threads) t.join();
  ASSERT_TRUE(restarted.ok()) << restarted.message();
  ASSERT_GE(total.load(), kAcksBeforeKill)
      << "a writer stopped before the kill: " << first_failure;
  Reconnect();

  int64_t max_gp = 0;
  for (const auto& [stream, acks] : acked) {
    json rows = Ok({"stream.get", stream, {{"batchSize", -1}}});
    ASSERT_TRUE(rows.is_array()) << rows;
    // Every acknowledged write is there, at its position, unchanged; at most
    // the one write in flight at the kill may be there too.
    ASSERT_GE(rows.size(), acks.size()) << stream;
    EXPECT_LE(rows.size(), acks.size() + 1) << stream;
    for (size_t i = 0; i < acks.size(); ++i) {
      const Ack& ack = acks[i];
      ASSERT_EQ(ack.position, static_cast<int64_t>(i)) << stream;
      EXPECT_EQ(rows[i][kPosition], ack.position) << stream;
      EXPECT_EQ(rows[i][kGlobalPosition], ack.global_position) << stream;
      EXPECT_EQ(rows[i][kId], ack.id) << stream;
      EXPECT_EQ(rows[i][kData]["i"], i) << stream;
    }
    for (const json& row : rows) {
      max_gp = std::max<int64_t>(max_gp, row[kGlobalPosition]);
    }
    EXPECT_EQ(Ok({"stream.version", stream}), rows.size() - 1) << stream;
  }

  // Writing goes on after the restart: positions continue, global positions
  // are never reused, expectedVersion sees the recovered version.
  const std::string first = category + "-0";
  json version = Ok({"stream.version", first});
  ASSERT_TRUE(version.is_number_integer()) << version;
  json next = Write(first, "T", {{"after", "restart"}}, nullptr,
                    {{"expectedVersion", version}});
  ASSERT_TRUE(next.is_object());
  EXPECT_EQ(next["position"], version.get<int64_t>() + 1);
  EXPECT_GT(next["globalPosition"].get<int64_t>(), max_gp);

  // The namespace and its token survived as well.
  RpcClient tenant = backend().Client(ns_token);
  RpcReply kept = tenant.Call({"stream.get", "keep-1"});
  ASSERT_EQ(kept.status, 200) << kept.Describe();
  ASSERT_EQ(kept.json.size(), 1u) << kept.body;
  EXPECT_EQ(kept.json[0][kData]["before"], "crash");
  Ok({"ns.delete", ns});
}

MDBPROF_INSTANTIATE_CONFORMANCE(Durability);

}  // namespace
}  // namespace mdbprof::conformance
