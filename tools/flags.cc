#include "tools/flags.h"

#include <charconv>
#include <cstdlib>

namespace mdbprof::tools {

std::string ParsedArgs::StringFlag(const std::string& name,
                                   const std::string& fallback) const {
  auto it = flags.find(name);
  return it == flags.end() ? fallback : it->second;
}

Result<int> ParsedArgs::NonNegativeIntFlag(const std::string& name,
                                           int fallback) const {
  auto it = flags.find(name);
  if (it == flags.end()) return fallback;
  const std::string& s = it->second;
  int value = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || ptr != s.data() + s.size() || value < 0) {
    return InvalidArgument(
        "--" + name + " must be a non-negative integer, got \"" + s + "\"");
  }
  return value;
}

Result<double> ParsedArgs::FractionFlag(const std::string& name,
                                        double fallback) const {
  auto it = flags.find(name);
  if (it == flags.end()) return fallback;
  const std::string& s = it->second;
  char* end = nullptr;
  double value = s.empty() ? -1 : std::strtod(s.c_str(), &end);
  if (s.empty() || *end != '\0' || !(value >= 0 && value <= 1)) {
    return InvalidArgument("--" + name + " must be a number in [0, 1], got \"" +
                           s + "\"");
  }
  return value;
}

bool ParsedArgs::SwitchFlag(const std::string& name) const {
  auto it = flags.find(name);
  return it != flags.end() && it->second == "true";
}

Result<ParsedArgs> ParseArgs(const std::vector<std::string>& args,
                             const std::set<std::string>& known,
                             const std::set<std::string>& switches) {
  ParsedArgs parsed;
  bool flags_done = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (flags_done || arg.size() < 2 || arg[0] != '-') {
      parsed.positional.push_back(arg);
      continue;
    }
    if (arg == "--") {
      flags_done = true;
      continue;
    }
    std::string body = arg.substr(arg[1] == '-' ? 2 : 1);
    if (body == "help" || body == "h") {
      parsed.help = true;
      continue;
    }
    std::string name = body, value;
    bool has_value = false;
    if (size_t eq = body.find('='); eq != std::string::npos) {
      name = body.substr(0, eq);
      value = body.substr(eq + 1);
      has_value = true;
    }
    if (switches.count(name) != 0) {
      if (has_value && value != "true" && value != "false") {
        return InvalidArgument("flag --" + name +
                               " takes no value (or =true/=false), got \"" +
                               value + "\"");
      }
      if (!has_value) value = "true";
    } else if (known.count(name) == 0) {
      return InvalidArgument("unknown flag " + arg);
    } else if (!has_value) {
      if (i + 1 >= args.size()) {
        return InvalidArgument("flag --" + name + " needs a value");
      }
      value = args[++i];
    }
    if (!parsed.flags.emplace(name, value).second) {
      return InvalidArgument("flag --" + name + " given twice");
    }
  }
  return parsed;
}

}  // namespace mdbprof::tools
