// `mdbprof compare BASE HEAD`: the PR gate over two runs (run directories or
// comparison.json files); see report/compare.h for the rule.
#include <algorithm>
#include <cstdlib>
#include <set>
#include <sstream>
#include <string>

#include "report/compare.h"
#include "report/compare_format.h"
#include "report/compare_input.h"
#include "report/fingerprint.h"
#include "report/report_writer.h"
#include "tools/command.h"
#include "tools/flags.h"

namespace mdbprof::tools {
namespace {

constexpr char kCompareHelp[] =
    "usage: mdbprof compare BASE HEAD [--markdown | --json] [flags]\n\n"
    "Compares run HEAD with run BASE (each a run directory or its\n"
    "comparison.json), per backend and metric. A metric regressed when it\n"
    "got worse (higher latency/CPU/allocations, lower throughput) by more\n"
    "than its minimum effect AND, with at least 3 repetitions a side, a\n"
    "one-sided Mann-Whitney U test says HEAD is worse at p <= alpha.\n"
    "Allocation counts at sampling rate 1 are exact and gated on the\n"
    "minimum effect alone. With fewer repetitions a change is reported as\n"
    "untested. A failed budget in HEAD fails too. Runs with different\n"
    "configurations (workers, duration, mix, payload, server version,\n"
    "cores, sampling rate) are refused.\n\n"
    "flags:\n"
    "  --markdown         print a Markdown summary for a PR comment\n"
    "  --json             print the full result as JSON\n"
    "  --min-effect=F     default minimum effect, a fraction (0.05 = 5%)\n"
    "  --alpha=A          significance level in (0, 1) (0.05)\n"
    "  --budgets=PATH     budgets file, or directory of <backend>.json, whose\n"
    "                     \"min_effect\": {metric: fraction} overrides the\n"
    "                     minimum effect per metric (default: the budgets\n"
    "                     file each HEAD backend recorded)\n"
    "  --ignore=F1,F2     fingerprint fields not to check, of: backend,\n"
    "                     workers, duration_s, warmup_s, read_every, payload,\n"
    "                     server_version, cores, alloc_sample_rate\n\n"
    "Exit codes: 0 pass, 1 regression or budget exceeded, 2 incomparable\n"
    "runs or invalid input.\n";

int Fail(std::ostream& err, const std::string& message) {
  err << "mdbprof: " << message << "\n";
  return kExitInvalid;
}

// Removes the value-less flags --markdown and --json (before "--") from
// `args`, which ParseArgs would give the next argument as value.
Status TakeSwitches(std::vector<std::string>* args, bool* markdown,
                    bool* json) {
  std::vector<std::string> rest;
  bool flags_done = false;
  for (const std::string& a : *args) {
    if (a == "--") flags_done = true;
    std::string name = a.rfind("--", 0) == 0  ? a.substr(2)
                       : a.rfind("-", 0) == 0 ? a.substr(1)
                                              : "";
    std::string base = name.substr(0, name.find('='));
    if (!flags_done && (base == "markdown" || base == "json")) {
      if (base != name) {
        return InvalidArgument("flag --" + base + " takes no value");
      }
      (base == "markdown" ? *markdown : *json) = true;
      continue;
    }
    rest.push_back(a);
  }
  *args = std::move(rest);
  return Status::Ok();
}

Result<std::set<std::string>> IgnoredFields(const std::string& list) {
  std::set<std::string> out;
  std::stringstream in(list);
  std::string field;
  const std::vector<std::string>& known = report::FingerprintFields();
  while (std::getline(in, field, ',')) {
    if (field.empty()) continue;
    if (std::find(known.begin(), known.end(), field) == known.end()) {
      return InvalidArgument("--ignore: unknown fingerprint field \"" + field +
                             "\" (see mdbprof compare --help)");
    }
    out.insert(field);
  }
  return out;
}

int RunCompare(const std::vector<std::string>& argv, std::ostream& out,
               std::ostream& err) {
  std::vector<std::string> rest = argv;
  bool markdown = false, json = false;
  if (Status s = TakeSwitches(&rest, &markdown, &json); !s.ok()) {
    return Fail(err, "compare: " + s.message());
  }
  Result<ParsedArgs> args = ParseArgs(
      rest, {"min-effect", "min_effect", "alpha", "budgets", "ignore"});
  if (!args.ok()) return Fail(err, "compare: " + args.status().message());
  if (args->help) {
    out << kCompareHelp;
    return kExitOk;
  }
  if (args->positional.size() != 2) {
    return Fail(err, "compare: expected BASE and HEAD, got " +
                         std::to_string(args->positional.size()) +
                         " arguments (see mdbprof compare --help)");
  }
  if (markdown && json) {
    return Fail(err, "compare: --markdown and --json exclude each other");
  }
  report::CompareOptions options;
  const std::string effect_flag =
      args->flags.count("min_effect") ? "min_effect" : "min-effect";
  Result<double> min_effect =
      args->FractionFlag(effect_flag, options.min_effect);
  if (!min_effect.ok()) return Fail(err, min_effect.status().message());
  options.min_effect = *min_effect;
  Result<double> alpha = args->FractionFlag("alpha", options.alpha);
  if (!alpha.ok() || *alpha <= 0 || *alpha >= 1) {
    return Fail(err, "--alpha must be a number in (0, 1), got \"" +
                         args->StringFlag("alpha") + "\"");
  }
  options.alpha = *alpha;
  Result<std::set<std::string>> ignore =
      IgnoredFields(args->StringFlag("ignore"));
  if (!ignore.ok()) return Fail(err, ignore.status().message());
  options.ignore_fingerprint = *ignore;

  const report::ReportContext context = report::CurrentReportContext();
  Result<report::Comparison> base =
      report::LoadCompareInput(args->positional[0], context);
  if (!base.ok()) return Fail(err, "BASE: " + base.status().message());
  Result<report::Comparison> head =
      report::LoadCompareInput(args->positional[1], context);
  if (!head.ok()) return Fail(err, "HEAD: " + head.status().message());
  std::vector<std::string> notes;
  Result<report::MinEffects> effects =
      report::MinEffectsFor(*head, args->StringFlag("budgets"), &notes);
  if (!effects.ok()) return Fail(err, effects.status().message());
  options.min_effects = *effects;

  report::CompareResult result = report::Compare(*base, *head, options);
  result.notes.insert(result.notes.end(), notes.begin(), notes.end());
  report::AddChangeExplanations(*base, *head, /*n=*/5, &result);
  if (json) {
    out << report::CompareResultToJson(result).dump(2) << "\n";
  } else if (markdown) {
    out << report::FormatCompareMarkdown(result);
  } else {
    out << report::FormatCompareText(result);
  }
  if (result.outcome == report::Outcome::kInvalid) {
    err << "mdbprof: " << result.Summary() << "\n";
  }
  return report::ExitCode(result.outcome);
}

}  // namespace

Command CompareCommand() {
  return {"compare",
          "gate HEAD against BASE: regressions, budgets (exit 0/1/2)",
          RunCompare};
}

}  // namespace mdbprof::tools
