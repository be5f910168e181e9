#include "report/flame_files.h"

#include <filesystem>
#include <sstream>

#include "base/text_file.h"
#include "report/flame_graph.h"
#include "results/run_layout.h"
#include "results/run_profiles.h"

namespace mdbprof::report {
namespace {

namespace fs = std::filesystem;

// A profile of the last repetition, ready to draw.
struct Source {
  const char* kind;
  Result<pprof::Profile> profile = NotFound("not read");
};

// The CPU profile and the load's allocations of `dir`.
std::vector<Source> Sources(const std::string& dir) {
  results::RunProfiles p = results::LoadRunProfiles(dir);
  std::vector<Source> out(2);
  out[0].kind = "cpu";
  out[0].profile = std::move(p.cpu.profile);
  out[1].kind = "alloc_space";
  if (p.alloc_delta.ok()) {
    out[1].profile = std::move(p.alloc_delta->profile);
  } else {
    out[1].profile = p.alloc_delta.status();
  }
  return out;
}

double TotalOps(const BackendSummary& b) {
  const MetricSeries* ops = b.Metric("total_ops");
  if (ops == nullptr || ops->values.empty() || !ops->values.back()) return 0;
  return *ops->values.back();
}

const char* FileOf(const std::string& kind, bool diff) {
  if (kind == "cpu") {
    return diff ? results::kFlameDiffCpuFile : results::kFlameCpuFile;
  }
  return diff ? results::kFlameDiffAllocSpaceFile
              : results::kFlameAllocSpaceFile;
}

std::string SampleIndex(const std::string& kind) {
  return kind == "cpu" ? "" : kind;
}

// Writes `svg` (or removes a stale file when it is an error) into `f`.
void Store(const Result<std::string>& svg, FlameGraphFile* f) {
  std::error_code ec;
  if (!svg.ok()) {
    f->error = svg.status().message();
    fs::remove(f->path, ec);
    return;
  }
  Status written = WriteTextFile(f->path, *svg);
  if (!written.ok()) f->error = written.message();
}

}  // namespace

std::vector<FlameGraphFile> WriteBackendFlameGraphs(
    const BackendSummary& backend, bool full_names) {
  std::vector<FlameGraphFile> files;
  if (backend.repetition_dirs.empty()) return files;
  const std::string last = backend.repetition_dirs.back();
  const std::string dir_name = fs::path(backend.dir).filename().string();
  for (Source& s : Sources(last)) {
    FlameGraphFile f;
    f.backend = backend.name;
    f.kind = s.kind;
    f.path = (fs::path(backend.dir) / FileOf(f.kind, false)).string();
    f.relative = dir_name + "/" + FileOf(f.kind, false);
    if (!s.profile.ok()) {
      Store(s.profile.status(), &f);
    } else {
      FlameGraphOptions options;
      options.sample_index = SampleIndex(f.kind);
      options.full_names = full_names;
      options.title = backend.name + ": " + f.kind + " (last repetition)";
      Store(FlameGraphSvg(*s.profile, options), &f);
    }
    files.push_back(std::move(f));
  }
  return files;
}

std::vector<FlameGraphFile> WriteAbFlameGraphs(const Comparison& base,
                                               const Comparison& head,
                                               bool full_names) {
  std::vector<FlameGraphFile> files;
  for (const BackendSummary& h : head.backends) {
    const BackendSummary* b = base.Backend(h.name);
    if (b == nullptr || b->repetition_dirs.empty() ||
        h.repetition_dirs.empty()) {
      continue;
    }
    std::vector<Source> head_sources = Sources(h.repetition_dirs.back());
    std::vector<Source> base_sources = Sources(b->repetition_dirs.back());
    const double head_ops = TotalOps(h), base_ops = TotalOps(*b);
    const std::string dir_name = fs::path(h.dir).filename().string();
    for (size_t i = 0; i < head_sources.size(); ++i) {
      FlameGraphFile f;
      f.backend = h.name;
      f.kind = head_sources[i].kind;
      f.path = (fs::path(h.dir) / FileOf(f.kind, true)).string();
      f.relative = std::string(results::kAbHeadDir) + "/" + dir_name + "/" +
                   FileOf(f.kind, true);
      if (!head_sources[i].profile.ok()) {
        Store(head_sources[i].profile.status().WithContext("HEAD"), &f);
      } else if (!base_sources[i].profile.ok()) {
        Store(base_sources[i].profile.status().WithContext("BASE"), &f);
      } else {
        FlameGraphOptions options;
        options.sample_index = SampleIndex(f.kind);
        options.full_names = full_names;
        options.title =
            h.name + ": " + f.kind + ", HEAD vs BASE (last repetitions" +
            (head_ops > 0 && base_ops > 0 ? ", per operation)" : ")");
        options.head_ops = head_ops;
        options.base_ops = base_ops;
        Store(DiffFlameGraphSvg(*head_sources[i].profile,
                                *base_sources[i].profile, options),
              &f);
      }
      files.push_back(std::move(f));
    }
  }
  return files;
}

std::string FlameGraphLinksMarkdown(const std::vector<FlameGraphFile>& files,
                                    const std::string& title) {
  std::ostringstream md;
  std::string backend;
  bool any = false, backend_has_link = false;
  for (const FlameGraphFile& f : files) {
    if (!f.error.empty()) continue;
    if (!any) md << "## " << title << "\n\n";
    if (f.backend != backend) {
      md << (any ? "\n" : "") << "- " << f.backend << ":";
      backend = f.backend;
      backend_has_link = false;
    }
    any = true;
    md << (backend_has_link ? " · " : " ") << "[" << f.kind << "]("
       << f.relative << ")";
    backend_has_link = true;
  }
  if (any) md << "\n\n";
  return md.str();
}

}  // namespace mdbprof::report
