#include "server/profiler/pprof_routes.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>

#include "server/profiler/alloc_sampler.h"
#include "server/profiler/gzip.h"
#include "server/profiler/profile_test_util.h"
#include "server/profiler/thread_stacks.h"

namespace refserver::profiler {
namespace {

using testing::IsWellFormed;

__attribute__((noipa)) uint64_t BurnForPprofRoutes(std::atomic<bool>* stop) {
  uint64_t x = 3;
  while (!stop->load(std::memory_order_relaxed)) {
    x = x * 6364136223846793005ull + 1;
    asm volatile("" : "+r"(x));
  }
  return x;
}

// Serves the pprof routes on a free loopback port for one test.
class PprofRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    RegisterPprofRoutes(server_);
    port_ = server_.bind_to_any_port("127.0.0.1");
    ASSERT_GT(port_, 0);
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }
  void TearDown() override {
    server_.stop();
    thread_.join();
  }

  httplib::Result Get(const std::string& path) {
    httplib::Client client("127.0.0.1", port_);
    client.set_read_timeout(30, 0);
    return client.Get(path);
  }

  // GETs `path` and parses the gzipped profile it returns.
  perftools::profiles::Profile GetProfile(const std::string& path,
                                          std::string* body = nullptr) {
    httplib::Result res = Get(path);
    perftools::profiles::Profile p;
    EXPECT_TRUE(res) << path << ": no response";
    if (!res) return p;
    EXPECT_EQ(res->status, 200) << path << ": " << res->body;
    EXPECT_EQ(res->get_header_value("Content-Type"),
              "application/octet-stream");
    mdbprof::Result<std::string> raw = GzipDecompress(res->body);
    EXPECT_TRUE(raw.ok()) << path << ": " << raw.status().message();
    if (!raw.ok()) return p;
    EXPECT_TRUE(p.ParseFromString(*raw)) << path << ": not a profile.proto";
    EXPECT_TRUE(IsWellFormed(p)) << path;
    if (body != nullptr) *body = res->body;
    return p;
  }

  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
};

TEST_F(PprofRoutesTest, BadSecondsAreRejectedWithAMessage) {
  for (const char* bad : {"abc", "0", "-1", "601", "1.5", "", "10s"}) {
    httplib::Result res =
        Get(std::string("/debug/pprof/profile?seconds=") + bad);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400) << "seconds=" << bad;
    EXPECT_NE(res->body.find("seconds"), std::string::npos) << res->body;
  }
}

TEST_F(PprofRoutesTest, ParseProfileSecondsDefaultsAndBounds) {
  EXPECT_EQ(*ParseProfileSeconds(""), 30);
  EXPECT_EQ(*ParseProfileSeconds("1"), 1);
  EXPECT_EQ(*ParseProfileSeconds("600"), 600);
  EXPECT_FALSE(ParseProfileSeconds("601").ok());
  EXPECT_FALSE(ParseProfileSeconds(" 5").ok());
}

TEST_F(PprofRoutesTest, ServesHeapAllocsAndGoroutine) {
  perftools::profiles::Profile heap = GetProfile("/debug/pprof/heap?gc=1");
  ASSERT_EQ(heap.sample_type_size(), 4);
  EXPECT_EQ(heap.default_sample_type(), 0);
  EXPECT_EQ(heap.string_table(heap.sample_type(3).type()), "inuse_space");
  perftools::profiles::Profile allocs = GetProfile("/debug/pprof/allocs");
  EXPECT_EQ(allocs.string_table(allocs.default_sample_type()), "alloc_space");
  perftools::profiles::Profile threads = GetProfile("/debug/pprof/goroutine");
  EXPECT_GE(threads.sample_size(), 2);  // at least this thread + the server's
  httplib::Result bad_gc = Get("/debug/pprof/heap?gc=yes");
  ASSERT_TRUE(bad_gc);
  EXPECT_EQ(bad_gc->status, 400);
  httplib::Result text = Get("/debug/pprof/heap?debug=1");
  ASSERT_TRUE(text);
  EXPECT_EQ(text->status, 400);
  httplib::Result index = Get("/debug/pprof/");
  ASSERT_TRUE(index);
  EXPECT_NE(index->body.find("/debug/pprof/profile"), std::string::npos);
}

TEST_F(PprofRoutesTest, CpuProfileOneAtATime) {
  std::thread first([this] { GetProfile("/debug/pprof/profile?seconds=2"); });
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  httplib::Result second = Get("/debug/pprof/profile?seconds=1");
  first.join();
  ASSERT_TRUE(second);
  EXPECT_EQ(second->status, 500);
  EXPECT_NE(second->body.find("cpu profiling already in use"),
            std::string::npos)
      << second->body;
}

// Runs `go tool pprof -top FILE` (all nodes) and returns its output.
std::string GoPprofTop(const std::filesystem::path& file) {
  std::string cmd =
      "go tool pprof -top -nodefraction=0 '" + file.string() + "' 2>&1";
  std::string out;
  if (FILE* pipe = popen(cmd.c_str(), "r")) {
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof(buf), pipe)) > 0) out.append(buf, n);
    if (pclose(pipe) != 0) out = "go tool pprof failed:\n" + out;
  }
  return out;
}

__attribute__((noipa)) void HoldMemoryForPprof(std::vector<char*>* out) {
  for (int i = 0; i < 256; ++i) out->push_back(new char[64 << 10]);
  asm volatile("" ::: "memory");
}

TEST_F(PprofRoutesTest, GoToolPprofReadsEveryProfile) {
  if (system("command -v go >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "go is not on PATH";
  }
  char tmpl[] = "/tmp/refserver_pprof_XXXXXX";
  ASSERT_NE(mkdtemp(tmpl), nullptr);
  std::filesystem::path dir(tmpl);

  int64_t saved_rate = MemProfileRate();
  SetMemProfileRate(kDefaultMemProfileRate);
  std::vector<char*> held;
  HoldMemoryForPprof(&held);  // 16 MiB: ~30 samples, P(none) ~ 1e-14
  SetMemProfileRate(saved_rate);
  std::atomic<bool> stop{false};
  std::thread burner([&stop] {
    SetCurrentThreadName("pprof-burner");
    BurnForPprofRoutes(&stop);
  });
  struct Case {
    const char* path;
    const char* file;
    const char* expect;
  };
  for (const Case& c :
       {Case{"/debug/pprof/profile?seconds=1", "cpu.pb.gz",
             "BurnForPprofRoutes"},
        Case{"/debug/pprof/heap", "heap.pb.gz", "HoldMemoryForPprof"},
        Case{"/debug/pprof/allocs", "allocs.pb.gz", "HoldMemoryForPprof"},
        Case{"/debug/pprof/goroutine", "goroutine.pb.gz",
             "BurnForPprofRoutes"}}) {
    std::string body;
    GetProfile(c.path, &body);
    std::ofstream(dir / c.file, std::ios::binary) << body;
    std::string top = GoPprofTop(dir / c.file);
    EXPECT_NE(top.find(c.expect), std::string::npos)
        << c.path << ": go tool pprof -top printed:\n"
        << top;
    EXPECT_EQ(top.find("failed"), std::string::npos) << top;
  }
  stop = true;
  burner.join();
  for (char* p : held) delete[] p;
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace refserver::profiler
