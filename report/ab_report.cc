#include "report/ab_report.h"

#include <algorithm>
#include <filesystem>
#include <set>
#include <sstream>

#include "base/text_file.h"
#include "report/metric_table.h"
#include "report/report_writer.h"
#include "report/run_set.h"
#include "report/value_format.h"
#include "results/json_read.h"
#include "results/run_layout.h"
#include "results/verdict.h"

namespace mdbprof::report {
namespace {

namespace fs = std::filesystem;

// Both sides in one Comparison: per backend (HEAD's order, then those only
// BASE has) a "<backend> BASE" and a "<backend> HEAD" column.
Comparison SideBySide(const Comparison& base, const Comparison& head) {
  Comparison both = head;
  both.backends.clear();
  std::vector<std::string> names;
  for (const Comparison* side : {&head, &base}) {
    for (const BackendSummary& b : side->backends) {
      if (std::find(names.begin(), names.end(), b.name) == names.end()) {
        names.push_back(b.name);
      }
    }
  }
  for (const std::string& name : names) {
    for (const auto& [side, label] :
         {std::pair{&base, " BASE"}, std::pair{&head, " HEAD"}}) {
      if (const BackendSummary* b = side->Backend(name)) {
        BackendSummary copy = *b;
        copy.name = name + label;
        both.backends.push_back(std::move(copy));
      }
    }
  }
  return both;
}

// "`binary` version `v`" per backend of one side, or one line when uniform.
std::string Servers(const Comparison& side) {
  std::set<std::string> seen;
  std::string out;
  for (const BackendSummary& b : side.backends) {
    std::string s = "`" + MarkdownCell(b.server_binary) + "` version `" +
                    MarkdownCell(b.fingerprint.server_version) + "`";
    if (seen.insert(s).second) out += (out.empty() ? "" : "; ") + s;
  }
  return out.empty() ? "—" : out;
}

std::string Repetitions(const Comparison& side) {
  std::set<int> counts;
  for (const BackendSummary& b : side.backends) counts.insert(b.repetitions());
  std::string out;
  for (int n : counts) out += (out.empty() ? "" : ", ") + std::to_string(n);
  return out.empty() ? "0" : out;
}

void Verdict(const std::optional<AbGateVerdict>& verdict,
             std::ostringstream& md) {
  md << "## Gate verdict\n\n";
  if (!verdict) {
    md << "_Not judged yet_: `" << results::kAbVerdictJson
       << "` is missing. profile_bench writes it at the end of an A/B run, "
          "and the gather step of `ctest -L profile` (`profile_bench "
          "--gather_latest_run`) judges the whole run.\n\n";
    return;
  }
  const char* icon = verdict->exit_code == 0   ? "✅"
                     : verdict->exit_code == 1 ? "❌"
                                               : "⚠️";
  md << icon << " **" << MarkdownCell(verdict->summary) << "** (gate exit code "
     << verdict->exit_code << ")\n\n";
  if (!verdict->incomplete.empty()) {
    md << "The A/B run is incomplete, which fails the gate:\n\n";
    for (const std::string& line : verdict->incomplete) {
      md << "- " << MarkdownCell(line) << "\n";
    }
    md << "\n";
  }
  md << "Every change, with its p-value and minimum effect: ["
     << results::kAbVerdictMarkdown << "](" << results::kAbVerdictMarkdown
     << ") (also `" << results::kAbVerdictText << "`, `"
     << results::kAbVerdictJson << "`).\n\n";
}

void DigDeeper(const std::string& run_dir, const Comparison& base,
               const Comparison& head, std::ostringstream& md) {
  md << "## Dig deeper\n\n```sh\n"
     << "# the gate's comparison again (add --budgets=FILE for min effects)\n"
     << "mdbprof compare " << ShellQuote(run_dir + "/" + results::kAbBaseDir)
     << " " << ShellQuote(run_dir + "/" + results::kAbHeadDir)
     << " --markdown\n";
  for (const BackendSummary& h : head.backends) {
    const BackendSummary* b = base.Backend(h.name);
    if (b == nullptr) continue;
    const fs::path base_cpu =
        fs::path(b->repetition_dirs.back()) / results::kCpuFile;
    const fs::path head_cpu =
        fs::path(h.repetition_dirs.back()) / results::kCpuFile;
    std::error_code ec;
    if (!fs::exists(base_cpu, ec) || !fs::exists(head_cpu, ec)) continue;
    md << "# " << h.name << ": CPU, HEAD minus BASE (last repetitions)\n"
       << "mdbprof diff " << ShellQuote(base_cpu.string()) << " "
       << ShellQuote(head_cpu.string()) << "\n";
  }
  md << "```\n\n";
}

}  // namespace

bool IsAbRunDir(const std::string& dir) {
  std::error_code ec;
  return fs::is_directory(fs::path(dir) / results::kAbBaseDir, ec) &&
         fs::is_directory(fs::path(dir) / results::kAbHeadDir, ec);
}

Result<std::optional<AbGateVerdict>> ReadAbGateVerdict(
    const std::string& run_dir) {
  const std::string path =
      (fs::path(run_dir) / results::kAbVerdictJson).string();
  std::error_code ec;
  if (!fs::exists(path, ec)) return std::optional<AbGateVerdict>();
  Result<nlohmann::json> j = results::ReadJsonFile(path);
  if (!j.ok()) return j.status();
  if (!j->is_object()) return results::TypeError(path, "an object", *j);
  AbGateVerdict v;
  Result<int64_t> code = results::ReadInteger(*j, path, "exit_code");
  if (!code.ok()) return code.status();
  Result<std::string> summary = results::ReadString(*j, path, "summary");
  if (!summary.ok()) return summary.status();
  v.exit_code = static_cast<int>(*code);
  v.summary = *summary;
  // The gate's own verdict, when the run was incomplete (bench/ab_verdict.h).
  if (j->contains("gate")) {
    const nlohmann::json& gate = (*j)["gate"];
    if (!gate.is_object())
      return results::TypeError(path + ".gate", "an object", gate);
    Result<int64_t> gate_code =
        results::ReadInteger(gate, path + ".gate", "exit_code");
    if (!gate_code.ok()) return gate_code.status();
    v.exit_code = static_cast<int>(*gate_code);
    if (gate.contains("incomplete") && gate["incomplete"].is_array()) {
      for (const nlohmann::json& line : gate["incomplete"]) {
        if (line.is_string()) v.incomplete.push_back(line.get<std::string>());
      }
    }
    if (!v.incomplete.empty() && v.exit_code != 0) {
      v.summary = "INCOMPLETE: " + v.summary;
    }
  }
  return std::optional<AbGateVerdict>(v);
}

std::string RenderAbComparisonMarkdown(
    const std::string& run_dir, const Comparison& base, const Comparison& head,
    const std::optional<AbGateVerdict>& verdict,
    const std::vector<FlameGraphFile>& flame_graphs) {
  std::ostringstream md;
  md << "# mdbprof A/B comparison — " << fs::path(run_dir).filename().string()
     << "\n\nBASE and HEAD ran alternately on this machine (base 1, head 1, "
        "base 2, …; every window on a fresh server and database).\n\n"
     << "| | |\n|---|---|\n"
     << "| run directory | `" << MarkdownCell(run_dir) << "` |\n"
     << "| BASE | " << Servers(base) << "; " << Repetitions(base)
     << " repetitions; [" << results::kAbBaseDir << "/"
     << results::kComparisonMarkdownFile << "](" << results::kAbBaseDir << "/"
     << results::kComparisonMarkdownFile << ") |\n"
     << "| HEAD | " << Servers(head) << "; " << Repetitions(head)
     << " repetitions; [" << results::kAbHeadDir << "/"
     << results::kComparisonMarkdownFile << "](" << results::kAbHeadDir << "/"
     << results::kComparisonMarkdownFile << ") |\n"
     << "| generated | " << head.generated << " by `mdbprof report` |\n\n";
  Verdict(verdict, md);
  Footnotes footnotes;
  md << "## Metrics, both sides\n\nMedian over each side's repetitions, "
        "with [min–max] when they differ. Each side's budgets, top "
        "functions and profiles are in its own COMPARISON.md.\n\n"
     << RenderMetricTable(SideBySide(base, head), &footnotes) << "\n";
  md << FlameGraphLinksMarkdown(flame_graphs,
                                "Flame graphs, HEAD vs BASE (last "
                                "repetitions; red grew, blue shrank)");
  DigDeeper(run_dir, base, head, md);
  std::string notes = footnotes.Render();
  if (!notes.empty()) md << notes;
  return md.str();
}

Result<std::string> WriteAbReport(const std::string& run_dir,
                                  const ReportContext& context) {
  std::error_code ec;
  fs::path dir = fs::weakly_canonical(fs::absolute(run_dir), ec);
  if (ec) dir = fs::absolute(run_dir).lexically_normal();
  Comparison sides[2];
  const char* names[2] = {results::kAbBaseDir, results::kAbHeadDir};
  for (int i = 0; i < 2; ++i) {
    const std::string side_dir = (dir / names[i]).string();
    const std::string label = i == 0 ? "BASE" : "HEAD";
    Result<ReportPaths> paths = WriteReport(side_dir, context);
    if (!paths.ok()) return paths.status().WithContext(label);
    Result<RunSet> run = LoadRunSet(side_dir);
    if (!run.ok()) return run.status().WithContext(label);
    Result<Comparison> c = BuildComparison(*run, context);
    if (!c.ok()) return c.status().WithContext(label);
    sides[i] = std::move(*c);
  }
  Result<std::optional<AbGateVerdict>> verdict =
      ReadAbGateVerdict(dir.string());
  if (!verdict.ok()) return verdict.status();
  const std::string path = (dir / results::kComparisonMarkdownFile).string();
  const std::vector<FlameGraphFile> flame_graphs =
      WriteAbFlameGraphs(sides[0], sides[1], context.full_names);
  MDBPROF_RETURN_IF_ERROR(WriteTextFile(
      path, RenderAbComparisonMarkdown(dir.string(), sides[0], sides[1],
                                       *verdict, flame_graphs)));
  return path;
}

}  // namespace mdbprof::report
