// ParseArgs: the flag syntax shared by mdbprof's commands: "--name=value",
// "--name value", "-name=value" (as go tool pprof), positional arguments,
// "--" ending the flags, and "--help"/"-h".
//
//   Result<ParsedArgs> a = ParseArgs(args, {"nodecount", "focus"});
//   if (!a.ok()) { err << "mdbprof: " << a.status().message() << "\n"; ... }
//   Result<int> n = a->IntFlag("nodecount", 0);
#ifndef MDBPROF_TOOLS_FLAGS_H_
#define MDBPROF_TOOLS_FLAGS_H_

#include <map>
#include <set>
#include <string>
#include <vector>

#include "base/status.h"

namespace mdbprof::tools {

struct ParsedArgs {
  std::vector<std::string> positional;
  std::map<std::string, std::string> flags;  // name (no dashes) -> value
  bool help = false;

  // The flag's value, or `fallback` when absent.
  std::string StringFlag(const std::string& name,
                         const std::string& fallback = "") const;
  // The flag as a non-negative integer; error naming the flag otherwise.
  Result<int> NonNegativeIntFlag(const std::string& name, int fallback) const;
  // The flag as a number in [0, 1]; error naming the flag otherwise.
  Result<double> FractionFlag(const std::string& name, double fallback) const;
  // True when the switch was given (and not as "=false").
  bool SwitchFlag(const std::string& name) const;
};

// Error for a flag not in `known` or `switches`, a flag without value, or a
// repeated flag. `switches` take no value ("--cum"; "--cum=true" and
// "--cum=false" as Go's flag package allows); they are stored as "true" or
// "false".
Result<ParsedArgs> ParseArgs(const std::vector<std::string>& args,
                             const std::set<std::string>& known,
                             const std::set<std::string>& switches = {});

}  // namespace mdbprof::tools

#endif  // MDBPROF_TOOLS_FLAGS_H_
