// anycred-verifier inspect: what a credential says, in words, for the
// person deciding on it (achievement, issuer, recipient, competencies,
// credits, results, dates, evidence). It does not verify: `verify` does.
#include <iostream>
#include <memory>

#include "core/badge/badge.h"
#include "core/util/io.h"
#include "core/vc/achievement_facts.h"
#include "verifier/cli.h"

namespace anycred::verifier {

namespace {
struct InspectArgs {
  std::string input = "-";
  bool json = false;
};

int RunInspect(const InspectArgs& args) {
  auto bytes = ReadFileOrStdin(args.input);
  if (!bytes.ok()) {
    std::cerr << "error: " << bytes.status().message() << "\n";
    return kExitUsage;
  }
  badge::Format format;
  auto credential = badge::ReadCredential(*bytes, &format);
  if (!credential.ok()) {
    if (args.json) {
      Json out = {{"file", args.input},
                  {"error",
                   {{"code", credential.status().code()},
                    {"message", credential.status().message()}}}};
      std::cout << DumpJson(out) << "\n";
    } else {
      std::cerr << "error: " << credential.status().code() << ": "
                << credential.status().message() << "\n";
    }
    return kExitNotVerified;
  }
  Json facts = vc::AchievementFacts(*credential);
  if (args.json) {
    Json out = {{"file", args.input},
                {"format", badge::FormatName(format)},
                {"facts", facts}};
    std::cout << DumpJson(out) << "\n";
  } else {
    std::cout << args.input << " (" << badge::FormatName(format)
              << "): what it says, not yet checked (use verify)\n"
              << vc::AchievementFactsToText(facts, "  ");
  }
  std::cout.flush();
  return kExitVerified;
}
}  // namespace

Command RegisterInspect(CLI::App& app) {
  auto args = std::make_shared<InspectArgs>();
  CLI::App* cmd = app.add_subcommand(
      "inspect",
      "Say what a credential says, in words: achievement, issuer, recipient, "
      "competencies, credits, results, dates, evidence (does not verify)");
  cmd->add_option("input", args->input,
                  "Credential file (JSON, or a baked PNG or SVG badge), or - "
                  "for standard input (default)");
  cmd->add_flag("--json", args->json, "Print the facts as one JSON object");
  return [args] { return RunInspect(*args); };
}

}  // namespace anycred::verifier
