// Shared by `mdbprof top` and `mdbprof diff`: the table flags.
//
//   Result<ParsedArgs> a = ParseArgs(args, TopFlagNames(), TopSwitchNames());
//   Result<pprof::TopOptions> o = TopOptionsFromFlags(*a);
#ifndef MDBPROF_TOOLS_TOP_COMMAND_H_
#define MDBPROF_TOOLS_TOP_COMMAND_H_

#include <set>
#include <string>

#include "base/status.h"
#include "pprof/top.h"
#include "tools/flags.h"

namespace mdbprof::tools {

// sample_index, nodecount, focus, ignore, nodefraction.
const std::set<std::string>& TopFlagNames();
// cum.
const std::set<std::string>& TopSwitchNames();

// The flags' TopOptions; node_fraction defaults to go tool pprof's 0.005.
Result<pprof::TopOptions> TopOptionsFromFlags(const ParsedArgs& args);

// The flag lines of the commands' --help.
extern const char kTopFlagsHelp[];

}  // namespace mdbprof::tools

#endif  // MDBPROF_TOOLS_TOP_COMMAND_H_
