// Flame graphs: a self-contained SVG (inline script, no network) of a pprof
// profile's stacks, and the differential one of HEAD against BASE.
//
// The graph is an icicle, as pprof's web UI draws it: the root ("all") at
// the top, callees below their callers, each frame as wide as its cumulative
// value. Every frame carries a <title> (full name, value with its unit,
// share of the total). The script zooms on click (the frame fills the width,
// its ancestors stay; click the root or "Reset zoom" to undo), searches by
// regular expression (a substring when the text is no valid regex),
// highlighting the matches and showing their share, and reads the URL
// fragment "#zoom=<frame id>" / "#search=<text>" on load (frame ids: "f0"
// root, then depth first). Colours are a hash of the name: warm for C++ and
// native frames, cool for Go's; in differential mode red grew and blue
// shrank per operation, the stronger the larger the change (full at a tenth
// of the larger side's total).
//
//   Result<pprof::Profile> p = pprof::ReadProfileFile("run/sqlite/cpu.prof");
//   Result<std::string> svg = FlameGraphSvg(*p, {.title = "sqlite CPU"});
//   Result<std::string> diff = DiffFlameGraphSvg(head, base, options);
#ifndef MDBPROF_REPORT_FLAME_GRAPH_H_
#define MDBPROF_REPORT_FLAME_GRAPH_H_

#include <string>

#include "base/status.h"
#include "pprof/profile.h"

namespace mdbprof::report {

struct FlameGraphOptions {
  std::string title;  // the heading; "" = "Flame graph: <sample type>"
  // pprof's -sample_index for the profile (both profiles in differential
  // mode: BASE is read at the sample type of HEAD's choice); "" = default.
  std::string sample_index;
  // Frames narrower than this share of the total are left out (with their
  // callees); they would be under a tenth of a pixel wide.
  double min_share = 0.0001;
  // Labels show the names as the profile has them; by default C++ names are
  // shortened by ReadableName (readable_name.h; the title keeps the full
  // name).
  bool full_names = false;
  // Differential mode: each side's operation count; when both are > 0 the
  // values are compared per operation (each side divided by its count),
  // otherwise as they are.
  double head_ops = 0;
  double base_ops = 0;
};

// The flame graph of `profile`'s samples at the chosen sample type. Samples
// with a value <= 0 are left out (a graph of widths cannot draw them).
// Errors: an unknown sample_index (listing the types), min_share outside
// [0, 1).
Result<std::string> FlameGraphSvg(const pprof::Profile& profile,
                                  const FlameGraphOptions& options);

// The differential flame graph: frames and widths from `head` (as
// FlameGraphSvg), colour and title by the change of each frame's cumulative
// value from `base` to `head` (per operation when both op counts are
// given). Stacks only BASE has are not drawn; the header states their
// share. Errors as FlameGraphSvg, and NotFound when `base` lacks HEAD's
// sample type.
Result<std::string> DiffFlameGraphSvg(const pprof::Profile& head,
                                      const pprof::Profile& base,
                                      const FlameGraphOptions& options);

}  // namespace mdbprof::report

#endif  // MDBPROF_REPORT_FLAME_GRAPH_H_
