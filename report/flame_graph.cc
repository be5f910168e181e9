#include "report/flame_graph.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <sstream>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "pprof/sample_index.h"
#include "pprof/units.h"
#include "report/flame_graph_script.h"
#include "report/readable_name.h"

namespace mdbprof::report {
namespace {

// Geometry, in px.
constexpr double kWidth = 1200;
constexpr double kPad = 10;
constexpr double kGraphWidth = kWidth - 2 * kPad;
constexpr double kHeaderHeight = 78;
constexpr double kFrameHeight = 17;
constexpr double kFontSize = 11;
constexpr double kCharWidth = 0.6 * kFontSize;  // of the monospace font

// The call tree: node 0 is the root; children by name (sorted, so that two
// graphs of similar profiles line up).
struct Node {
  std::string name;
  int64_t head = 0;  // cumulative value in HEAD (the drawn profile)
  int64_t base = 0;  // cumulative value in BASE (differential mode)
  std::map<std::string, int, std::less<>> children;
};

class Tree {
 public:
  Tree() { nodes_.push_back({"all", 0, 0, {}}); }

  // Adds every sample of `profile` with value > 0 at `index` to HEAD
  // (`head`) or BASE.
  void Add(const pprof::Profile& profile, int index, bool head) {
    std::unordered_map<uint64_t, std::vector<std::string>> names;
    std::vector<const std::vector<std::string>*> stack;
    for (const auto& sample : profile.proto().sample()) {
      const int64_t v = sample.value(index);
      if (v <= 0) continue;
      int node = 0;
      Credit(node, v, head);
      const auto& ids = sample.location_id();
      for (int i = ids.size() - 1; i >= 0; --i) {
        auto [it, inserted] = names.try_emplace(ids[i]);
        if (inserted) it->second = FrameNames(profile, ids[i]);
        for (const std::string& name : it->second) {
          node = Child(node, name);
          Credit(node, v, head);
        }
      }
    }
  }

  std::vector<Node>& nodes() { return nodes_; }

 private:
  // The location's frames, outermost (caller) first: pprof's names, else
  // "[basename of the mapping's file]", else "<unknown>".
  static std::vector<std::string> FrameNames(const pprof::Profile& profile,
                                             uint64_t location_id) {
    std::vector<std::string> out;
    const auto* location = profile.FindLocation(location_id);
    for (int l = location->line_size() - 1; l >= 0; --l) {
      const auto* f = profile.FindFunction(location->line(l).function_id());
      std::string name(f ? profile.String(f->name()) : "");
      if (!name.empty()) out.push_back(std::move(name));
    }
    if (!out.empty()) return out;
    const auto* m = profile.FindMapping(location->mapping_id());
    std::string file(m ? profile.String(m->filename()) : "");
    if (file.empty()) return {"<unknown>"};
    const size_t slash = file.rfind('/');
    return {"[" + file.substr(slash == std::string::npos ? 0 : slash + 1) +
            "]"};
  }

  int Child(int parent, const std::string& name) {
    auto it = nodes_[parent].children.find(name);
    if (it != nodes_[parent].children.end()) return it->second;
    const int id = static_cast<int>(nodes_.size());
    nodes_[parent].children.emplace(name, id);
    nodes_.push_back({name, 0, 0, {}});
    return id;
  }

  void Credit(int node, int64_t v, bool head) {
    int64_t& sum = head ? nodes_[node].head : nodes_[node].base;
    // Saturating: profiles are untrusted input.
    sum = v > INT64_MAX - sum ? INT64_MAX : sum + v;
  }

