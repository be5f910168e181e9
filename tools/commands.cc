#include <algorithm>
#include <string>

#include "tools/command.h"

namespace mdbprof::tools {

const std::vector<Command>& Commands() {
  static const std::vector<Command>* commands = new std::vector<Command>{
      TopCommand(),    DiffCommand(),    FlameCommand(),
      ReportCommand(), CompareCommand(), CheckCommand(),
  };
  return *commands;
}

const Command* FindCommand(std::string_view name) {
  for (const Command& c : Commands()) {
    if (name == c.name) return &c;
  }
  return nullptr;
}

namespace {

void PrintUsage(std::ostream& out) {
  out << "usage: mdbprof <command> [arguments]\n\ncommands:\n";
  for (const Command& c : Commands()) {
    std::string name = c.name;
    name.resize(std::max<size_t>(name.size(), 10), ' ');
    out << "  " << name << "  " << c.help << "\n";
  }
  out << "\nRun `mdbprof <command> --help` for a command's arguments.\n"
         "Exit codes: 0 ok, 1 the check failed, 2 invalid arguments or "
         "input.\n";
}

}  // namespace

int RunMain(const std::vector<std::string>& args, std::ostream& out,
            std::ostream& err) {
  if (args.empty()) {
    err << "mdbprof: missing command (see mdbprof --help)\n";
    return kExitInvalid;
  }
  const std::string& name = args[0];
  if (name == "--help" || name == "-h" || name == "help") {
    PrintUsage(out);
    return kExitOk;
  }
  const Command* command = FindCommand(name);
  if (command == nullptr) {
    err << "mdbprof: unknown command \"" << name << "\" (see mdbprof --help)\n";
    return kExitInvalid;
  }
  return command->run({args.begin() + 1, args.end()}, out, err);
}

}  // namespace mdbprof::tools
