// mdbprof: the command-line entry point; see tools/command.h.
#include <google/protobuf/stubs/logging.h>

#include <iostream>
#include <string>
#include <vector>

#include "tools/command.h"

int main(int argc, char** argv) {
  // libprotobuf logs parse problems to stderr on its own; commands report
  // them as one "mdbprof: ..." line instead.
  google::protobuf::SetLogHandler(nullptr);
  std::vector<std::string> args(argv + 1, argv + argc);
  return mdbprof::tools::RunMain(args, std::cout, std::cerr);
}
