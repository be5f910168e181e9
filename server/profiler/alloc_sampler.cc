#include "server/profiler/alloc_sampler.h"

#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <mutex>
#include <new>
#include <string>
#include <unordered_map>

#include "server/profiler/alloc_sampler_internal.h"
#include "server/profiler/signal_unwind.h"

// Defined (non-weak) by malloc_hooks.cc when it is linked in.
extern "C" int refserver_malloc_hooks_linked __attribute__((weak));

namespace refserver::profiler {
namespace internal {

__thread AllocThreadState tls_alloc_state
    __attribute__((tls_model("initial-exec")));
std::atomic<uint32_t> g_rate_generation{0};
std::atomic<uint32_t> g_live_filter[1 << kFilterBits];

namespace {

constexpr uint32_t kGenerationInitializing = 0xFFFFFFFFu;
constexpr int64_t kNeverSample = INT64_MAX / 2;

std::atomic<int64_t> g_rate{kDefaultMemProfileRate};
std::atomic<uint64_t> g_calls_in_signal_handlers{0};

// Buckets are kept per stack and per sampling rate, so that each is
// unsampled with the rate its samples were taken at.
struct BucketKey {
  std::vector<uint64_t> stack;
  int64_t rate;
  bool operator==(const BucketKey& o) const {
    return rate == o.rate && stack == o.stack;
  }
};

struct BucketKeyHash {
  size_t operator()(const BucketKey& k) const {
    uint64_t h = 0xcbf29ce484222325ull ^ static_cast<uint64_t>(k.rate);
    for (uint64_t a : k.stack) h = (h ^ a) * 0x100000001b3ull;
    return h;
  }
};

struct Counts {
  int64_t alloc_count = 0;
  int64_t alloc_bytes = 0;
  int64_t free_count = 0;
  int64_t free_bytes = 0;
};

struct LiveBlock {
  Counts* bucket;
  int64_t size;
};

// The sampler's shared state, built in static storage on first use and never
// destroyed (allocations keep arriving during exit).
struct State {
  std::mutex mu;
  std::unordered_map<BucketKey, Counts, BucketKeyHash> buckets;
  std::unordered_map<uintptr_t, LiveBlock> live;
};
alignas(State) unsigned char g_state_storage[sizeof(State)];

// REQUIRES: the calling thread's in_sampler guard is set.
State& GetState() {
  static State* state = new (g_state_storage) State();
  return *state;
}

// Sets the guard for the lifetime of the object (restores the old value).
class SamplerGuard {
 public:
  SamplerGuard() : saved_(tls_alloc_state.in_sampler) {
    tls_alloc_state.in_sampler = 1;
  }
  ~SamplerGuard() { tls_alloc_state.in_sampler = saved_; }

