// mdbprof_perf_gen_profile: writes a large, valid, gzip-compressed pprof
// profile for the decoding benchmark (bench/perf/top_vs_pprof.sh, issue #7).
//
//   mdbprof_perf_gen_profile OUT.pb.gz [--samples=200000]
//       [--functions=20000] [--locations=60000] [--seed=1]
//
// The profile is a Go-style allocation profile (alloc_objects, alloc_space,
// inuse_objects, inuse_space) with one mapping that has functions, file
// names, line numbers and inline frames (so `go tool pprof` does not try to
// symbolize). Shape, deterministic for a seed:
//   - functions: Go-like names in ~400 packages, skewed (Zipf-like) so that
//     a few functions carry most of the weight, as in real profiles;
//   - locations: a quarter carry 2-3 Line entries (inlined frames);
//   - stacks: 8..64 frames, a walk down a fixed call tree (shared prefixes,
//     as in real profiles) with a recursive section (a function, or a pair
//     of functions, repeated 2-6 times) in about a third of the samples.
// Prints the sizes (compressed and uncompressed) and counts to stdout.
#include <zlib.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "proto/profile.pb.h"

namespace {

struct Options {
  std::string out;
  int samples = 200000;
  int functions = 20000;
  int locations = 60000;
  uint64_t seed = 1;
};

bool ParseFlag(std::string_view arg, std::string_view name, std::string* out) {
  if (arg.size() < name.size() + 3 || arg.substr(0, 2) != "--" ||
      arg.substr(2, name.size()) != name || arg[2 + name.size()] != '=') {
    return false;
  }
  *out = std::string(arg.substr(3 + name.size()));
  return true;
}

class StringTable {
 public:
  explicit StringTable(perftools::profiles::Profile* p) : p_(p) { Index(""); }
  int64_t Index(const std::string& s) {
    auto [it, inserted] = index_.emplace(s, index_.size());
    if (inserted) p_->add_string_table(s);
    return it->second;
  }

 private:
  perftools::profiles::Profile* p_;
  std::unordered_map<std::string, int64_t> index_;
};

bool WriteGzip(const std::string& path, const std::string& data) {
  gzFile f = gzopen(path.c_str(), "wb6");
  if (f == nullptr) return false;
  size_t off = 0;
  while (off < data.size()) {
    const unsigned chunk =
        static_cast<unsigned>(std::min<size_t>(data.size() - off, 1 << 20));
    if (gzwrite(f, data.data() + off, chunk) != static_cast<int>(chunk)) {
      gzclose(f);
      return false;
    }
    off += chunk;
  }
  return gzclose(f) == Z_OK;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string v;
    const std::string_view arg = argv[i];
    if (ParseFlag(arg, "samples", &v)) {
      o.samples = std::atoi(v.c_str());
    } else if (ParseFlag(arg, "functions", &v)) {
      o.functions = std::atoi(v.c_str());
    } else if (ParseFlag(arg, "locations", &v)) {
      o.locations = std::atoi(v.c_str());
    } else if (ParseFlag(arg, "seed", &v)) {
      o.seed = std::strtoull(v.c_str(), nullptr, 10);
    } else if (!arg.empty() && arg[0] != '-' && o.out.empty()) {
      o.out = std::string(arg);
    } else {
      std::fprintf(stderr, "mdbprof_perf_gen_profile: bad argument '%s'\n",
                   argv[i]);
      return 2;
    }
  }
  if (o.out.empty() || o.samples <= 0 || o.functions < 16 ||
      o.locations < o.functions) {
    std::fprintf(stderr,
                 "usage: mdbprof_perf_gen_profile OUT.pb.gz [--samples=N] "
                 "[--functions=N>=16] [--locations=N>=functions] [--seed=S]\n");
    return 2;
  }

  std::mt19937_64 rng(o.seed);
  auto uniform = [&](int64_t lo, int64_t hi) {  // [lo, hi]
    return std::uniform_int_distribution<int64_t>(lo, hi)(rng);
  };
  // Skewed pick in [0, n): small indices much more likely (log-uniform).
  auto skewed = [&](int64_t n) {
    const double u = std::uniform_real_distribution<double>(0, 1)(rng);
    const int64_t v = static_cast<int64_t>(std::pow(double(n) + 1, u)) - 1;
    return std::min<int64_t>(std::max<int64_t>(v, 0), n - 1);
  };

  perftools::profiles::Profile p;
  StringTable strings(&p);
  const char* kTypes[][2] = {{"alloc_objects", "count"},
                             {"alloc_space", "bytes"},
                             {"inuse_objects", "count"},
                             {"inuse_space", "bytes"}};
  for (const auto& t : kTypes) {
    auto* vt = p.add_sample_type();
    vt->set_type(strings.Index(t[0]));
    vt->set_unit(strings.Index(t[1]));
  }
  p.mutable_period_type()->set_type(strings.Index("space"));
  p.mutable_period_type()->set_unit(strings.Index("bytes"));
  p.set_period(512 * 1024);
  p.set_time_nanos(1'764'000'000'000'000'000);

