// anycred-verifier canonicalize: prints the canonical N-Quads of a JSON-LD
// document or an N-Quads file: exactly the bytes a Data Integrity
// cryptosuite hashes, for diagnosing signatures that do not verify.
#include <iostream>
#include <memory>

#include "core/crypto/sha2.h"
#include "core/jsonld/document_loader.h"
#include "core/jsonld/to_rdf.h"
#include "core/rdf/nquads.h"
#include "core/rdf/rdfc10.h"
#include "core/util/io.h"
#include "verifier/cli.h"

namespace anycred::verifier {

namespace {
struct CanonicalizeArgs {
  std::string from;
  bool strip_proof = false;
  std::string hash_algorithm = "SHA256";
  std::vector<std::string> contexts;
  std::string input = "-";
};

int Refused(const Status& st) {
  std::cerr << "error: " << st.code() << ": " << st.message() << "\n";
  return kExitNotVerified;
}

int RunCanonicalize(const CanonicalizeArgs& args) {
  std::string from = args.from;
  if (from.empty()) {
    bool nq = args.input.size() > 3 &&
              args.input.compare(args.input.size() - 3, 3, ".nq") == 0;
    from = nq ? "nquads" : "jsonld";
  }
  if (from != "jsonld" && from != "nquads") {
    std::cerr << "error: --from must be jsonld or nquads\n";
    return kExitUsage;
  }
  auto hash = crypto::ParseHashAlgorithm(args.hash_algorithm);
  if (!hash.ok()) {
    std::cerr << "error: --hash-algorithm: " << hash.status().message() << "\n";
    return kExitUsage;
  }
  jsonld::DocumentLoader loader;
  if (Status st = jsonld::AddContextFiles(args.contexts, &loader); !st.ok()) {
    std::cerr << "error: " << st.message() << "\n";
    return kExitUsage;
  }
  auto text = ReadFileOrStdin(args.input);
  if (!text.ok()) {
    std::cerr << "error: " << text.status().message() << "\n";
    return kExitUsage;
  }
  rdf::Dataset dataset;
  if (from == "nquads") {
    auto parsed = rdf::ParseNQuads(*text);
    if (!parsed.ok()) return Refused(parsed.status());
    dataset = std::move(parsed).value();
  } else {
    auto doc = ParseJson(*text);
    if (!doc.ok()) return Refused(doc.status());
    if (args.strip_proof && doc->is_object()) doc->erase("proof");
    jsonld::JsonLdOptions options;
    options.safe_mode = true;
    options.document_loader = &loader;
    auto rdf = jsonld::ToRdf(*doc, options);
    if (!rdf.ok()) return Refused(rdf.status());
    dataset = std::move(rdf).value();
  }
  rdf::CanonicalizeOptions options;
  options.hash_algorithm = *hash;
  auto canonical = rdf::Canonicalize(dataset, options);
  if (!canonical.ok()) return Refused(canonical.status());
  std::cout << canonical->nquads;
  std::cout.flush();
  return kExitVerified;
}
}  // namespace

Command RegisterCanonicalize(CLI::App& app) {
  auto args = std::make_shared<CanonicalizeArgs>();
  CLI::App* cmd = app.add_subcommand("canonicalize",
                                     "Print the canonical N-Quads (RDFC-1.0) "
                                     "of a JSON-LD document or N-Quads file");
  cmd->add_option(
      "--from", args->from,
      "Input format: jsonld (default) or nquads (default for *.nq)");
  cmd->add_flag("--strip-proof", args->strip_proof,
                "Remove the document's proof first (what a signer hashes)");
  cmd->add_option("--hash-algorithm", args->hash_algorithm,
                  "RDFC-1.0 hash: SHA256 (default) or SHA384");
  cmd->add_option("--context", args->contexts,
                  "Serve the JSON-LD context URL from a local FILE (URL=FILE, "
                  "repeatable)")
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd->add_option("input", args->input,
                  "Document file, or - for standard input (default)");
  return [args] { return RunCanonicalize(*args); };
}

}  // namespace anycred::verifier