 private:
  uint8_t saved_;
};

// `s` as a non-empty decimal integer >= 0 into `*out`; false otherwise.
// Allocates nothing: the sampler calls it from inside malloc.
bool ParseRateDigits(const char* s, int64_t* out) {
  if (s == nullptr || *s == '\0') return false;
  int64_t v = 0;
  for (const char* p = s; *p != '\0'; ++p) {
    if (*p < '0' || *p > '9' || v > (INT64_MAX - 9) / 10) return false;
    v = v * 10 + (*p - '0');
  }
  *out = v;
  return true;
}

// The sampler starts before main and cannot fail: a bad value means the
// default here, and programs refuse it at start (CheckMemProfileRateEnv).
int64_t ParseRate(const char* s) {
  int64_t v = 0;
  return ParseRateDigits(s, &v) ? v : kDefaultMemProfileRate;
}

// Reads MDBPROF_MEMPROFILE_RATE once, unless SetMemProfileRate came first.
void InitRateFromEnvironment() {
  uint32_t expected = 0;
  if (g_rate_generation.compare_exchange_strong(expected,
                                                kGenerationInitializing)) {
    g_rate.store(ParseRate(getenv(kMemProfileRateEnv)),
                 std::memory_order_relaxed);
    g_rate_generation.store(1, std::memory_order_release);
  }
}

uint64_t NextRandom(AllocThreadState& t) {
  if (t.rng == 0) {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    uint64_t z = reinterpret_cast<uintptr_t>(&t) ^
                 (static_cast<uint64_t>(syscall(SYS_gettid)) << 32) ^
                 static_cast<uint64_t>(ts.tv_nsec) ^
                 (static_cast<uint64_t>(ts.tv_sec) << 20);
    // splitmix64 finalizer spreads the seed; xorshift needs a non-zero state.
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    t.rng = (z ^ (z >> 31)) | 1;
  }
  t.rng ^= t.rng >> 12;
  t.rng ^= t.rng << 25;
  t.rng ^= t.rng >> 27;
  return t.rng * 0x2545F4914F6CDD1Dull;
}

// Bytes until the next sample: exponential with mean `rate`.
int64_t NextSampleDistance(AllocThreadState& t, int64_t rate) {
  if (rate <= 0) return kNeverSample;
  if (rate == 1) return 0;
  double u = static_cast<double>((NextRandom(t) >> 11) + 1) * 0x1.0p-53;
  double d = -std::log(u) * static_cast<double>(rate);
  if (d < 1) return 1;
  if (d > 1e18) return static_cast<int64_t>(1e18);
  return static_cast<int64_t>(d);
}

void SampleBlock(void* p, size_t size, const void* return_address) {
  SamplerGuard guard;
  uint64_t raw[kMaxStackDepth + 8];
  int n = UnwindCurrentThread(raw, kMaxStackDepth + 8);
  int first = 0;
  for (int i = 0; i < n; ++i) {
    if (raw[i] == reinterpret_cast<uintptr_t>(return_address)) {
      first = i;
      break;
    }
  }
  int depth = n - first < kMaxStackDepth ? n - first : kMaxStackDepth;
  BucketKey key{std::vector<uint64_t>(raw + first, raw + first + depth),
                g_rate.load(std::memory_order_relaxed)};
  State& state = GetState();
  std::lock_guard<std::mutex> lock(state.mu);
  Counts& bucket = state.buckets[std::move(key)];
  bucket.alloc_count++;
  bucket.alloc_bytes += static_cast<int64_t>(size);
  auto [it, inserted] =
      state.live.emplace(reinterpret_cast<uintptr_t>(p),
                         LiveBlock{&bucket, static_cast<int64_t>(size)});
  if (inserted) {
    g_live_filter[FilterSlot(p)].fetch_add(1, std::memory_order_relaxed);
  } else {  // The old block was released behind our back (not via free()).
    it->second.bucket->free_count++;
    it->second.bucket->free_bytes += it->second.size;
    it->second = LiveBlock{&bucket, static_cast<int64_t>(size)};
  }
}

void ForgetBlock(void* p) {
  SamplerGuard guard;
  State& state = GetState();
  std::lock_guard<std::mutex> lock(state.mu);
  auto it = state.live.find(reinterpret_cast<uintptr_t>(p));
  if (it == state.live.end()) return;
  it->second.bucket->free_count++;
  it->second.bucket->free_bytes += it->second.size;
  state.live.erase(it);
  g_live_filter[FilterSlot(p)].fetch_sub(1, std::memory_order_relaxed);
}

}  // namespace

bool ShouldSampleSlow(size_t size) noexcept {
  AllocThreadState& t = tls_alloc_state;
  if (t.in_sampler) return false;
  uint32_t generation = g_rate_generation.load(std::memory_order_acquire);
  if (generation == 0) {
    InitRateFromEnvironment();
    generation = g_rate_generation.load(std::memory_order_acquire);
  }
  if (generation == kGenerationInitializing) return false;  // Retry later.
  int64_t rate = g_rate.load(std::memory_order_relaxed);
  if (t.generation != generation) {
    t.generation = generation;
    t.bytes_until_sample =
        NextSampleDistance(t, rate) - static_cast<int64_t>(size);
    if (t.bytes_until_sample > 0) return false;
  }
  t.bytes_until_sample = NextSampleDistance(t, rate);
  return rate > 0 && t.sampling_paused == 0;
}

void NoteCallInSignalHandler() noexcept {
  g_calls_in_signal_handlers.fetch_add(1, std::memory_order_relaxed);
}

void RecordAllocation(void* p, size_t size,
                      const void* return_address) noexcept {
  int saved_errno = errno;  // A successful allocation leaves errno alone.
  try {
    SampleBlock(p, size, return_address);
  } catch (const std::bad_alloc&) {
    // The sampler's own bookkeeping failed: drop this sample.
  }
  errno = saved_errno;
}

void FreeSlow(void* p) noexcept {
  if (tls_alloc_state.in_sampler) return;
  int saved_errno = errno;  // free() preserves errno.
  ForgetBlock(p);
  errno = saved_errno;
}

}  // namespace internal

mdbprof::Result<int64_t> ParseMemProfileRate(const char* text) {
  if (text == nullptr || *text == '\0') return kDefaultMemProfileRate;
  int64_t rate = 0;
  if (!internal::ParseRateDigits(text, &rate)) {
    return mdbprof::InvalidArgument(
        std::string(kMemProfileRateEnv) + "='" + text +
        "': expected a sampling rate in bytes, an integer >= 0 (1 = every "
        "allocation, 0 = off)");
  }
  return rate;
}

mdbprof::Status CheckMemProfileRateEnv() {
  mdbprof::Result<int64_t> rate =
      ParseMemProfileRate(std::getenv(kMemProfileRateEnv));
  return rate.ok() ? mdbprof::Status::Ok() : rate.status();
}

int64_t MemProfileRate() {
  if (internal::g_rate_generation.load(std::memory_order_acquire) == 0) {
    internal::InitRateFromEnvironment();
  }
  return internal::g_rate.load(std::memory_order_relaxed);
}

void SetMemProfileRate(int64_t rate) {
  if (rate < 0) rate = 0;
  internal::g_rate.store(rate, std::memory_order_relaxed);
  uint32_t g = internal::g_rate_generation.load(std::memory_order_relaxed);
  uint32_t next;
  do {
    next = g + 1;
    if (next == 0 || next == internal::kGenerationInitializing) next = 1;
  } while (!internal::g_rate_generation.compare_exchange_weak(
      g, next, std::memory_order_release, std::memory_order_relaxed));
}

AllocationSamplingPause::AllocationSamplingPause() {
  ++internal::tls_alloc_state.sampling_paused;
}

AllocationSamplingPause::~AllocationSamplingPause() {
  --internal::tls_alloc_state.sampling_paused;
}

bool MallocHooksLinked() { return &refserver_malloc_hooks_linked != nullptr; }

std::vector<AllocationBucket> SnapshotAllocationBuckets() {
  internal::SamplerGuard guard;
  internal::State& state = internal::GetState();
  std::lock_guard<std::mutex> lock(state.mu);
  std::vector<AllocationBucket> out;
  out.reserve(state.buckets.size());
  for (const auto& [key, counts] : state.buckets) {
    out.push_back(AllocationBucket{key.stack, key.rate, counts.alloc_count,
                                   counts.alloc_bytes, counts.free_count,
                                   counts.free_bytes});
  }
  return out;
}

std::pair<int64_t, int64_t> UnsampleHeap(int64_t count, int64_t bytes,
                                         int64_t rate) {
  if (count == 0 || bytes == 0) return {0, 0};
  if (rate <= 1) return {count, bytes};
  double avg = static_cast<double>(bytes) / static_cast<double>(count);
  double scale = 1 / (1 - std::exp(-avg / static_cast<double>(rate)));
  return {static_cast<int64_t>(static_cast<double>(count) * scale),
          static_cast<int64_t>(static_cast<double>(bytes) * scale)};
}

uint64_t AllocationsInProfilerSignalHandlers() {
  return internal::g_calls_in_signal_handlers.load(std::memory_order_relaxed);
}

}  // namespace refserver::profiler
