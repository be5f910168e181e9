#include "bench/run_dir.h"

#include <ctime>
#include <filesystem>
#include <system_error>

#include "results/run_layout.h"

namespace mdbprof::bench {
namespace {

namespace fs = std::filesystem;

std::string Join(const std::string& dir, const std::string& name) {
  return (fs::path(dir) / name).string();
}

}  // namespace

std::string RunDirName(std::chrono::system_clock::time_point t) {
  std::time_t tt = std::chrono::system_clock::to_time_t(t);
  std::tm local;
  localtime_r(&tt, &local);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%d_%H%M%S", &local);
  return buf;
}

Result<std::string> CreateRunDir(const std::string& out_dir,
                                 std::chrono::system_clock::time_point now) {
  std::error_code ec;
  fs::create_directories(out_dir, ec);
  if (ec) {
    return Unavailable("cannot create output directory '" + out_dir +
                       "' (MDBPROF_OUT): " + ec.message());
  }
  const std::string base = RunDirName(now);
  for (int n = 1; n < 1000; ++n) {
    std::string name = n == 1 ? base : base + "-" + std::to_string(n);
    std::string path = Join(out_dir, name);
    // create_directory is false (no error) when it exists: try the next name.
    if (fs::create_directory(path, ec)) {
      MDBPROF_RETURN_IF_ERROR(PointLatestAt(out_dir, name));
      return path;
    }
    if (ec) {
      return Unavailable("cannot create run directory '" + path +
                         "': " + ec.message());
    }
  }
  return Unavailable("cannot create a run directory in '" + out_dir +
                     "': too many runs named " + base);
}

Status PointLatestAt(const std::string& out_dir, const std::string& name) {
  std::error_code ec;
  const std::string link = Join(out_dir, results::kLatestLink);
  const std::string tmp = link + ".tmp." + name;
  fs::remove(tmp, ec);
  fs::create_directory_symlink(name, tmp, ec);
  if (ec) {
    return Unavailable("cannot create symlink '" + tmp + "': " + ec.message());
  }
  fs::rename(tmp, link, ec);  // rename(2) replaces the old link atomically
  if (ec) {
    fs::remove(tmp, ec);
    return Unavailable("cannot update '" + link + "': " + ec.message());
  }
  return Status::Ok();
}

Result<std::string> ResolveLatestRun(const std::string& out_dir) {
  const std::string link = Join(out_dir, results::kLatestLink);
  std::error_code ec;
  fs::path target = fs::read_symlink(link, ec);
  if (ec) {
    return NotFound("no run directory: '" + link + "' " +
                    (fs::exists(link) ? "is not a symlink" : "does not exist") +
                    " (run `profile_bench --init_run` first)");
  }
  std::string dir =
      target.is_absolute() ? target.string() : Join(out_dir, target.string());
  if (!fs::is_directory(dir, ec)) {
    return NotFound("'" + link + "' points at '" + target.string() +
                    "', which is not a directory");
  }
  return dir;
}

std::string BackendDir(const std::string& run_dir, const std::string& backend,
                       int repetition, int repetitions) {
  const std::string dir = (fs::path(run_dir) / backend).string();
  return repetitions > 1 ? results::RepetitionDir(dir, repetition) : dir;
}

Status PublishRepetition(const std::string& repetition_dir,
                         const std::string& backend_dir) {
  std::error_code ec;
  for (const fs::directory_entry& entry :
       fs::directory_iterator(repetition_dir, ec)) {
    if (!entry.is_regular_file()) continue;
    fs::path dest = fs::path(backend_dir) / entry.path().filename();
    fs::remove(dest, ec);
    fs::create_hard_link(entry.path(), dest, ec);
    if (ec) {
      fs::copy_file(entry.path(), dest, fs::copy_options::overwrite_existing,
                    ec);
    }
    if (ec) {
      return Unavailable("cannot publish '" + entry.path().string() +
                         "' into '" + backend_dir + "': " + ec.message());
    }
  }
  if (ec) {
    return Unavailable("cannot list '" + repetition_dir + "': " + ec.message());
  }
  return Status::Ok();
}

}  // namespace mdbprof::bench
