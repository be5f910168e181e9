#include "pprof/top.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "pprof/filter.h"
#include "pprof/function_graph.h"
#include "pprof/int_math.h"
#include "pprof/sample_index.h"

namespace mdbprof::pprof {
namespace {

using SampleList = std::vector<const perftools::profiles::Sample*>;

// Go's abs64(int64(float64(value) * fraction)), saturating instead of
// undefined behaviour when the product does not fit.
int64_t Cutoff(int64_t value, double fraction) {
  double product = static_cast<double>(value) * fraction;
  if (!(std::fabs(product) < 9.2e18))
    return std::numeric_limits<int64_t>::max();
  return WrappingAbs(static_cast<int64_t>(product));
}

// pprof's FlatNameOrder (|flat|, name, |cum|) or, with `cum`, CumNameOrder
// (|cum|, name, |flat|).
void SortRows(std::vector<GraphNode>* nodes, const std::vector<NodeInfo>& info,
              bool cum) {
  std::vector<std::string> names(info.size());
  for (const GraphNode& n : *nodes) names[n.id] = info[n.id].PrintableName();
  std::sort(nodes->begin(), nodes->end(),
            [&](const GraphNode& l, const GraphNode& r) {
              int64_t lf = WrappingAbs(l.flat), rf = WrappingAbs(r.flat);
              int64_t lc = WrappingAbs(l.cum), rc = WrappingAbs(r.cum);
              if (cum) {
                if (lc != rc) return lc > rc;
                if (names[l.id] != names[r.id])
                  return names[l.id] < names[r.id];
                if (lf != rf) return lf > rf;
              } else {
                if (lf != rf) return lf > rf;
                if (names[l.id] != names[r.id])
                  return names[l.id] < names[r.id];
                if (lc != rc) return lc > rc;
              }
              return info[l.id].SortKey() < info[r.id].SortKey();
            });
}

std::vector<bool> KeepSet(const std::vector<GraphNode>& nodes, size_t size) {
  std::vector<bool> kept(size, false);
  for (const GraphNode& n : nodes) kept[n.id] = true;
  return kept;
}

void FillHeader(const Profile& profile, const TopOptions& options,
                TopReport* report) {
  const auto& p = profile.proto();
  if (p.mapping_size() > 0) {
    std::string file(profile.String(p.mapping(0).filename()));
    if (!file.empty()) file = GoBaseName(file);
    report->file = file;
    report->build_id = profile.String(p.mapping(0).build_id());
  }
  for (int64_t c : p.comment()) {
    std::string_view text = profile.String(c);
    if (text.empty() || text.front() != '#')
      report->comments.emplace_back(text);
  }
  report->time_nanos = p.time_nanos();
  report->duration_nanos = p.duration_nanos();
  if (!options.focus.empty())
    report->active_filters.push_back("focus=" + options.focus);
  if (!options.ignore.empty())
    report->active_filters.push_back("ignore=" + options.ignore);
  report->node_fraction = options.node_fraction;
}

}  // namespace

Result<TopReport> Top(const Profile& profile, const TopOptions& options) {
  if (options.nodecount < 0) {
    return InvalidArgument("nodecount must be >= 0, is " +
                           std::to_string(options.nodecount));
  }
  if (!(options.node_fraction >= 0 && options.node_fraction <= 1)) {
    return InvalidArgument("node_fraction must be in [0, 1]");
  }
  if (!(options.edge_fraction >= 0 && options.edge_fraction <= 1)) {
    return InvalidArgument("edge_fraction must be in [0, 1]");
  }
  Result<int> index = ResolveSampleIndex(profile, options.sample_index);
  if (!index.ok()) return index.status();
  Result<SampleFilter> filter =
      SampleFilter::Create(profile, options.focus, options.ignore);
  if (!filter.ok()) return filter.status();

  const auto& p = profile.proto();
  TopReport report;
  report.sample_type = profile.String(p.sample_type(*index).type());
  report.unit = profile.String(p.sample_type(*index).unit());
  FillHeader(profile, options, &report);

  // As pprof: the total covers every sample, the graph only the kept ones.
  SampleList samples;
  for (const auto& sample : p.sample()) {
    report.total = WrappingAdd(report.total, WrappingAbs(sample.value(*index)));
    if (filter->Keep(sample)) samples.push_back(&sample);
  }

  FunctionGraphBuilder builder(profile);
  const size_t node_count = builder.info().size();
  std::vector<GraphNode> nodes = builder.BuildValues(samples, *index);
  int64_t flat_sum = 0;
  for (const GraphNode& n : nodes) flat_sum = WrappingAdd(flat_sum, n.flat);
  const int64_t node_cutoff = Cutoff(flat_sum, options.node_fraction);
  const int64_t edge_cutoff = Cutoff(flat_sum, options.edge_fraction);

  std::vector<bool> kept(node_count, true);
  if (node_cutoff > 0) {
    std::vector<GraphNode> above;
    for (const GraphNode& n : nodes) {
      if (WrappingAbs(n.cum) >= node_cutoff) above.push_back(n);
    }
    report.dropped_nodes = static_cast<int>(nodes.size() - above.size());
    kept = KeepSet(above, node_count);
  }
  nodes = builder.Build(samples, *index, &kept, edge_cutoff);
  report.rows_before_nodecount = static_cast<int>(nodes.size());
  SortRows(&nodes, builder.info(), options.cum);
  if (options.nodecount > 0 &&
      static_cast<size_t>(options.nodecount) < nodes.size()) {
    nodes.resize(options.nodecount);
    kept = KeepSet(nodes, node_count);
    nodes = builder.Build(samples, *index, &kept, edge_cutoff);
    SortRows(&nodes, builder.info(), options.cum);
  }

  for (const GraphNode& n : nodes) {
    FunctionRow row;
    row.name = builder.info()[n.id].PrintableName();
    row.flat = n.flat;
    row.cum = n.cum;
    if (n.inline_in)
      row.inline_label = n.direct_in ? "(partial-inline)" : "(inline)";
    report.rows.push_back(std::move(row));
  }
  return report;
}

}  // namespace mdbprof::pprof