  auto* mapping = p.add_mapping();
  mapping->set_id(1);
  mapping->set_memory_start(0x400000);
  mapping->set_memory_limit(0x400000 + 16ull * o.locations + 0x1000);
  mapping->set_filename(strings.Index("/usr/local/bin/bigserver"));
  mapping->set_build_id(
      strings.Index("6e1f0c2b9a7d4e3f8a1b2c3d4e5f6a7b8c9d0e1f"));
  mapping->set_has_functions(true);
  mapping->set_has_filenames(true);
  mapping->set_has_line_numbers(true);
  mapping->set_has_inline_frames(true);

  const char* kVerbs[] = {"Get",    "Put",   "Write", "Read",  "Encode",
                          "Decode", "Flush", "Scan",  "Apply", "Handle",
                          "serve",  "loop",  "parse", "alloc", "grow"};
  const int packages = std::max(1, o.functions / 50);
  for (int f = 0; f < o.functions; ++f) {
    const int pkg = f % packages;
    char name[160], file[128];
    std::snprintf(
        name, sizeof name,
        "github.com/acme/eventstore/internal/pkg%03d.(*Type%02d).%s%d", pkg,
        (f / packages) % 40, kVerbs[f % 15], f);
    std::snprintf(
        file, sizeof file,
        "/src/github.com/acme/eventstore/internal/pkg%03d/file%02d.go", pkg,
        (f / packages) % 40);
    auto* fn = p.add_function();
    fn->set_id(f + 1);
    fn->set_name(strings.Index(name));
    fn->set_system_name(fn->name());
    fn->set_filename(strings.Index(file));
    fn->set_start_line(uniform(10, 2000));
  }
  int inlined = 0;
  for (int l = 0; l < o.locations; ++l) {
    auto* loc = p.add_location();
    loc->set_id(l + 1);
    loc->set_mapping_id(1);
    loc->set_address(0x400000 + 16ull * l + 0x1000);
    // Location l's outermost function is (mostly) l % functions, so that the
    // functions' weights follow the locations' skew.
    const int frames = uniform(0, 3) == 0 ? static_cast<int>(uniform(2, 3)) : 1;
    if (frames > 1) ++inlined;
    for (int k = 0; k < frames; ++k) {
      auto* line = loc->add_line();
      const int fn = k + 1 == frames ? l % o.functions
                                     : static_cast<int>(skewed(o.functions));
      line->set_function_id(fn + 1);
      line->set_line(uniform(10, 4000));
    }
  }

  // A fixed call tree over locations: child(parent, k) for k in 0..3.
  auto child = [&](uint64_t parent, int k) {
    uint64_t h =
        (parent + 1) * 0x9E3779B97F4A7C15ull + k * 0xBF58476D1CE4E5B9ull;
    h ^= h >> 31;
    return h;
  };
  int recursive = 0;
  std::vector<uint64_t> stack;  // root first
  for (int s = 0; s < o.samples; ++s) {
    stack.clear();
    const int depth = static_cast<int>(uniform(8, 64));
    uint64_t node = static_cast<uint64_t>(uniform(0, 7));  // 8 roots
    const int recurse_at =
        uniform(0, 2) == 0 ? static_cast<int>(uniform(2, depth - 4)) : -1;
    while (static_cast<int>(stack.size()) < depth) {
      // Most frames follow the tree (shared prefixes); some jump to a hot
      // location (skewed), as callbacks and library calls do.
      uint64_t loc = uniform(0, 9) == 0
                         ? static_cast<uint64_t>(skewed(o.locations))
                         : node % o.locations;
      stack.push_back(loc);
      if (static_cast<int>(stack.size()) == recurse_at) {
        ++recursive;
        const uint64_t other = static_cast<uint64_t>(skewed(o.locations));
        const bool pair = uniform(0, 1) == 1;
        for (int r = static_cast<int>(uniform(2, 6)); r > 0; --r) {
          if (pair) stack.push_back(other);
          stack.push_back(loc);
        }
      }
      node = child(node, static_cast<int>(uniform(0, 3)));
    }
    // The hottest leaves are skewed too.
    stack.back() = static_cast<uint64_t>(skewed(o.locations));
    auto* sample = p.add_sample();
    for (auto it = stack.rbegin(); it != stack.rend(); ++it) {
      sample->add_location_id(*it + 1);  // leaf first
    }
    const int64_t objects = skewed(64) + 1;
    const int64_t size = objects * (8 << uniform(0, 9));
    sample->add_value(objects);
    sample->add_value(size);
    const bool live = uniform(0, 3) == 0;
    sample->add_value(live ? objects : 0);
    sample->add_value(live ? size : 0);
  }

  std::string raw;
  if (!p.SerializeToString(&raw)) {
    std::fprintf(stderr, "mdbprof_perf_gen_profile: cannot serialize\n");
    return 1;
  }
  if (!WriteGzip(o.out, raw)) {
    std::fprintf(stderr, "mdbprof_perf_gen_profile: cannot write %s\n",
                 o.out.c_str());
    return 1;
  }
  FILE* f = std::fopen(o.out.c_str(), "rb");
  long gz = 0;
  if (f != nullptr) {
    std::fseek(f, 0, SEEK_END);
    gz = std::ftell(f);
    std::fclose(f);
  }
  std::printf(
      "wrote %s: %ld bytes gzip, %zu bytes protobuf; %d samples, %d "
      "functions, %d locations (%d with inlined frames), %d recursive "
      "stacks\n",
      o.out.c_str(), gz, raw.size(), o.samples, o.functions, o.locations,
      inlined, recursive);
  return 0;
}
