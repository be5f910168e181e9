#include "pprof/function_graph.h"

#include <algorithm>
#include <utility>

#include "pprof/int_math.h"

namespace mdbprof::pprof {
namespace {

// An edge of Build: its weight (counted once per sample) and whether every
// call it stands for is to an inlined frame.
struct Edge {
  int64_t weight = 0;
  uint32_t last_sample = 0;  // 1 + number of the sample that last added
  bool inline_call = true;
};

// Build's edges between any nodes, keyed caller * node_count + callee: an
// open-addressing hash table with linear probing (a std::unordered_map took
// most of `mdbprof top`'s time on large profiles, issue #7).
class HashedEdges {
 public:
  explicit HashedEdges(size_t node_count) : n_(node_count) { Resize(10); }

  // The edge parent -> node, inserted (weight 0, inline) when new.
  Edge& Find(int parent, int node) {
    if ((size_ + 1) * 4 > slots_.size() * 3) Resize(bits_ + 1);
    const uint64_t k = static_cast<uint64_t>(parent) * n_ + node + 1;
    for (size_t i = Home(k);; i = (i + 1) & mask_) {
      Slot& s = slots_[i];
      if (s.key_plus_one == k) return s.edge;
      if (s.key_plus_one == 0) {
        s.key_plus_one = k;
        ++size_;
        return s.edge;
      }
    }
  }

  // Calls f(callee, edge) for every edge.
  template <typename F>
  void ForEach(F f) const {
    for (const Slot& s : slots_) {
      if (s.key_plus_one != 0) f((s.key_plus_one - 1) % n_, s.edge);
    }
  }

 private:
  struct Slot {
    uint64_t key_plus_one = 0;  // 0: empty
    Edge edge;
  };

  size_t Home(uint64_t k) const {
    return static_cast<size_t>((k * 0x9E3779B97F4A7C15ull) >> (64 - bits_));
  }
  void Resize(int bits) {
    std::vector<Slot> old(size_t{1} << bits);
    old.swap(slots_);
    bits_ = bits;
    mask_ = slots_.size() - 1;
    for (const Slot& s : old) {
      if (s.key_plus_one == 0) continue;
      size_t i = Home(s.key_plus_one);
      while (slots_[i].key_plus_one != 0) i = (i + 1) & mask_;
      slots_[i] = s;
    }
  }

  const size_t n_;
  std::vector<Slot> slots_;
  size_t size_ = 0;
  int bits_ = 0;
  size_t mask_ = 0;
};

// Build's edges among few kept nodes (at most kMaxDenseNodes): a
// kept x kept matrix, smaller and faster than the hash table then.
class DenseEdges {
 public:
  static constexpr size_t kMaxDenseNodes = 1024;  // 16 MiB at most

  // `kept`: the kept nodes (indexed by node id); at most kMaxDenseNodes.
  explicit DenseEdges(const std::vector<bool>& kept) : rank_(kept.size(), -1) {
    for (size_t id = 0; id < kept.size(); ++id) {
      if (!kept[id]) continue;
      rank_[id] = static_cast<int>(node_.size());
      node_.push_back(static_cast<int>(id));
    }
    edges_.resize(node_.size() * node_.size());
  }

  Edge& Find(int parent, int node) {
    return edges_[static_cast<size_t>(rank_[parent]) * node_.size() +
                  rank_[node]];
  }

  template <typename F>
  void ForEach(F f) const {
    for (size_t i = 0; i < edges_.size(); ++i) {
      if (edges_[i].last_sample != 0) f(node_[i % node_.size()], edges_[i]);
    }
  }

