#include "report/change_explanation.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "pprof/top.h"
#include "report/readable_name.h"
#include "results/run_layout.h"
#include "results/run_metrics.h"
#include "results/run_profiles.h"

namespace mdbprof::report {
namespace {

// Per function (readable name): the per-op value and its sampling variance.
struct PerOp {
  double value = 0;
  double variance = 0;
  double companion = 0;
};
using FunctionValues = std::map<std::string, PerOp>;

// One side: the mean over its usable repetitions.
struct Side {
  FunctionValues mean;
  int repetitions = 0;
  std::string error;  // the first repetition that could not be used, and why
  bool exact = true;
  int64_t alloc_rate = 0;
};

// Adds Σ flat of `sample` per function of `profile`, times `scale`, to
// `out` (field `field`); with `period` > 0, also the Poisson variance
// v·period·scale² of each value.
Status AddFlat(const pprof::Profile& profile, const std::string& sample,
               double scale, double period, double PerOp::*field,
               FunctionValues* out) {
  pprof::TopOptions options;
  options.sample_index = sample;
  Result<pprof::TopReport> top = pprof::Top(profile, options);
  if (!top.ok()) return top.status();
  for (const pprof::FunctionRow& row : top->rows) {
    if (row.flat == 0) continue;
    PerOp& p = (*out)[ReadableName(row.name)];
    const double v = static_cast<double>(row.flat);
    p.*field += v * scale;
    if (period > 0 && field == &PerOp::value) {
      p.variance += std::abs(v) * period * scale * scale;
    }
  }
  return Status::Ok();
}

// The per-op values of one repetition directory for `metric`.
Result<FunctionValues> RepetitionValues(const std::string& dir,
                                        std::string_view metric, bool* exact,
                                        int64_t* alloc_rate) {
  Result<results::RunMetrics> m =
      results::ReadRunMetricsFile(dir + "/" + results::kRunMetricsFile);
  if (!m.ok()) return m.status();
  if (m->total_ops <= 0) {
    return InvalidArgument(dir + ": no successful operations (total_ops " +
                           std::to_string(m->total_ops) + ")");
  }
  const results::RunProfiles profiles = results::LoadRunProfiles(dir);
  FunctionValues values;
  if (metric == "cpu_us_per_op") {
    if (!profiles.cpu.profile.ok()) return profiles.cpu.profile.status();
    const pprof::Profile& cpu = *profiles.cpu.profile;
    const double ops_in_profile = results::OpsInCpuProfile(*m, cpu);
    if (ops_in_profile <= 0) {
      return InvalidArgument(dir + "/" + results::kCpuFile +
                             ": no duration_nanos or no ops_per_sec, so the "
                             "operations in the profile window are unknown");
    }
    const std::string sample =
        cpu.SampleTypeIndex("cpu") >= 0 ? "cpu" : std::string();
    const double period = static_cast<double>(cpu.proto().period());
    *exact = false;
    if (Status s = AddFlat(cpu, sample, 1 / ops_in_profile, period,
                           &PerOp::value, &values);
        !s.ok()) {
      return s;
    }
    return values;
  }
  if (!profiles.alloc_delta.ok()) return profiles.alloc_delta.status();
  const double per_op = 1.0 / static_cast<double>(m->total_ops);
  *alloc_rate = m->config.alloc_sample_rate;
  *exact = m->config.alloc_sample_rate == 1;
  const bool bytes = metric == "alloc_bytes_per_op";
  const pprof::Profile& delta = profiles.alloc_delta->profile;
  for (const auto& [sample, field] :
       {std::pair{bytes ? "alloc_space" : "alloc_objects", &PerOp::value},
        std::pair{bytes ? "alloc_objects" : "alloc_space",
                  &PerOp::companion}}) {
    if (Status s = AddFlat(delta, sample, per_op, 0, field, &values); !s.ok()) {
      return s;
    }
  }
  return values;
}

Side LoadSide(const std::vector<std::string>& dirs, std::string_view metric) {
  Side side;
  for (const std::string& dir : dirs) {
    bool exact = true;
    int64_t rate = 0;
    Result<FunctionValues> v = RepetitionValues(dir, metric, &exact, &rate);
    if (!v.ok()) {
      if (side.error.empty()) side.error = v.status().message();
      continue;
    }
    ++side.repetitions;
    side.exact = side.exact && exact;
    side.alloc_rate = rate;
    for (const auto& [name, p] : *v) {
      PerOp& m = side.mean[name];
      m.value += p.value;
      m.variance += p.variance;
      m.companion += p.companion;
    }
  }
  if (side.repetitions > 0) {
    const double r = side.repetitions;
    for (auto& [name, p] : side.mean) {
      p.value /= r;
      p.companion /= r;
      p.variance /= r * r;  // of the mean
    }
  }
  return side;
}

std::string Number(double v, const char* format) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

// `v` with one decimal when it has a fraction worth showing, else none.
std::string Short(double v) {
  const double a = std::abs(v);
  if (a >= 100 || (a >= 1 && std::abs(a - std::round(a)) < 0.05)) {
    return Number(v, "%+.0f");
  }
  return a >= 1 ? Number(v, "%+.1f") : Number(v, "%+.2g");
}

}  // namespace

bool ExplainsMetric(std::string_view metric) {
  return metric == "alloc_bytes_per_op" || metric == "allocs_per_op" ||
         metric == "cpu_us_per_op";
}

std::string FormatPerOpDelta(double delta, std::string_view unit) {
  const double a = std::abs(delta);
  if (unit == "bytes") {
    if (a >= 1024.0 * 1024) return Number(delta / 1048576, "%+.1f MiB/op");
    if (a >= 1024) return Number(delta / 1024, "%+.1f KiB/op");
    if (a >= 512) return Number(delta / 1024, "%+.2f KiB/op");
    return Short(delta) + " B/op";
  }
  if (unit == "allocs") {
    return Short(delta) + (std::abs(std::abs(delta) - 1) < 0.05 || a < 1
                               ? " alloc/op"
                               : " allocs/op");
  }
  if (unit == "ns") {
    if (a >= 1e6) return Number(delta / 1e6, "%+.2f ms/op");
    if (a >= 1e3) return Number(delta / 1e3, "%+.1f µs/op");
    return Number(delta, "%+.0f ns/op");
  }
  return Short(delta) + " " + std::string(unit) + "/op";
}

std::string FormatFunctionChange(const FunctionChange& f,
                                 std::string_view unit) {
  return f.function + "  " + FormatFunctionDelta(f, unit);
}

std::string FormatFunctionDelta(const FunctionChange& f,
                                std::string_view unit) {
  std::string line = FormatPerOpDelta(f.delta, unit);
  if (f.delta_se) {
    std::string se = FormatPerOpDelta(*f.delta_se, unit);
    // "+1.1 µs/op" -> "± 1.1 µs/op"
    line += " ± " + se.substr(se.find_first_not_of("+-"));
  }
  if (f.companion_delta) {
    line += " (" +
            FormatPerOpDelta(*f.companion_delta,
                             unit == "bytes" ? "allocs" : "bytes") +
            ")";
  }
  return line;
}

std::optional<ChangeExplanation> ExplainChange(
    std::string_view backend, std::string_view metric,
    const std::vector<std::string>& base_dirs,
    const std::vector<std::string>& head_dirs, bool head_higher, int n) {
  if (!ExplainsMetric(metric)) return std::nullopt;
  ChangeExplanation e;
  e.backend = std::string(backend);
  e.metric = std::string(metric);
  const bool cpu = metric == "cpu_us_per_op";
  e.unit = cpu ? "ns" : metric == "alloc_bytes_per_op" ? "bytes" : "allocs";
  const Side base = LoadSide(base_dirs, metric);
  const Side head = LoadSide(head_dirs, metric);
  e.base_repetitions = base.repetitions;
  e.head_repetitions = head.repetitions;
  if (base.repetitions == 0 || head.repetitions == 0) {
    const Side& bad = base.repetitions == 0 ? base : head;
    e.error = std::string(base.repetitions == 0 ? "BASE" : "HEAD") + ": " +
              (bad.error.empty() ? "no repetition directory" : bad.error);
    return e;
  }
  e.exact = !cpu && base.exact && head.exact;
  if (cpu) {
    e.source =
        "cpu.prof, sampled: ± is one standard error from the sample "
        "counts";
  } else if (e.exact) {
    e.source = "allocation profiles, exact at sampling rate 1";
  } else {
    e.source = "allocation profiles, sampled 1 in " +
               std::to_string(head.alloc_rate) + " bytes: estimates";
  }
  std::map<std::string, FunctionChange> changes;
  auto add = [&](const FunctionValues& values, bool is_head) {
    for (const auto& [name, p] : values) {
      FunctionChange& f = changes[name];
      f.function = name;
      (is_head ? f.head : f.base) = p.value;
      const double sign = is_head ? 1 : -1;
      f.delta += sign * p.value;
      if (cpu) {
        f.delta_se = f.delta_se.value_or(0) + p.variance;  // summed, rooted
      } else {
        f.companion_delta = f.companion_delta.value_or(0) + sign * p.companion;
      }
    }
  };
  add(base.mean, false);
  add(head.mean, true);
  std::vector<FunctionChange> kept;
  for (auto& [name, f] : changes) {
    if (f.delta_se) f.delta_se = std::sqrt(*f.delta_se);
    if (head_higher ? f.delta > 0 : f.delta < 0) kept.push_back(f);
  }
  std::sort(kept.begin(), kept.end(),
            [](const FunctionChange& a, const FunctionChange& b) {
              if (std::abs(a.delta) != std::abs(b.delta)) {
                return std::abs(a.delta) > std::abs(b.delta);
              }
              return a.function < b.function;
            });
  if (n > 0 && static_cast<int>(kept.size()) > n) kept.resize(n);
  e.functions = std::move(kept);
  if (e.functions.empty()) {
    e.error = std::string("no function's flat value ") +
              (head_higher ? "rose" : "fell") + " from BASE to HEAD";
  }
  return e;
}

}  // namespace mdbprof::report
