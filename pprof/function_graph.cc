#include "pprof/function_graph.h"

#include <unordered_set>
#include <utility>

#include "pprof/int_math.h"

namespace mdbprof::pprof {
namespace {

struct Edge {
  int64_t weight = 0;
  bool inline_call = true;
};

}  // namespace

std::string GoBaseName(std::string path) {
  if (path.empty()) return ".";
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  size_t slash = path.rfind('/');
  if (slash == std::string::npos || path.size() == 1) return path;
  return path.substr(slash + 1);
}

std::string NodeInfo::PrintableName() const {
  if (!name.empty()) return name;
  if (!objfile.empty()) return "[" + GoBaseName(objfile) + "]";
  return "<unknown>";
}

std::string NodeInfo::SortKey() const {
  // Fields of pprof's NodeInfo: Name OrigName Address File StartLine Lineno
  // Objfile (address and line are 0 at function granularity).
  return "{" + name + "  0  " + std::to_string(start_line) + " 0 " + objfile +
         "}";
}

FunctionGraphBuilder::FunctionGraphBuilder(const Profile& profile) {
  for (const auto& location : profile.proto().location()) {
    std::string objfile;
    if (const auto* m = profile.FindMapping(location.mapping_id())) {
      objfile = profile.String(m->filename());
    }
    std::vector<int>& nodes = location_nodes_[location.id()];
    if (location.line_size() == 0) {
      nodes.push_back(Intern({"", objfile, 0}));
      continue;
    }
    for (const auto& line : location.line()) {
      const auto* f = profile.FindFunction(line.function_id());
      NodeInfo info{std::string(profile.String(f->name())), "", 0};
      if (info.name.empty()) {
        info.objfile = objfile;
        info.start_line = f->start_line();
      }
      nodes.push_back(Intern(std::move(info)));
    }
  }
}

int FunctionGraphBuilder::Intern(NodeInfo info) {
  auto [it, inserted] = ids_.emplace(info.SortKey(), info_.size());
  if (inserted) info_.push_back(std::move(info));
  return it->second;
}

std::vector<GraphNode> FunctionGraphBuilder::Build(
    const std::vector<const perftools::profiles::Sample*>& samples,
    int value_index, const std::vector<bool>* kept, int64_t edge_cutoff) const {
  const size_t n = info_.size();
  std::vector<int64_t> flat(n, 0), cum(n, 0);
  std::vector<size_t> seen_in_sample(n, 0);  // 1 + sample number
  std::unordered_map<uint64_t, Edge> edges;  // caller * n + callee
  std::unordered_set<uint64_t> seen_edges;
  size_t sample_number = 0;

  for (const auto* sample : samples) {
    ++sample_number;
    const int64_t w = sample->value(value_index);
    if (w == 0) continue;
    seen_edges.clear();
    int parent = -1;
    bool residual = false;
    for (int i = sample->location_id_size() - 1; i >= 0; --i) {
      const std::vector<int>& nodes =
          location_nodes_.at(sample->location_id(i));
      for (int ni = static_cast<int>(nodes.size()) - 1; ni >= 0; --ni) {
        const int node = nodes[ni];
        if (kept != nullptr && !(*kept)[node]) {
          residual = true;
          continue;
        }
        if (seen_in_sample[node] != sample_number) {
          seen_in_sample[node] = sample_number;
          cum[node] = WrappingAdd(cum[node], w);
        }
        if (parent >= 0 && node != parent) {
          uint64_t key = static_cast<uint64_t>(parent) * n + node;
          if (seen_edges.insert(key).second) {
            Edge& e = edges[key];
            e.weight = WrappingAdd(e.weight, w);
            // An edge is inline while every call it stands for is to an
            // inlined frame (a line other than the location's outermost).
            if (ni == static_cast<int>(nodes.size()) - 1) {
              e.inline_call = false;
            }
          }
        }
        parent = node;
        residual = false;
      }
    }
    if (parent >= 0 && !residual) flat[parent] = WrappingAdd(flat[parent], w);
  }

  std::vector<bool> inline_in(n, false), direct_in(n, false);
  for (const auto& [key, edge] : edges) {
    if (WrappingAbs(edge.weight) < edge_cutoff) continue;
    const size_t callee = key % n;
    if (edge.inline_call) {
      inline_in[callee] = true;
    } else {
      direct_in[callee] = true;
    }
  }
  std::vector<GraphNode> result;
  for (size_t id = 0; id < n; ++id) {
    if (flat[id] == 0 && cum[id] == 0) continue;
    if (kept != nullptr && !(*kept)[id]) continue;
    result.push_back({static_cast<int>(id), flat[id], cum[id], inline_in[id],
                      direct_in[id]});
  }
  return result;
}

}  // namespace mdbprof::pprof
