#include "report/run_set.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <limits>
#include <system_error>

#include "base/text_file.h"
#include "report/backend_files.h"
#include "report/report_metrics.h"
#include "results/json_read.h"

namespace mdbprof::report {
namespace {

namespace fs = std::filesystem;

// Where `backend` goes in the report: the suite's order as its first
// repetition recorded it; those without one after all others.
int OrderOf(const BackendRun& backend) {
  const int order = backend.repetitions.front().metrics.config.backend_order;
  return order >= 0 ? order : std::numeric_limits<int>::max();
}

bool IsNumber(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) {
    return std::isdigit(c);
  });
}

// The entries of `dir` that are directories (not symlinks to one), without
// throwing; `ec` holds the first error.
std::vector<fs::path> SubDirectories(const fs::path& dir, std::error_code& ec) {
  std::vector<fs::path> out;
  fs::directory_iterator it(dir, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    std::error_code entry_ec;
    if (it->is_directory(entry_ec) && !it->is_symlink(entry_ec)) {
      out.push_back(it->path());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Reads the metric of each of the backend's files that holds one (absent
// files are not an error: the report explains why the cells are empty).
void ReadBackendFiles(Repetition* rep) {
  const fs::path dir(rep->dir);
  for (const results::BackendFileRecord& file :
       rep->metrics.config.extra_files) {
    if (!IsBackendFileMetric(file.metric)) continue;
    std::error_code ec;
    if (!fs::exists(dir / file.name, ec)) continue;
    Result<std::string> text = ReadTextFile((dir / file.name).string());
    Result<double> value = text.ok()
                               ? ParseBackendFileMetric(file.metric, *text)
                               : Result<double>(text.status());
    if (value.ok()) {
      rep->file_metrics[file.metric] = *value;
    } else {
      rep->notes.push_back(file.name + ": " + value.status().message());
    }
  }
}

Result<Repetition> LoadRepetition(const fs::path& dir, int index,
                                  const std::string& backend) {
  const std::string path = (dir / results::kRunMetricsFile).string();
  Result<nlohmann::json> json = results::ReadJsonFile(path);
  if (!json.ok()) return json.status();
  Result<results::RunMetrics> metrics = results::FromJson(*json);
  if (!metrics.ok()) return metrics.status().WithContext(path);
  Repetition rep;
  rep.index = index;
  rep.dir = dir.string();
  rep.metrics = std::move(*metrics);
  if (!rep.metrics.config.backend.empty() &&
      rep.metrics.config.backend != backend) {
    return InvalidArgument(
        path + ": config.backend is \"" + rep.metrics.config.backend +
        "\" but the file is in the directory of backend \"" + backend + "\"");
  }
  const nlohmann::json& config = (*json)["config"];
  if (config.is_object() && config.contains("payload")) {
    const nlohmann::json& payload = config["payload"];
    rep.payload =
        payload.is_string() ? payload.get<std::string>() : payload.dump();
  }
  ReadBackendFiles(&rep);
  return rep;
}

// Loads the repetitions of one backend directory into `backend`; adds a
// SkippedDir to `skipped` for directories without results.
Status LoadBackend(const fs::path& dir, BackendRun* backend,
                   std::vector<SkippedDir>* skipped) {
  std::error_code ec;
  const fs::path reps_dir = dir / results::kRepetitionsDir;
  if (fs::is_directory(reps_dir, ec)) {
    std::vector<int> indexes;
    for (const fs::path& sub : SubDirectories(reps_dir, ec)) {
      std::string name = sub.filename().string();
      if (IsNumber(name) && name.size() < 9) indexes.push_back(std::stoi(name));
    }
    if (ec) {
      return Unavailable("cannot list '" + reps_dir.string() +
                         "': " + ec.message());
    }
    std::sort(indexes.begin(), indexes.end());
    for (int k : indexes) {
      fs::path rep_dir = reps_dir / std::to_string(k);
      if (!fs::exists(rep_dir / results::kRunMetricsFile, ec)) {
        skipped->push_back(
            {rep_dir.string(), std::string("no ") + results::kRunMetricsFile +
                                   " (the repetition did not finish)"});
        continue;
      }
      Result<Repetition> rep = LoadRepetition(rep_dir, k, backend->name);
      if (!rep.ok()) return rep.status();
      backend->repetitions.push_back(std::move(*rep));
    }
    if (!backend->repetitions.empty()) return Status::Ok();
  }
  if (fs::exists(dir / results::kRunMetricsFile, ec)) {
    Result<Repetition> rep = LoadRepetition(dir, 1, backend->name);
    if (!rep.ok()) return rep.status();
    backend->repetitions.push_back(std::move(*rep));
    return Status::Ok();
  }
  skipped->push_back(
      {dir.string(), std::string("no ") + results::kRunMetricsFile +
                         " (the backend was skipped or failed "
                         "before measuring; see its " +
                         results::kServerLogFile + " or the ctest output)"});
  return Status::Ok();
}

Result<RunSet> LoadDir(const fs::path& dir) {
  RunSet run;
  run.dir = dir.string();
  std::error_code ec;
  std::vector<fs::path> subdirs;
  for (const fs::path& sub : SubDirectories(dir, ec)) {
    std::string name = sub.filename().string();
    if (!name.empty() && name[0] != '.') subdirs.push_back(sub);
  }
  if (ec) {
    return Unavailable("cannot list run directory '" + dir.string() +
                       "': " + ec.message());
  }
  for (const fs::path& sub : subdirs) {
    BackendRun backend;
    backend.name = sub.filename().string();
    backend.dir = sub.string();
    MDBPROF_RETURN_IF_ERROR(LoadBackend(sub, &backend, &run.skipped));
    if (!backend.repetitions.empty())
      run.backends.push_back(std::move(backend));
  }
  std::sort(run.backends.begin(), run.backends.end(),
            [](const BackendRun& a, const BackendRun& b) {
              const int oa = OrderOf(a), ob = OrderOf(b);
              return oa != ob ? oa < ob : a.name < b.name;
            });
  return run;
}

}  // namespace

Result<RunSet> LoadRunSet(const std::string& run_dir) {
  std::error_code ec;
  if (!fs::exists(run_dir, ec)) {
    return NotFound("run directory '" + run_dir + "' does not exist");
  }
  if (!fs::is_directory(run_dir, ec)) {
    return InvalidArgument("'" + run_dir + "' is not a run directory");
  }
  fs::path dir = fs::weakly_canonical(fs::absolute(run_dir), ec);
  if (ec) dir = fs::absolute(run_dir).lexically_normal();
  Result<RunSet> run = LoadDir(dir);
  if (!run.ok()) return run;
  if (run->backends.empty() && fs::is_symlink(dir / results::kLatestLink, ec)) {
    fs::path latest = fs::weakly_canonical(dir / results::kLatestLink, ec);
    if (!ec && fs::is_directory(latest, ec)) run = LoadDir(latest);
    if (!run.ok()) return run;
  }
  if (run->backends.empty()) {
    return InvalidArgument("'" + run_dir + "' holds no backend results " +
                           "(expected <backend>/" + results::kRunMetricsFile +
                           ")");
  }
  return run;
}

std::optional<double> MetricOf(const Repetition& rep, std::string_view name) {
  const results::RunMetrics& m = rep.metrics;
  auto per_sec = [&](int64_t count) -> std::optional<double> {
    if (!results::IsMeasured(m.duration_s) || m.duration_s <= 0) {
      return std::nullopt;
    }
    return static_cast<double>(count) / m.duration_s;
  };
  if (name == "writes_per_sec") return per_sec(m.writes);
  if (name == "reads_per_sec") return per_sec(m.reads);
  if (IsBackendFileMetric(name)) {
    auto it = rep.file_metrics.find(name);
    if (it == rep.file_metrics.end()) return std::nullopt;
    return it->second;
  }
  Result<std::optional<double>> v = results::MetricValue(m, name);
  return v.ok() ? *v : std::nullopt;
}

}  // namespace mdbprof::report
