// `mdbprof diff BASE FILE`: the change per function from BASE to FILE, like
// `go tool pprof -top -base BASE FILE`.
#include "pprof/base.h"
#include "pprof/profile.h"
#include "tools/command.h"
#include "tools/top_command.h"

namespace mdbprof::tools {
namespace {

int Fail(std::ostream& err, const Status& status) {
  err << "mdbprof: " << status.message() << "\n";
  return kExitInvalid;
}

int RunDiff(const std::vector<std::string>& argv, std::ostream& out,
            std::ostream& err) {
  Result<ParsedArgs> args = ParseArgs(argv, TopFlagNames(), TopSwitchNames());
  if (!args.ok()) return Fail(err, args.status().WithContext("diff"));
  if (args->help) {
    out << "usage: mdbprof diff BASE FILE [flags]\n\n"
           "Prints the change per function from profile BASE to profile FILE"
           "\n(FILE minus BASE; negative values shrank), sorted by the "
           "absolute\nflat change, like `go tool pprof -top -base BASE FILE`."
           "\n\nflags:\n"
        << kTopFlagsHelp;
    return kExitOk;
  }
  if (args->positional.size() != 2) {
    return Fail(err, InvalidArgument("diff: expected BASE and FILE, got " +
                                     std::to_string(args->positional.size()) +
                                     " arguments (see mdbprof diff --help)"));
  }
  Result<pprof::TopOptions> options = TopOptionsFromFlags(*args);
  if (!options.ok()) return Fail(err, options.status().WithContext("diff"));
  const std::string& base_path = args->positional[0];
  const std::string& path = args->positional[1];
  Result<pprof::Profile> base = pprof::ReadProfileFile(base_path);
  if (!base.ok()) return Fail(err, base.status());
  Result<pprof::Profile> profile = pprof::ReadProfileFile(path);
  if (!profile.ok()) return Fail(err, profile.status());
  Result<pprof::Profile> diff = pprof::SubtractBase(*profile, *base);
  if (!diff.ok()) {
    return Fail(err, diff.status().WithContext(path + " vs " + base_path));
  }
  Result<pprof::TopReport> report = pprof::Top(*diff, *options);
  if (!report.ok()) return Fail(err, report.status());
  out << pprof::FormatTop(*report);
  return kExitOk;
}

}  // namespace

Command DiffCommand() {
  return {"diff", "change per function from BASE to FILE (pprof -top -base)",
          RunDiff};
}

}  // namespace mdbprof::tools
