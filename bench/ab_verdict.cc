#include "bench/ab_verdict.h"

#include <algorithm>
#include <string>
#include <vector>

#include "base/text_file.h"
#include "bench/ab_schedule.h"
#include "report/compare.h"
#include "report/compare_format.h"
#include "report/compare_input.h"
#include "report/flame_files.h"
#include "report/report_writer.h"
#include "report/run_set.h"
#include "results/run_layout.h"

namespace mdbprof::bench {
namespace {

AbVerdict Invalid(const std::string& message) {
  return {2, "profile_bench: A/B verdict: " + message + "\n"};
}

// One side's run set, holding only the backends of `backends`.
Result<report::RunSet> LoadSide(const std::string& run_dir, AbSide side,
                                const std::vector<std::string>& backends) {
  Result<report::RunSet> set = report::LoadRunSet(AbSideDir(run_dir, side));
  if (!set.ok()) return set;
  std::erase_if(set->backends, [&](const report::BackendRun& b) {
    return std::find(backends.begin(), backends.end(), b.name) ==
           backends.end();
  });
  if (set->backends.empty()) {
    std::string list;
    for (const std::string& b : backends)
      list += (list.empty() ? "" : ", ") + b;
    return InvalidArgument("'" + AbSideDir(run_dir, side) +
                           "' holds no results of " + list);
  }
  return set;
}

// A line per backend that ran on one side but lacks repetitions on either.
std::vector<std::string> Incomplete(const report::RunSet& base,
                                    const report::RunSet& head,
                                    const BenchConfig& config) {
  std::vector<std::string> out;
  for (const std::string& backend : config.backends) {
    auto count = [&](const report::RunSet& set) -> int {
      for (const report::BackendRun& b : set.backends) {
        if (b.name == backend) return static_cast<int>(b.repetitions.size());
      }
      return 0;
    };
    const int nb = count(base), nh = count(head);
    if (nb == 0 && nh == 0) continue;  // skipped or filtered out
    if (nb < config.repetitions || nh < config.repetitions) {
      out.push_back(backend + ": measured " + std::to_string(nb) +
                    " base and " + std::to_string(nh) +
                    " head repetitions of " +
                    std::to_string(config.repetitions) + " each");
    }
  }
  return out;
}

const report::VerdictSummary* FindVerdict(const report::Comparison& c,
                                          const std::string& backend,
                                          const std::string& metric) {
  const report::BackendSummary* b = c.Backend(backend);
  if (b == nullptr) return nullptr;
  for (const report::VerdictSummary& v : b->verdicts) {
    if (v.metric == metric) return &v;
  }
  return nullptr;
}

// The A/B rule for absolute budgets: a limit fails the gate only when HEAD
// exceeds it in every repetition and BASE in none — the change broke it.
// A limit exceeded on both sides (it was broken before; e.g. CPU limits set
// at the default sampling rate, exceeded at rate 1) or in some repetitions
// only (noise) becomes a note.
void ApplyAbBudgetRule(const report::Comparison& base,
                       report::CompareResult* result) {
  std::vector<report::BudgetFailure> kept;
  for (const report::BudgetFailure& f : result->budget_failures) {
    const report::VerdictSummary* b = FindVerdict(base, f.backend, f.metric);
    const int base_failed = b == nullptr ? 0 : b->failed;
    if (f.failed == f.repetitions && base_failed == 0) {
      kept.push_back(f);
      continue;
    }
    result->notes.push_back(
        f.backend + ": budget " + f.metric + " " + f.limit + " exceeded in " +
        std::to_string(f.failed) + " of " + std::to_string(f.repetitions) +
        " HEAD and " + std::to_string(base_failed) + " of " +
        std::to_string(b == nullptr ? 0 : static_cast<int>(b->actual.size())) +
        " BASE repetitions: not judged (A/B mode judges a budget only when "
        "HEAD exceeds it every time and BASE never)");
  }
  result->budget_failures = std::move(kept);
  if (result->outcome == report::Outcome::kInvalid) return;
  result->outcome = result->Count(report::ChangeStatus::kRegressed) > 0 ||
                            !result->budget_failures.empty()
                        ? report::Outcome::kFail
                        : report::Outcome::kPass;
}

}  // namespace

AbVerdict JudgeAbRun(const std::string& run_dir, const BenchConfig& config) {
  Result<report::RunSet> base_set =
      LoadSide(run_dir, AbSide::kBase, config.backends);
  if (!base_set.ok()) return Invalid("BASE: " + base_set.status().message());
  Result<report::RunSet> head_set =
      LoadSide(run_dir, AbSide::kHead, config.backends);
  if (!head_set.ok()) return Invalid("HEAD: " + head_set.status().message());

  const report::ReportContext context = report::CurrentReportContext();
  Result<report::Comparison> base = report::BuildComparison(*base_set, context);
  if (!base.ok()) return Invalid("BASE: " + base.status().message());
  Result<report::Comparison> head = report::BuildComparison(*head_set, context);
  if (!head.ok()) return Invalid("HEAD: " + head.status().message());

  std::vector<std::string> notes;
  Result<report::MinEffects> effects =
      report::MinEffectsFor(*head, config.budgets_path, &notes);
  if (!effects.ok()) return Invalid(effects.status().message());
  report::CompareOptions options;
  options.min_effects = *effects;
  options.ignore_fingerprint = {"server_version"};

  report::CompareResult result = report::Compare(*base, *head, options);
  result.notes.insert(result.notes.end(), notes.begin(), notes.end());
  ApplyAbBudgetRule(*base, &result);
  report::AddChangeExplanations(*base, *head, /*n=*/5, &result);
  AbVerdict verdict;
  verdict.exit_code = report::ExitCode(result.outcome);
  std::vector<std::string> missing = Incomplete(*base_set, *head_set, config);
  std::string text = report::FormatCompareText(result);
  std::string markdown = report::FormatCompareMarkdown(result);
  if (!missing.empty() && verdict.exit_code != 2) {
    verdict.exit_code = 1;
    std::string lines = "A/B run INCOMPLETE (fails the gate):\n";
    std::string md_lines = "**A/B run INCOMPLETE (fails the gate):**\n\n";
    for (const std::string& m : missing) {
      lines += "  " + m + "\n";
      md_lines += "- " + m + "\n";
    }
    text = lines + text;
    markdown = md_lines + "\n" + markdown;
  }
  // HEAD vs BASE flame graphs (head/<backend>/flame-diff-*.svg), linked.
  markdown += report::FlameGraphLinksMarkdown(
      report::WriteAbFlameGraphs(*base, *head),
      "Flame graphs, HEAD vs BASE (last repetitions; red grew, blue shrank)");
  verdict.text = text;
  nlohmann::json json = report::CompareResultToJson(result);
  json["gate"] = {{"exit_code", verdict.exit_code}, {"incomplete", missing}};
  const std::string dir = run_dir + "/";
  bool written =
      WriteTextFile(dir + results::kAbVerdictText, text).ok() &&
      WriteTextFile(dir + results::kAbVerdictMarkdown, markdown).ok() &&
      WriteTextFile(dir + results::kAbVerdictJson, json.dump(2) + "\n").ok();
  if (!written) {
    verdict.text += "warning: cannot write " + dir + results::kAbVerdictText +
                    ", " + results::kAbVerdictMarkdown + " and " +
                    results::kAbVerdictJson + "\n";
  }
  return verdict;
}

}  // namespace mdbprof::bench