  std::vector<Node> nodes_;
};

// Appends `s` as XML character data: markup escaped, invalid UTF-8 as
// U+FFFD, control characters (which XML forbids) as '?'.
void AppendXml(std::string* out, std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = s[i];
    if (c < 0x80) {
      switch (c) {
        case '&':
          *out += "&amp;";
          break;
        case '<':
          *out += "&lt;";
          break;
        case '>':
          *out += "&gt;";
          break;
        case '"':
          *out += "&quot;";
          break;
        case '\'':
          *out += "&apos;";
          break;
        default:
          *out += (c < 0x20 && c != '\n' && c != '\t') ? '?' : char(c);
      }
      ++i;
      continue;
    }
    const int len = c >= 0xF0 && c < 0xF5   ? 4
                    : c >= 0xE0             ? 3
                    : c >= 0xC2 && c < 0xE0 ? 2
                                            : 0;
    bool ok = len > 0 && i + len <= s.size();
    for (int k = 1; ok && k < len; ++k) {
      ok = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
    }
    if (ok) {
      out->append(s.substr(i, len));
      i += len;
    } else {
      *out += "\xEF\xBF\xBD";
      ++i;
    }
  }
}

std::string Xml(std::string_view s) {
  std::string out;
  AppendXml(&out, s);
  return out;
}

// `name` cut to what fits in `px` (code points, "…" when cut; "" when not
// even three characters fit). The script's label() does the same.
std::string Label(std::string_view name, double px) {
  const int fit = static_cast<int>(std::floor((px - 6) / kCharWidth));
  std::vector<size_t> starts;  // code point starts
  for (size_t i = 0; i < name.size(); ++i) {
    if ((static_cast<unsigned char>(name[i]) & 0xC0) != 0x80) {
      starts.push_back(i);
    }
  }
  if (fit >= static_cast<int>(starts.size())) return std::string(name);
  if (fit < 3) return "";
  return std::string(name.substr(0, starts[fit - 1])) + "\u2026";
}

uint32_t Hash(std::string_view s) {
  uint32_t h = 2166136261u;
  for (char c : s) h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
  return h;
}

// Go prints "pkg.Func", "path/pkg.(*T).M"; C++ uses "::".
bool IsGoName(std::string_view name) {
  if (name.find("::") != std::string_view::npos) return false;
  const size_t dot = name.find('.');
  if (dot == 0 || dot == std::string_view::npos) return false;
  for (size_t i = 0; i < dot; ++i) {
    const char c = name[i];
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '/' ||
          c == '-')) {
      return false;
    }
  }
  return true;
}

std::string Rgb(int r, int g, int b) {
  return "rgb(" + std::to_string(r) + "," + std::to_string(g) + "," +
         std::to_string(b) + ")";
}

// Warm for C++ and native code, green-blue for Go, grey without a name.
std::string NameColor(std::string_view name) {
  const uint32_t h = Hash(name);
  const double a = (h & 0xFF) / 255.0, b = ((h >> 8) & 0xFF) / 255.0,
               c = ((h >> 16) & 0xFF) / 255.0;
  if (name.empty() || name.front() == '[' || name.front() == '<') {
    const int g = 185 + static_cast<int>(25 * a);
    return Rgb(g, g, g);
  }
  if (IsGoName(name)) {
    return Rgb(70 + static_cast<int>(70 * a), 180 + static_cast<int>(50 * b),
               170 + static_cast<int>(60 * c));
  }
  return Rgb(215 + static_cast<int>(40 * a), 100 + static_cast<int>(120 * b),
             40 + static_cast<int>(40 * c));
}

// Red grew, blue shrank; `strength` in [0, 1] (0: unchanged, near white).
std::string DeltaColor(double delta, double strength) {
  const int fade =
      230 - static_cast<int>(std::lround(180 * std::sqrt(strength)));
  if (delta > 0) return Rgb(255, fade, fade);
  if (delta < 0) return Rgb(fade, fade, 255);
  return Rgb(230, 230, 230);
}

// `value` (a double, e.g. per operation) with pprof's unit scaling.
std::string Amount(double value, const std::string& unit) {
  int64_t magnitude = std::llround(std::min(std::fabs(value), 9e18));
  if (magnitude == 0) magnitude = 1;
  auto [scaled, scaled_unit] = pprof::Scale(magnitude, unit, "auto");
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.3g",
                value * scaled / static_cast<double>(magnitude));
  return buf + scaled_unit;
}

std::string Share(double part, double whole) {
  if (whole == 0) return "0%";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f%%", 100 * part / whole);
  return buf;
}

struct Drawing {
  std::string title, subtitle;
  std::string unit;
  bool differential = false;
  double head_scale = 1, base_scale = 1;  // 1/ops in per-op mode
  std::string per;                        // "/op" in per-op mode
  double min_share = 0;
  bool full_names = false;
};

