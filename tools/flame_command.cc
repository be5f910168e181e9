// `mdbprof flame FILE [--base BASE]`: a flame graph SVG of any pprof profile
// (report/flame_graph.h); with BASE, the differential one.
#include <cstdlib>

#include "base/text_file.h"
#include "pprof/profile.h"
#include "report/flame_graph.h"
#include "tools/command.h"
#include "tools/flags.h"

namespace mdbprof::tools {
namespace {

int Fail(std::ostream& err, const Status& status) {
  err << "mdbprof: " << status.message() << "\n";
  return kExitInvalid;
}

// The flag as a positive number of operations; 0 when absent.
Result<double> OpsFlag(const ParsedArgs& args, const std::string& name) {
  const std::string text = args.StringFlag(name);
  if (text.empty()) return 0.0;
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (end == text.c_str() || *end != '\0' || !(v > 0)) {
    return InvalidArgument("--" + name + " must be a positive number, is \"" +
                           text + "\"");
  }
  return v;
}

int RunFlame(const std::vector<std::string>& argv, std::ostream& out,
             std::ostream& err) {
  Result<ParsedArgs> args =
      ParseArgs(argv, {"base", "sample_index", "o", "title", "ops", "base_ops"},
                {"full_names"});
  if (!args.ok()) return Fail(err, args.status().WithContext("flame"));
  if (args->help) {
    out << "usage: mdbprof flame FILE [--base BASE] [flags]\n\n"
           "Writes a flame graph of pprof profile FILE (gzip or raw, Go's "
           "included) as a\nself-contained SVG: root at the top, width by "
           "value, click to zoom, search\nbox. With --base, the differential "
           "graph: widths from FILE (HEAD), colour by\nthe change from BASE "
           "(red grew, blue shrank).\n\nflags:\n"
           "  --base=BASE        the profile to compare against\n"
           "  --sample_index=T   sample type by name or number (default: "
           "the profile's default)\n"
           "  -o=OUT.svg         write to OUT.svg (default: standard "
           "output)\n"
           "  --title=TEXT       the graph's heading\n"
           "  --full_names       label frames with the full names (default: "
           "C++ template\n"
           "                     arguments collapsed; tooltips always hold "
           "the full name)\n"
           "  --ops=N --base_ops=M  with --base: compare per operation "
           "(FILE's values / N,\n"
           "                     BASE's / M)\n";
    return kExitOk;
  }
  if (args->positional.size() != 1) {
    return Fail(err, InvalidArgument("flame: expected one profile FILE, got " +
                                     std::to_string(args->positional.size()) +
                                     " arguments (see mdbprof flame --help)"));
  }
  const std::string& path = args->positional[0];
  const std::string base_path = args->StringFlag("base");
  report::FlameGraphOptions options;
  options.sample_index = args->StringFlag("sample_index");
  options.title = args->StringFlag("title");
  options.full_names = args->SwitchFlag("full_names");
  Result<double> ops = OpsFlag(*args, "ops");
  if (!ops.ok()) return Fail(err, ops.status().WithContext("flame"));
  Result<double> base_ops = OpsFlag(*args, "base_ops");
  if (!base_ops.ok()) return Fail(err, base_ops.status().WithContext("flame"));
  if ((*ops > 0) != (*base_ops > 0) || (*ops > 0 && base_path.empty())) {
    return Fail(err, InvalidArgument("flame: --ops and --base_ops go "
                                     "together, and only with --base"));
  }
  options.head_ops = *ops;
  options.base_ops = *base_ops;
  Result<pprof::Profile> profile = pprof::ReadProfileFile(path);
  if (!profile.ok()) return Fail(err, profile.status());
  Result<std::string> svg = NotFound("not drawn");
  if (base_path.empty()) {
    if (options.title.empty()) options.title = "Flame graph: " + path;
    svg = report::FlameGraphSvg(*profile, options);
    if (!svg.ok()) return Fail(err, svg.status().WithContext(path));
  } else {
    Result<pprof::Profile> base = pprof::ReadProfileFile(base_path);
    if (!base.ok()) return Fail(err, base.status());
    if (options.title.empty()) {
      options.title =
          "Differential flame graph: " + base_path + " \u2192 " + path;
    }
    svg = report::DiffFlameGraphSvg(*profile, *base, options);
    if (!svg.ok()) {
      return Fail(err, svg.status().WithContext(path + " vs " + base_path));
    }
  }
  const std::string output = args->StringFlag("o");
  if (output.empty() || output == "-") {
    out << *svg;
    return kExitOk;
  }
  Status written = WriteTextFile(output, *svg);
  if (!written.ok()) return Fail(err, written.WithContext("flame: -o"));
  out << output << "\n";
  return kExitOk;
}

}  // namespace

Command FlameCommand() {
  return {"flame", "flame graph SVG of a profile (--base: differential)",
          RunFlame};
}

}  // namespace mdbprof::tools