 private:
  std::vector<int> rank_;  // node id -> rank among the kept, -1 if dropped
  std::vector<int> node_;  // rank -> node id
  std::vector<Edge> edges_;
};

// Build without edges.
struct NoEdges {
  Edge& Find(int, int) { return unused; }
  template <typename F>
  void ForEach(F) const {}
  Edge unused;
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
  const auto& locations = profile.proto().location();
  uint64_t max_id = 0;
  for (const auto& location : locations) {
    max_id = std::max<uint64_t>(max_id, location.id());
  }
  const bool dense =
      max_id <= 4 * static_cast<uint64_t>(locations.size()) + 1024;
  if (dense) location_by_id_.assign(max_id + 1, -1);
  location_begin_.reserve(locations.size() + 1);
  for (int k = 0; k < locations.size(); ++k) {
    const auto& location = locations[k];
    if (dense) {
      location_by_id_[location.id()] = k;
    } else {
      location_by_id_map_.emplace(location.id(), k);
    }
    location_begin_.push_back(static_cast<uint32_t>(location_nodes_.size()));
    std::string objfile;
    if (const auto* m = profile.FindMapping(location.mapping_id())) {
      objfile = profile.String(m->filename());
    }
    if (location.line_size() == 0) {
      location_nodes_.push_back(Intern({"", objfile, 0}));
      continue;
    }
    for (const auto& line : location.line()) {
      const auto* f = profile.FindFunction(line.function_id());
      NodeInfo info{std::string(profile.String(f->name())), "", 0};
      if (info.name.empty()) {
        info.objfile = objfile;
        info.start_line = f->start_line();
      }
      location_nodes_.push_back(Intern(std::move(info)));
    }
  }
  location_begin_.push_back(static_cast<uint32_t>(location_nodes_.size()));
}

int FunctionGraphBuilder::Intern(NodeInfo info) {
  auto [it, inserted] = ids_.emplace(info.SortKey(), info_.size());
  if (inserted) info_.push_back(std::move(info));
  return it->second;
}

int FunctionGraphBuilder::LocationIndex(uint64_t id) const {
  if (!location_by_id_map_.empty()) return location_by_id_map_.at(id);
  return location_by_id_.at(id);
}

std::vector<GraphNode> FunctionGraphBuilder::Build(
    const std::vector<const perftools::profiles::Sample*>& samples,
    int value_index, const std::vector<bool>* kept, int64_t edge_cutoff) const {
  const size_t n = info_.size();
  std::vector<int64_t> flat(n, 0), cum(n, 0);
  std::vector<bool> inline_in(n, false), direct_in(n, false);
  auto flags = [&](size_t callee, const Edge& edge) {
    if (WrappingAbs(edge.weight) < edge_cutoff) return;
    if (edge.inline_call) {
      inline_in[callee] = true;
    } else {
      direct_in[callee] = true;
    }
  };
  if (kept != nullptr &&
      std::count(kept->begin(), kept->end(), true) <=
          static_cast<ptrdiff_t>(DenseEdges::kMaxDenseNodes)) {
    DenseEdges edges(*kept);
    Accumulate(samples, value_index, kept, &flat, &cum, &edges);
    edges.ForEach(flags);
  } else {
    HashedEdges edges(n);
    Accumulate(samples, value_index, kept, &flat, &cum, &edges);
    edges.ForEach(flags);
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

std::vector<GraphNode> FunctionGraphBuilder::BuildValues(
    const std::vector<const perftools::profiles::Sample*>& samples,
    int value_index) const {
  const size_t n = info_.size();
  std::vector<int64_t> flat(n, 0), cum(n, 0);
  Accumulate<NoEdges>(samples, value_index, nullptr, &flat, &cum, nullptr);
  std::vector<GraphNode> result;
  for (size_t id = 0; id < n; ++id) {
    if (flat[id] == 0 && cum[id] == 0) continue;
    result.push_back({static_cast<int>(id), flat[id], cum[id], false, false});
  }
  return result;
}

template <typename Edges>
void FunctionGraphBuilder::Accumulate(
    const std::vector<const perftools::profiles::Sample*>& samples,
    int value_index, const std::vector<bool>* kept,
    std::vector<int64_t>* flat_out, std::vector<int64_t>* cum_out,
    Edges* edges) const {
  int64_t* flat = flat_out->data();
  int64_t* cum = cum_out->data();
  std::vector<uint32_t> seen_in_sample(info_.size(), 0);  // 1 + sample number
  uint32_t sample_number = 0;
  for (const auto* sample : samples) {
    ++sample_number;
    const int64_t w = sample->value(value_index);
    if (w == 0) continue;
    int parent = -1;
    bool residual = false;
    const auto& ids = sample->location_id();
    for (int i = ids.size() - 1; i >= 0; --i) {
      const int k = LocationIndex(ids[i]);
      const int* nodes = location_nodes_.data() + location_begin_[k];
      const int count =
          static_cast<int>(location_begin_[k + 1] - location_begin_[k]);
      for (int ni = count - 1; ni >= 0; --ni) {
        const int node = nodes[ni];
        if (kept != nullptr && !(*kept)[node]) {
          residual = true;
          continue;
        }
        if (seen_in_sample[node] != sample_number) {
          seen_in_sample[node] = sample_number;
          cum[node] = WrappingAdd(cum[node], w);
        }
        if (edges != nullptr && parent >= 0 && node != parent) {
          Edge& e = edges->Find(parent, node);
          // Each edge counts once per sample, even under recursion.
          if (e.last_sample != sample_number) {
            e.last_sample = sample_number;
            e.weight = WrappingAdd(e.weight, w);
            // An edge is inline while every call it stands for is to an
            // inlined frame (a line other than the location's outermost).
            if (ni == count - 1) e.inline_call = false;
          }
        }
        parent = node;
        residual = false;
      }
    }
    if (parent >= 0 && !residual) flat[parent] = WrappingAdd(flat[parent], w);
  }
}

}  // namespace mdbprof::pprof
