#include "report/run_set.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "report/json_read.h"
#include "report/pebble_files.h"
#include "report/report_metrics.h"

namespace mdbprof::report {
namespace {

namespace fs = std::filesystem;

// The suite's backends in registry order (fixtures/backend.cc).
constexpr std::string_view kBackendOrder[] = {"sqlite", "postgres", "timescale",
                                              "pebble"};

size_t OrderOf(std::string_view name) {
  auto it = std::find(std::begin(kBackendOrder), std::end(kBackendOrder), name);
  return static_cast<size_t>(it - std::begin(kBackendOrder));
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

Result<std::string> ReadSmallFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound("cannot open");
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Reads the optional pebble files of `rep` (absent files are not an error:
// the report explains why the cells are empty).
void ReadPebbleFiles(Repetition* rep) {
  fs::path dir(rep->dir);
  std::error_code ec;
  if (fs::exists(dir / kDiskUsageFile, ec)) {
    Result<std::string> text = ReadSmallFile(dir / kDiskUsageFile);
    Result<double> bytes =
        text.ok() ? ParseDiskUsage(*text) : Result<double>(text.status());
    if (bytes.ok()) {
      rep->disk_usage_bytes = *bytes;
    } else {
      rep->notes.push_back(std::string(kDiskUsageFile) + ": " +
                           bytes.status().message());
    }
  }
  if (fs::exists(dir / kNamespaceCountFile, ec)) {
    Result<std::string> text = ReadSmallFile(dir / kNamespaceCountFile);
    Result<int64_t> n =
        text.ok() ? ParseNamespaceCount(*text) : Result<int64_t>(text.status());
    if (n.ok()) {
      rep->namespace_count = static_cast<double>(*n);
    } else {
      rep->notes.push_back(std::string(kNamespaceCountFile) + ": " +
                           n.status().message());
    }
  }
}

Result<Repetition> LoadRepetition(const fs::path& dir, int index,
                                  const std::string& backend) {
  const std::string path = (dir / kResultsFile).string();
  Result<nlohmann::json> json = ReadJsonFile(path);
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
  ReadPebbleFiles(&rep);
  return rep;
}

// Loads the repetitions of one backend directory into `backend`; adds a
// SkippedDir to `skipped` for directories without results.
Status LoadBackend(const fs::path& dir, BackendRun* backend,
                   std::vector<SkippedDir>* skipped) {
  std::error_code ec;
  const fs::path reps_dir = dir / "repetitions";
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
      if (!fs::exists(rep_dir / kResultsFile, ec)) {
        skipped->push_back(
            {rep_dir.string(), std::string("no ") + kResultsFile +
                                   " (the repetition did not finish)"});
        continue;
      }
      Result<Repetition> rep = LoadRepetition(rep_dir, k, backend->name);
      if (!rep.ok()) return rep.status();
      backend->repetitions.push_back(std::move(*rep));
    }
    if (!backend->repetitions.empty()) return Status::Ok();
  }
  if (fs::exists(dir / kResultsFile, ec)) {
    Result<Repetition> rep = LoadRepetition(dir, 1, backend->name);
    if (!rep.ok()) return rep.status();
    backend->repetitions.push_back(std::move(*rep));
    return Status::Ok();
  }
  skipped->push_back({dir.string(), std::string("no ") + kResultsFile +
                                        " (the backend was skipped or failed "
                                        "before measuring; see its server.log "
                                        "or the ctest output)"});
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
              size_t oa = OrderOf(a.name), ob = OrderOf(b.name);
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
  if (run->backends.empty() && fs::is_symlink(dir / "latest", ec)) {
    fs::path latest = fs::weakly_canonical(dir / "latest", ec);
    if (!ec && fs::is_directory(latest, ec)) run = LoadDir(latest);
    if (!run.ok()) return run;
  }
  if (run->backends.empty()) {
    return InvalidArgument("'" + run_dir + "' holds no backend results " +
                           "(expected <backend>/" + kResultsFile + ")");
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
  if (name == "disk_usage_bytes") return rep.disk_usage_bytes;
  if (name == "namespace_count") return rep.namespace_count;
  Result<std::optional<double>> v = results::MetricValue(m, name);
  return v.ok() ? *v : std::nullopt;
}

}  // namespace mdbprof::report
