// anycred-verifier verify: checks credentials and reports every check.
#include <iostream>
#include <memory>

#include "core/badge/badge.h"
#include "core/util/io.h"
#include "core/util/parallel.h"
#include "core/verification/verify_credential.h"
#include "verifier/cli.h"
#include "verifier/verify_flags.h"

namespace anycred::verifier {

namespace {
struct VerifyArgs {
  std::vector<std::string> inputs;
  bool json = false;
  bool jsonl = false;
  VerifyFlags flags;
  unsigned threads = 0;
};

std::string Render(const verification::CredentialReport& report,
                   const Json& source, bool json) {
  if (json) return DumpJson(verification::ReportToJson(report, source)) + "\n";
  return verification::ReportToText(report, source.is_string()
                                                ? source.get<std::string>()
                                                : "line " + source.dump()) +
         "\n";
}

int RunVerify(const VerifyArgs& args) {
  auto context = VerifyContext::Create(args.flags);
  if (!context.ok()) {
    std::cerr << "error: " << context.status().message() << "\n";
    return kExitUsage;
  }
  const verification::VerifyCredentialOptions options = (*context)->Options();

  bool all_verified = true;
  bool io_error = false;
  for (const auto& input : args.inputs) {
    if (!args.jsonl) {
      auto bytes = ReadFileOrStdin(input);
      if (!bytes.ok()) {
        std::cerr << "error: " << bytes.status().message() << "\n";
        io_error = true;
        continue;
      }
      auto credential = badge::ReadCredential(*bytes);
      auto report =
          credential.ok()
              ? verification::VerifyOwnedCredential(*credential, options)
              : verification::UnreadableCredential(credential.status());
      all_verified &= report.verified;
      std::cout << Render(report, Json(input), args.json);
      continue;
    }
    auto reader = LineReader::Open(input);
    if (!reader.ok()) {
      std::cerr << "error: " << reader.status().message() << "\n";
      io_error = true;
      continue;
    }
    struct Line {
      std::size_t number = 0;
      std::string text;
      bool too_long = false;
    };
    OrderedParallelMap<Line, std::string>(
        [&](Line* line) {
          while ((*reader)->Next(&line->text, &line->too_long)) {
            line->number = (*reader)->line_number();
            if (line->text.find_first_not_of(" \t") != std::string::npos)
              return true;
          }
          return false;
        },
        [&](const Line& line) {
          auto credential =
              line.too_long
                  ? Result<Json>(Status::Error("MALFORMED_CREDENTIAL",
                                               "the line is too long"))
                  : badge::ReadCredential(line.text);
          auto report =
              credential.ok()
                  ? verification::VerifyOwnedCredential(*credential, options)
                  : verification::UnreadableCredential(credential.status());
          std::string out = Render(report, Json(line.number), args.json);
          return (report.verified ? "1" : "0") + out;
        },
        [&](const Line&, std::string&& out) {
          all_verified &= out[0] == '1';
          std::cout.write(out.data() + 1,
                          static_cast<std::streamsize>(out.size() - 1));
        },
        args.threads == 0 ? DefaultThreads() : args.threads);
  }
  std::cout.flush();
  if (io_error) return kExitUsage;
  return all_verified ? kExitVerified : kExitNotVerified;
}
}  // namespace

Command RegisterVerify(CLI::App& app) {
  auto args = std::make_shared<VerifyArgs>();
  CLI::App* cmd = app.add_subcommand(
      "verify", "Verify credentials: structure, signature, issuer key, dates");
  cmd->add_option("inputs", args->inputs,
                  "Credential files (JSON, or a baked PNG or SVG badge), or - "
                  "for standard input")
      ->required();
  cmd->add_flag("--json", args->json,
                "Print one JSON object per credential, one per line");
  cmd->add_flag("--jsonl", args->jsonl,
                "Inputs are JSON Lines, one credential per line");
  AddVerifyFlags(cmd, &args->flags);
  cmd->add_option("--threads", args->threads,
                  "Worker threads for --jsonl (default: all cores)");
  return [args] { return RunVerify(*args); };
}

}  // namespace anycred::verifier
