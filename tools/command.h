// The `mdbprof` subcommand registry.
//
// To add a command: write foo_command.cc defining `Command FooCommand()`,
// declare it below and add it to the list in commands.cc.
//
//   int RunFoo(const std::vector<std::string>& args, std::ostream& out,
//              std::ostream& err);
//   Command FooCommand() { return {"foo", "does foo", RunFoo}; }
#ifndef MDBPROF_TOOLS_COMMAND_H_
#define MDBPROF_TOOLS_COMMAND_H_

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace mdbprof::tools {

// Exit codes shared by every command.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;   // the command ran; the answer is "no"
inline constexpr int kExitInvalid = 2;  // bad arguments or unreadable input

struct Command {
  const char* name;  // the word after `mdbprof`
  const char* help;  // one line for `mdbprof --help`
  // Runs with the arguments after the command name; writes results to
  // `out` and errors as one line "mdbprof: <what is wrong>" to `err`.
  // Returns an exit code above. Handles "--help" itself.
  int (*run)(const std::vector<std::string>& args, std::ostream& out,
             std::ostream& err);
};

Command TopCommand();
Command DiffCommand();
Command FlameCommand();    // report/ (flame graph SVG)
Command ReportCommand();   // report/ (COMPARISON.md)
Command CompareCommand();  // report/ (the PR gate)
Command CheckCommand();    // results/ (budgets on a saved run)

// Every command, in the order `mdbprof --help` lists them.
const std::vector<Command>& Commands();

// The command named `name`, or nullptr.
const Command* FindCommand(std::string_view name);

// Runs `mdbprof` with `args` (argv without argv[0]); what main() does.
int RunMain(const std::vector<std::string>& args, std::ostream& out,
            std::ostream& err);

}  // namespace mdbprof::tools

#endif  // MDBPROF_TOOLS_COMMAND_H_