std::string Render(std::vector<Node>& nodes, const Drawing& d) {
  const Node& root = nodes[0];
  const double total = static_cast<double>(root.head);
  // Depth-first layout (explicit stack: stacks may be deep). Each entry:
  // node, frame id of the parent, depth, left edge as a share.
  struct Item {
    int node;
    int parent_frame;
    int depth;
    double x;
  };
  struct Frame {
    int node, parent, depth;
    double x, w;
  };
  std::vector<Frame> frames;
  std::vector<Item> todo = {{0, -1, 0, 0.0}};
  int max_depth = 0;
  // Colour strength in differential mode: the change as a share of the
  // larger side's total, full at 10 % (a 0.2 % wobble of the root stays
  // pale; a frame that adds a tenth of the total is saturated).
  const double full_change =
      0.1 * std::max(root.head * d.head_scale, root.base * d.base_scale);
  while (!todo.empty()) {
    const Item item = todo.back();
    todo.pop_back();
    const Node& n = nodes[item.node];
    const double w = total > 0 ? n.head / total : 0;
    if (item.node != 0 && w < d.min_share) continue;
    const int frame = static_cast<int>(frames.size());
    frames.push_back({item.node, item.parent_frame, item.depth, item.x, w});
    max_depth = std::max(max_depth, item.depth);
    // Children left to right in name order: push in reverse.
    double x = item.x;
    std::vector<Item> children;
    for (const auto& [name, child] : n.children) {
      if (nodes[child].head <= 0) continue;
      children.push_back({child, frame, item.depth + 1, x});
      x += nodes[child].head / total;
    }
    todo.insert(todo.end(), children.rbegin(), children.rend());
  }

  const double height =
      kHeaderHeight + (max_depth + 1) * kFrameHeight + kPad + 14;
  std::ostringstream svg;
  char num[64];
  auto fmt = [&num](double v) {
    std::snprintf(num, sizeof num, "%.2f", v);
    return std::string(num);
  };
  svg << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      << "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\""
      << kWidth << "\" height=\"" << fmt(height) << "\" viewBox=\"0 0 "
      << kWidth << " " << fmt(height) << "\" data-x0=\"" << kPad
      << "\" data-gw=\"" << kGraphWidth << "\" data-cw=\"" << kCharWidth
      << "\" font-family=\"DejaVu Sans Mono, Menlo, Consolas, monospace\" "
         "font-size=\""
      << kFontSize << "\">\n"
      << "<style>g.f{cursor:pointer}g.f:hover rect{stroke:#000;"
         "stroke-width:0.6}text{pointer-events:none;fill:#000}"
         "#reset{cursor:pointer}.ctl{font-family:sans-serif;font-size:12px}"
         "</style>\n"
      << "<rect width=\"100%\" height=\"100%\" fill=\"#fafafa\"/>\n"
      << "<text x=\"" << kWidth / 2
      << "\" y=\"22\" text-anchor=\"middle\" font-family=\"sans-serif\" "
         "font-size=\"17\" font-weight=\"bold\">"
      << Xml(d.title) << "</text>\n"
      << "<text x=\"" << kWidth / 2
      << "\" y=\"41\" text-anchor=\"middle\" class=\"ctl\">" << Xml(d.subtitle)
      << "</text>\n"
      << "<text id=\"reset\" x=\"" << kPad
      << "\" y=\"66\" class=\"ctl\" fill=\"#0645ad\" style=\"display:none\">"
         "\u21a9 Reset zoom</text>\n"
      << "<text id=\"matched\" x=\"" << kWidth - kPad - 310
      << "\" y=\"66\" class=\"ctl\" text-anchor=\"end\"></text>\n"
      << "<foreignObject x=\"" << kWidth - kPad - 300
      << "\" y=\"50\" width=\"300\" height=\"24\">"
         "<input xmlns=\"http://www.w3.org/1999/xhtml\" id=\"search\" "
         "type=\"search\" placeholder=\"Search (regex or text)\" "
         "style=\"width:290px;font-size:12px\"/></foreignObject>\n";

  for (size_t i = 0; i < frames.size(); ++i) {
    const Frame& f = frames[i];
    const Node& n = nodes[f.node];
    const double head = n.head * d.head_scale;
    std::string title = n.name + "\n";
    std::string color;
    if (d.differential) {
      const double base = n.base * d.base_scale;
      const double delta = head - base;
      title += "BASE " + Amount(base, d.unit) + d.per + " \u2192 HEAD " +
               Amount(head, d.unit) + d.per + ": " + (delta > 0 ? "+" : "") +
               Amount(delta, d.unit) + d.per;
      if (base > 0)
        title +=
            " (" + std::string(delta > 0 ? "+" : "") + Share(delta, base) + ")";
      title += "\n" + Share(n.head, total) + " of HEAD";
      color = DeltaColor(
          delta,
          full_change > 0 ? std::min(1.0, std::fabs(delta) / full_change) : 0);
    } else {
      title += pprof::ScaledLabel(n.head, d.unit, "auto") + " (" +
               Share(n.head, total) + ")";
      color = f.node == 0 ? Rgb(200, 200, 200) : NameColor(n.name);
    }
    const double px = f.x * kGraphWidth + kPad;
    const double pw = std::max(0.0, f.w * kGraphWidth - 1);
    const double y = kHeaderHeight + f.depth * kFrameHeight;
    const std::string label_name =
        f.node == 0 || d.full_names ? n.name : ReadableName(n.name);
    svg << "<g class=\"f\" id=\"f" << i << "\"";
    if (f.parent >= 0) svg << " data-p=\"f" << f.parent << "\"";
    std::snprintf(num, sizeof num, "%.10g", f.x);
    svg << " data-x=\"" << num;
    std::snprintf(num, sizeof num, "%.10g", f.w);
    svg << "\" data-w=\"" << num << "\" data-d=\"" << f.depth << "\" data-n=\""
        << Xml(label_name) << "\"";
    if (label_name != n.name) svg << " data-full=\"" << Xml(n.name) << "\"";
    svg << " data-c=\"" << color << "\"><title>" << Xml(title)
        << "</title><rect x=\"" << fmt(px) << "\" y=\"" << fmt(y)
        << "\" width=\"" << fmt(pw) << "\" height=\"" << kFrameHeight - 1
        << "\" rx=\"2\" fill=\"" << color << "\"/><text x=\"" << fmt(px + 3)
        << "\" y=\"" << fmt(y + kFrameHeight - 5) << "\">"
        << Xml(Label(label_name, f.w * kGraphWidth)) << "</text></g>\n";
  }
  svg << "<text x=\"" << kPad << "\" y=\"" << fmt(height - 8)
      << "\" class=\"ctl\" fill=\"#555\">Click a frame to zoom, the root or "
         "\u201cReset zoom\u201d to unzoom; hover for values. Frames under "
      << Share(d.min_share, 1) << " of the total are not drawn.</text>\n"
      << "<script type=\"text/ecmascript\"><![CDATA["
      << internal::kFlameGraphScript << "]]></script>\n</svg>\n";
  return svg.str();
}

