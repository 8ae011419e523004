// anycred-verifier verify: checks credentials and reports every check.
#include <iostream>
#include <memory>

#include "core/did/resolver.h"
#include "core/jsonld/document_loader.h"
#include "core/net/document_sources.h"
#include "core/util/datetime.h"
#include "core/util/io.h"
#include "core/util/parallel.h"
#include "core/verification/verify_credential.h"
#include "verifier/cli.h"

namespace anycred::verifier {

namespace {
struct VerifyArgs {
  std::vector<std::string> inputs;
  bool json = false;
  bool jsonl = false;
  bool trace = false;
  std::string at;
  std::vector<std::string> documents;  // URL=FILE
  std::vector<std::string> contexts;   // URL=FILE
  std::vector<std::string> bundles;    // folders with index.json
  std::string cache_dir;
  bool offline = false;
  bool allow_http_loopback = false;
  std::vector<std::string> registries;  // trust registry files
  bool require_trusted = false;
  unsigned threads = 0;
};

// A report for input that is not JSON at all.
verification::CredentialReport Unreadable(const Status& status) {
  verification::CredentialReport report;
  verification::CheckResult c;
  c.check = "structure";
  c.outcome = verification::Outcome::kFailed;
  c.summary = "The input is not a credential (not valid JSON).";
  c.errors.push_back({"MALFORMED_CREDENTIAL", status.message()});
  report.Add(std::move(c));
  report.Finish();
  return report;
}

std::string Render(const verification::CredentialReport& report,
                   const Json& source, bool json) {
  if (json) return DumpJson(verification::ReportToJson(report, source)) + "\n";
  return verification::ReportToText(report, source.is_string()
                                                ? source.get<std::string>()
                                                : "line " + source.dump()) +
         "\n";
}

int RunVerify(const VerifyArgs& args) {
  verification::VerifyCredentialOptions options;
  if (!args.at.empty()) {
    auto at = ParseDateTime(args.at, false);
    if (!at.ok()) {
      std::cerr << "error: --at: " << at.status().message() << "\n";
      return kExitUsage;
    }
    options.at = *at;
  }
  jsonld::DocumentLoader loader;
  if (Status st = jsonld::AddContextFiles(args.contexts, &loader); !st.ok()) {
    std::cerr << "error: " << st.message() << "\n";
    return kExitUsage;
  }
  options.env.loader = &loader;
  // Local answers first (--document, --bundle), then the cache, then the
  // network unless --offline.
  net::SourceOptions source_options;
  source_options.documents = args.documents;
  source_options.bundles = args.bundles;
  source_options.cache_dir = args.cache_dir;
  source_options.offline = args.offline;
  source_options.allow_http_loopback = args.allow_http_loopback;
  auto sources = net::VerifierDocumentSources::Open(source_options);
  if (!sources.ok()) {
    std::cerr << "error: " << sources.status().message() << "\n";
    return kExitUsage;
  }
  did::Resolver resolver((*sources)->source());
  options.resolver = &resolver;
  options.documents = (*sources)->source();
  verification::StatusListCache status_lists;
  options.status_lists = &status_lists;
  options.trace = args.trace;
  std::vector<trust::Registry> registries;
  for (const auto& file : args.registries) {
    auto registry = trust::Registry::ReadFile(file);
    if (!registry.ok()) {
      std::cerr << "error: --registry: " << registry.status().message() << "\n";
      return kExitUsage;
    }
    registries.push_back(std::move(registry).value());
  }
  if (args.require_trusted && registries.empty()) {
    std::cerr
        << "error: --require-trusted needs at least one --registry FILE\n";
    return kExitUsage;
  }
  options.registries = &registries;
  options.require_trusted = args.require_trusted;

  bool all_verified = true;
  bool io_error = false;
  for (const auto& input : args.inputs) {
    if (!args.jsonl) {
      auto text = ReadFileOrStdin(input);
      if (!text.ok()) {
        std::cerr << "error: " << text.status().message() << "\n";
        io_error = true;
        continue;
      }
      auto credential = ParseJson(*text);
      auto report = credential.ok()
                        ? verification::VerifyCredential(*credential, options)
                        : Unreadable(credential.status());
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
              line.too_long ? Result<Json>(Status::Error(
                                  "MALFORMED_INPUT", "the line is too long"))
                            : ParseJson(line.text);
          auto report = credential.ok() ? verification::VerifyCredential(
                                              *credential, options)
                                        : Unreadable(credential.status());
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
      "verify",
      "Verify credentials: structure, signature, issuer key, dates, status");
  cmd->add_option("inputs", args->inputs,
                  "Credential files, or - for standard input")
      ->required();
  cmd->add_flag("--json", args->json,
                "Print one JSON object per credential, one per line");
  cmd->add_flag("--jsonl", args->jsonl,
                "Inputs are JSON Lines, one credential per line");
  cmd->add_option("--at", args->at,
                  "Check validity as of this date-time instead of now");
  cmd->add_option("--document", args->documents,
                  "Answer URL from a local FILE (URL=FILE, repeatable): DID "
                  "documents, keys")
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd->add_option("--context", args->contexts,
                  "Serve the JSON-LD context URL from a local FILE (URL=FILE, "
                  "repeatable)")
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd->add_option("--bundle", args->bundles,
                  "Answer URLs from a folder of documents listed in its "
                  "index.json (repeatable; specs/document-bundle.md)")
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd->add_option("--cache", args->cache_dir,
                  "Keep fetched documents (DID documents, status lists) in "
                  "this folder with their fetch time, and reuse them");
  cmd->add_flag("--offline", args->offline,
                "Never use the network: what is not available locally is "
                "reported as unknown (offline)");
  cmd->add_flag("--allow-http-loopback", args->allow_http_loopback,
                "Allow plain http to localhost/127.0.0.1/::1 (testing a local "
                "issuer); other hosts always need https");
  cmd->add_option("--registry", args->registries,
                  "A trust registry of recognized issuers (repeatable, most "
                  "authoritative first; specs/trust-registry.md)")
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd->add_flag("--require-trusted", args->require_trusted,
                "An issuer the registries do not recognize for this "
                "credential fails verification (default: a warning)");
  cmd->add_flag(
      "--trace", args->trace,
      "Include canonical forms and hashes in the report (with --json)");
  cmd->add_option("--threads", args->threads,
                  "Worker threads for --jsonl (default: all cores)");
  return [args] { return RunVerify(*args); };
}

}  // namespace anycred::verifier
