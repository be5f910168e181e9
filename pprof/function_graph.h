// Internal: the call graph `go tool pprof` builds at its default granularity
// (functions, inlined frames kept). One node per function name; a location
// contributes one node per line (line[0] is the innermost, inlined frame).
//
//   FunctionGraphBuilder builder(profile);
//   std::vector<GraphNode> nodes = builder.Build(samples, value_index);
#ifndef MDBPROF_PPROF_FUNCTION_GRAPH_H_
#define MDBPROF_PPROF_FUNCTION_GRAPH_H_

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "pprof/profile.h"

namespace mdbprof::pprof {

// Go's filepath.Base: the last element of `path` ("." for "").
std::string GoBaseName(std::string path);

// pprof's NodeInfo after aggregation to functions: the name; for a frame
// without a function name, the mapping's file and the function start line.
struct NodeInfo {
  std::string name;
  std::string objfile;
  int64_t start_line = 0;

  // What pprof prints: the name, else "[basename(objfile)]", else
  // "<unknown>".
  std::string PrintableName() const;
  // pprof's last-resort tie break, fmt.Sprint(NodeInfo).
  std::string SortKey() const;
};

struct GraphNode {
  int id = 0;  // index into FunctionGraphBuilder::info()
  int64_t flat = 0;
  int64_t cum = 0;
  // Incoming edges (from callers) kept by the edge cutoff: some of them are
  // inlined calls / some are not. pprof labels a node "(inline)" when only
  // the first holds and "(partial-inline)" when both do.
  bool inline_in = false;
  bool direct_in = false;
};

class FunctionGraphBuilder {
 public:
  // Indexes the locations of `profile`; Build takes samples of this profile.
  explicit FunctionGraphBuilder(const Profile& profile);

  // pprof's graph.New: for each sample with a non-zero value at
  // `value_index`: cum += value once per distinct node on the stack, flat +=
  // value on the leaf node (location[0].line[0]) when kept, edges between
  // consecutive kept nodes. Edges lighter than `edge_cutoff` (absolute) are
  // ignored for the inline flags. Returns the nodes with a non-zero flat or
  // cum, in no particular order.
  // `kept`: node ids that take part (indexed by id), nullptr for all.
  std::vector<GraphNode> Build(
      const std::vector<const perftools::profiles::Sample*>& samples,
      int value_index, const std::vector<bool>* kept = nullptr,
      int64_t edge_cutoff = 0) const;
  // Build(samples, value_index) without the edges: the same nodes, flat and
  // cum, with inline_in and direct_in false. Several times faster on large
  // profiles (tracking edges is most of Build's cost).
  std::vector<GraphNode> BuildValues(
      const std::vector<const perftools::profiles::Sample*>& samples,
      int value_index) const;

  const std::vector<NodeInfo>& info() const { return info_; }

 private:
  int Intern(NodeInfo info);
  // Adds the samples' values to flat and cum (indexed by node id) and, when
  // `edges` is not null, to the edges (see function_graph.cc).
  template <typename Edges>
  void Accumulate(
      const std::vector<const perftools::profiles::Sample*>& samples,
      int value_index, const std::vector<bool>* kept,
      std::vector<int64_t>* flat, std::vector<int64_t>* cum,
      Edges* edges) const;
  // Index of location `id` into location_begin_ (which must exist).
  int LocationIndex(uint64_t id) const;

  std::vector<NodeInfo> info_;
  std::unordered_map<std::string, int> ids_;  // SortKey() -> id
  // Location number k (in profile order) -> node ids
  // location_nodes_[location_begin_[k] .. location_begin_[k + 1]), one per
  // line (line[0] first), or one node for a location without lines.
  std::vector<int> location_nodes_;
  std::vector<uint32_t> location_begin_;
  // Location id -> k: a table indexed by id when ids are small (as in every
  // profile Go writes: 1..N), else a hash map.
  std::vector<int32_t> location_by_id_;
  std::unordered_map<uint64_t, int> location_by_id_map_;
};

}  // namespace mdbprof::pprof

#endif  // MDBPROF_PPROF_FUNCTION_GRAPH_H_