Status CheckOptions(const FlameGraphOptions& options) {
  if (!(options.min_share >= 0 && options.min_share < 1)) {
    return InvalidArgument("flame graph: min_share must be in [0, 1), is " +
                           std::to_string(options.min_share));
  }
  return Status::Ok();
}

}  // namespace

Result<std::string> FlameGraphSvg(const pprof::Profile& profile,
                                  const FlameGraphOptions& options) {
  MDBPROF_RETURN_IF_ERROR(CheckOptions(options));
  Result<int> index = pprof::ResolveSampleIndex(profile, options.sample_index);
  if (!index.ok()) return index.status();
  const auto& type = profile.proto().sample_type(*index);
  Tree tree;
  tree.Add(profile, *index, true);
  Drawing d;
  d.unit = std::string(profile.String(type.unit()));
  const std::string type_name(profile.String(type.type()));
  d.title = options.title.empty() ? "Flame graph: " + type_name : options.title;
  d.subtitle = type_name + " · total " +
               pprof::ScaledLabel(tree.nodes()[0].head, d.unit, "auto") +
               " · " + std::to_string(profile.proto().sample_size()) +
               " samples";
  d.min_share = options.min_share;
  d.full_names = options.full_names;
  return Render(tree.nodes(), d);
}

Result<std::string> DiffFlameGraphSvg(const pprof::Profile& head,
                                      const pprof::Profile& base,
                                      const FlameGraphOptions& options) {
  MDBPROF_RETURN_IF_ERROR(CheckOptions(options));
  Result<int> index = pprof::ResolveSampleIndex(head, options.sample_index);
  if (!index.ok()) return index.status();
  const auto& type = head.proto().sample_type(*index);
  const std::string type_name(head.String(type.type()));
  const int base_index = base.SampleTypeIndex(type_name);
  if (base_index < 0) {
    return NotFound("flame graph: BASE has no sample type \"" + type_name +
                    "\" (HEAD's choice)");
  }
  Tree tree;
  tree.Add(head, *index, true);
  tree.Add(base, base_index, false);
  Drawing d;
  d.differential = true;
  d.unit = std::string(head.String(type.unit()));
  if (options.head_ops > 0 && options.base_ops > 0) {
    d.head_scale = 1 / options.head_ops;
    d.base_scale = 1 / options.base_ops;
    d.per = "/op";
  }
  std::vector<Node>& nodes = tree.nodes();
  // BASE's value on stacks HEAD does not have: the topmost such nodes.
  double base_only = 0;
  for (const Node& n : nodes) {
    if (n.head <= 0) continue;
    for (const auto& [name, child] : n.children) {
      if (nodes[child].head <= 0) base_only += nodes[child].base;
    }
  }
  const Node& root = nodes[0];
  d.title = options.title.empty() ? "Differential flame graph: " + type_name
                                  : options.title;
  d.subtitle =
      type_name + (d.per.empty() ? "" : " per operation") + ": BASE " +
      Amount(root.base * d.base_scale, d.unit) + d.per + " \u2192 HEAD " +
      Amount(root.head * d.head_scale, d.unit) + d.per +
      " · widths from HEAD · red grew, blue shrank · stacks only in BASE (" +
      Share(base_only, static_cast<double>(root.base)) + " of BASE) not drawn";
  d.min_share = options.min_share;
  d.full_names = options.full_names;
  return Render(nodes, d);
}

}  // namespace mdbprof::report
