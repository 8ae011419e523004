// anycred-verifier verify-presentation: checks a Verifiable Presentation
// (the holder's signature, challenge and domain) and every credential in it.
#include <iostream>
#include <memory>

#include "core/util/io.h"
#include "core/verification/verify_presentation.h"
#include "verifier/cli.h"
#include "verifier/verify_flags.h"

namespace anycred::verifier {

namespace {
struct VerifyPresentationArgs {
  std::string input = "-";
  bool json = false;
  std::string challenge;
  std::string domain;
  bool has_challenge = false;
  bool has_domain = false;
  VerifyFlags flags;
};

int RunVerifyPresentation(const VerifyPresentationArgs& args) {
  auto context = VerifyContext::Create(args.flags);
  if (!context.ok()) {
    std::cerr << "error: " << context.status().message() << "\n";
    return kExitUsage;
  }
  verification::VerifyPresentationOptions options;
  options.credential = (*context)->Options();
  if (args.has_challenge) options.challenge = args.challenge;
  if (args.has_domain) options.domain = args.domain;

  auto text = ReadFileOrStdin(args.input);
  if (!text.ok()) {
    std::cerr << "error: " << text.status().message() << "\n";
    return kExitUsage;
  }
  auto vp = ParseJson(*text);
  auto report = vp.ok() ? verification::VerifyPresentation(*vp, options)
                        : verification::UnreadablePresentation(Status::Error(
                              "MALFORMED_PRESENTATION", vp.status().message()));
  if (args.json) {
    std::cout << DumpJson(verification::PresentationReportToJson(
                     report, Json(args.input)))
              << "\n";
  } else {
    std::cout << verification::PresentationReportToText(report, args.input)
              << "\n";
  }
  std::cout.flush();
  return report.verified ? kExitVerified : kExitNotVerified;
}
}  // namespace

Command RegisterVerifyPresentation(CLI::App& app) {
  auto args = std::make_shared<VerifyPresentationArgs>();
  CLI::App* cmd = app.add_subcommand(
      "verify-presentation",
      "Verify a presentation: the holder's signature, challenge and domain, "
      "and each credential in it");
  cmd->add_option("input", args->input,
                  "Presentation file (JSON), or - for standard input "
                  "(default)");
  cmd->add_flag("--json", args->json, "Print the report as one JSON object");
  auto* challenge = cmd->add_option(
      "--challenge", args->challenge,
      "The challenge you gave the holder; the presentation's proof must "
      "carry it");
  auto* domain = cmd->add_option(
      "--domain", args->domain,
      "Your domain; the presentation's proof must be bound to it");
  AddVerifyFlags(cmd, &args->flags);
  return [args, challenge, domain] {
    args->has_challenge = challenge->count() > 0;
    args->has_domain = domain->count() > 0;
    return RunVerifyPresentation(*args);
  };
}

}  // namespace anycred::verifier
