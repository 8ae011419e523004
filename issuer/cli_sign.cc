// anycred-issuer sign: signs credentials with a key file.
#include <atomic>
#include <iostream>
#include <memory>

#include "core/jsonld/document_loader.h"
#include "core/keys/key_file.h"
#include "core/proof/data_integrity.h"
#include "core/proof/suites.h"
#include "core/util/datetime.h"
#include "core/util/io.h"
#include "core/util/parallel.h"
#include "core/vc/structure.h"
#include "issuer/cli.h"

namespace anycred::issuer {

namespace {
struct SignArgs {
  std::string key_file;
  std::string suite;
  std::string created;
  bool jsonl = false;
  std::string input = "-";
  std::string output = "-";
  unsigned threads = 0;
  std::vector<std::string> contexts;  // URL=FILE
};

// Checks and signs one credential; the error message is for people.
Result<Json> SignOne(Json credential, const keys::SigningKey& key,
                     const proof::AddProofOptions& options) {
  std::vector<Status> problems = vc::CheckCredentialStructure(credential);
  if (!problems.empty()) {
    std::string msg;
    for (const auto& p : problems)
      msg += (msg.empty() ? "" : "; ") + p.message();
    return Status::Error(vc::kMalformedCredential, msg);
  }
  std::string issuer = vc::IssuerId(credential);
  if (issuer != key.controller) {
    return Status::Error("ISSUER_MISMATCH",
                         "the credential's issuer is " + issuer +
                             " but the key belongs to " + key.controller +
                             "; set issuer (or issuer.id) to " +
                             key.controller);
  }
  return proof::AddProof(std::move(credential), key, options);
}

int RunSign(const SignArgs& args) {
  if (args.key_file.empty()) {
    std::cerr << "error: --key is required\n";
    return kExitUsage;
  }
  if (!args.suite.empty() && proof::FindSuiteByName(args.suite) == nullptr) {
    std::string known;
    for (const auto& n : proof::SigningSuiteNames())
      known += (known.empty() ? "" : ", ") + n;
    std::cerr << "error: --suite " << args.suite
              << " is not supported (supported: " << known << ")\n";
    return kExitUsage;
  }
  if (!args.created.empty()) {
    auto t = ParseDateTime(args.created, true);
    if (!t.ok()) {
      std::cerr << "error: --created: " << t.status().message() << "\n";
      return kExitUsage;
    }
  }
  auto key = keys::ReadKeyFile(args.key_file, [] {
    return GetPassphrase("ANYCRED_KEY_PASSPHRASE",
                         "Passphrase for the signing key: ", false);
  });
  if (!key.ok()) {
    std::cerr << "error: " << key.status().message() << "\n";
    return kExitUsage;
  }
  jsonld::DocumentLoader loader;
  if (Status st = jsonld::AddContextFiles(args.contexts, &loader); !st.ok()) {
    std::cerr << "error: " << st.message() << "\n";
    return kExitUsage;
  }
  proof::AddProofOptions options;
  options.cryptosuite = args.suite;
  options.env.loader = &loader;
  if (!args.created.empty()) options.created = args.created;

  if (!args.jsonl) {
    auto text = ReadFileOrStdin(args.input);
    if (!text.ok()) {
      std::cerr << "error: " << text.status().message() << "\n";
      return kExitUsage;
    }
    auto credential = ParseJson(*text);
    if (!credential.ok()) {
      std::cerr << "error: "
                << (args.input == "-" ? "standard input" : args.input) << ": "
                << credential.status().message() << "\n";
      return kExitRefused;
    }
    auto signed_doc = SignOne(std::move(credential).value(), *key, options);
    if (!signed_doc.ok()) {
      std::cerr << "error: " << signed_doc.status().code() << ": "
                << signed_doc.status().message() << "\n";
      return kExitRefused;
    }
    Status st =
        WriteFileOrStdout(args.output, DumpJson(*signed_doc, true) + "\n");
    if (!st.ok()) {
      std::cerr << "error: " << st.message() << "\n";
      return kExitUsage;
    }
    return kExitOk;
  }

  // JSON Lines: one credential per line, signed on all cores, in order.
  auto reader = LineReader::Open(args.input);
  if (!reader.ok()) {
    std::cerr << "error: " << reader.status().message() << "\n";
    return kExitUsage;
  }
  std::FILE* out =
      args.output == "-" ? stdout : std::fopen(args.output.c_str(), "wb");
  if (out == nullptr) {
    std::cerr << "error: cannot write " << args.output << "\n";
    return kExitUsage;
  }
  struct Line {
    std::size_t number = 0;
    std::string text;
    bool too_long = false;
  };
  std::size_t signed_count = 0, refused = 0;
  OrderedParallelMap<Line, Result<std::string>>(
      [&](Line* line) {
        while ((*reader)->Next(&line->text, &line->too_long)) {
          line->number = (*reader)->line_number();
          if (line->text.find_first_not_of(" \t") != std::string::npos)
            return true;
        }
        return false;
      },
      [&](const Line& line) -> Result<std::string> {
        if (line.too_long)
          return Status::Error(codes::kMalformedInput, "the line is too long");
        auto credential = ParseJson(line.text);
        if (!credential.ok()) return credential.status();
        auto signed_doc = SignOne(std::move(credential).value(), *key, options);
        if (!signed_doc.ok()) return signed_doc.status();
        return DumpJson(*signed_doc);
      },
      [&](const Line& line, Result<std::string>&& result) {
        if (result.ok()) {
          std::fwrite(result->data(), 1, result->size(), out);
          std::fputc('\n', out);
          ++signed_count;
        } else {
          ++refused;
          std::cerr << "line " << line.number << ": " << result.status().code()
                    << ": " << result.status().message() << "\n";
        }
      },
      args.threads == 0 ? DefaultThreads() : args.threads);
  bool write_ok = (out == stdout ? std::fflush(out) : std::fclose(out)) == 0;
  if (!write_ok) {
    std::cerr << "error: cannot write " << args.output << "\n";
    return kExitUsage;
  }
  if (refused > 0) {
    std::cerr << "Signed " << signed_count << " credentials; " << refused
              << " lines were refused (see above).\n";
    return kExitRefused;
  }
  return kExitOk;
}
}  // namespace

Command RegisterSign(CLI::App& app) {
  auto args = std::make_shared<SignArgs>();
  CLI::App* cmd = app.add_subcommand(
      "sign",
      "Sign a credential (or JSON Lines of credentials) with a key file");
  cmd->add_option("--key", args->key_file,
                  "Key file from `anycred-issuer keygen`")
      ->required();
  std::string suites;
  for (const auto& n : proof::SigningSuiteNames())
    suites += (suites.empty() ? "" : ", ") + n;
  cmd->add_option("--suite", args->suite,
                  std::string("Cryptosuite (") + suites + "; default " +
                      proof::DefaultSigningSuite() + ")");
  cmd->add_option("--created", args->created,
                  "Proof creation time (XSD dateTimeStamp); default: now");
  cmd->add_flag("--jsonl", args->jsonl,
                "Input and output are JSON Lines, one credential per line");
  cmd->add_option("-o,--output", args->output,
                  "Write the result here; default: standard output");
  cmd->add_option("--threads", args->threads,
                  "Worker threads for --jsonl (default: all cores)");
  cmd->add_option("--context", args->contexts,
                  "Serve the JSON-LD context URL from a local FILE (URL=FILE, "
                  "repeatable)")
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd->add_option("input", args->input,
                  "Credential file, or - for standard input (default)");
  return [args] { return RunSign(*args); };
}

}  // namespace anycred::issuer
