// `mdbprof top FILE`: the table of `go tool pprof -top FILE`.
#include "tools/top_command.h"

#include "pprof/profile.h"
#include "tools/command.h"

namespace mdbprof::tools {

const char kTopFlagsHelp[] =
    "  --sample_index=T   sample type by name or number (default: the "
    "profile's default)\n"
    "  --nodecount=N      show only the first N rows (default: all)\n"
    "  --focus=RE         keep samples with a function matching RE\n"
    "  --ignore=RE        drop samples with a function matching RE\n"
    "  --nodefraction=F   hide rows with |cum| below F of the total "
    "(default 0.005,\n"
    "                     as go tool pprof; 0 shows every row)\n"
    "  --cum              sort by cum instead of flat (go tool pprof -cum)\n";

const std::set<std::string>& TopFlagNames() {
  static const std::set<std::string>* names = new std::set<std::string>{
      "sample_index", "nodecount", "focus", "ignore", "nodefraction"};
  return *names;
}

const std::set<std::string>& TopSwitchNames() {
  static const std::set<std::string>* names = new std::set<std::string>{"cum"};
  return *names;
}

Result<pprof::TopOptions> TopOptionsFromFlags(const ParsedArgs& args) {
  pprof::TopOptions options;
  options.cum = args.SwitchFlag("cum");
  options.sample_index = args.StringFlag("sample_index");
  options.focus = args.StringFlag("focus");
  options.ignore = args.StringFlag("ignore");
  Result<int> nodecount = args.NonNegativeIntFlag("nodecount", 0);
  if (!nodecount.ok()) return nodecount.status();
  options.nodecount = *nodecount;
  Result<double> fraction = args.FractionFlag("nodefraction", 0.005);
  if (!fraction.ok()) return fraction.status();
  options.node_fraction = *fraction;
  return options;
}

namespace {

int Fail(std::ostream& err, const Status& status) {
  err << "mdbprof: " << status.message() << "\n";
  return kExitInvalid;
}

int RunTop(const std::vector<std::string>& argv, std::ostream& out,
           std::ostream& err) {
  Result<ParsedArgs> args = ParseArgs(argv, TopFlagNames(), TopSwitchNames());
  if (!args.ok()) return Fail(err, args.status().WithContext("top"));
  if (args->help) {
    out << "usage: mdbprof top FILE [flags]\n\n"
           "Prints the functions of a pprof profile (gzip or raw) by flat "
           "value,\nlike `go tool pprof -top FILE`.\n\nflags:\n"
        << kTopFlagsHelp;
    return kExitOk;
  }
  if (args->positional.size() != 1) {
    return Fail(err, InvalidArgument("top: expected one profile FILE, got " +
                                     std::to_string(args->positional.size()) +
                                     " arguments (see mdbprof top --help)"));
  }
  Result<pprof::TopOptions> options = TopOptionsFromFlags(*args);
  if (!options.ok()) return Fail(err, options.status().WithContext("top"));
  Result<pprof::Profile> profile = pprof::ReadProfileFile(args->positional[0]);
  if (!profile.ok()) return Fail(err, profile.status());
  Result<pprof::TopReport> report = pprof::Top(*profile, *options);
  if (!report.ok()) {
    return Fail(err, report.status().WithContext(args->positional[0]));
  }
  out << pprof::FormatTop(*report);
  return kExitOk;
}

}  // namespace

Command TopCommand() {
  return {"top", "functions of a profile by flat value (go tool pprof -top)",
          RunTop};
}

}  // namespace mdbprof::tools
