#include "verifier/verify_flags.h"

#include "core/util/datetime.h"
#include "core/util/io.h"

namespace anycred::verifier {

void AddVerifyFlags(CLI::App* cmd, VerifyFlags* flags) {
  cmd->add_option("--at", flags->at,
                  "Check validity as of this date-time instead of now");
  cmd->add_option("--document", flags->documents,
                  "Answer URL from a local FILE (URL=FILE, repeatable): DID "
                  "documents, keys")
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd->add_option("--context", flags->contexts,
                  "Serve the JSON-LD context URL from a local FILE (URL=FILE, "
                  "repeatable)")
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd->add_flag(
      "--trace", flags->trace,
      "Include canonical forms and hashes in the report (with --json)");
}

Result<std::unique_ptr<VerifyContext>> VerifyContext::Create(
    const VerifyFlags& f) {
  std::unique_ptr<VerifyContext> ctx(new VerifyContext());
  if (!f.at.empty()) {
    auto at = ParseDateTime(f.at, false);
    if (!at.ok()) return at.status().WithContext("--at");
    ctx->at_ = *at;
  }
  for (const auto& spec : f.documents) {
    ANYCRED_ASSIGN_OR_RETURN(UrlFile url_file,
                             ParseUrlFile(spec, "--document"));
    auto text = ReadFileOrStdin(url_file.file);
    if (!text.ok()) return text.status().WithContext("--document");
    auto doc = ParseJson(*text);
    if (!doc.ok())
      return doc.status().WithContext("--document " + url_file.file);
    ctx->documents_.Add(url_file.url, std::move(doc).value());
  }
  ANYCRED_RETURN_IF_ERROR(jsonld::AddContextFiles(f.contexts, &ctx->loader_));
  ctx->trace_ = f.trace;
  return ctx;
}

verification::VerifyCredentialOptions VerifyContext::Options() const {
  verification::VerifyCredentialOptions options;
  options.at = at_ ? *at_ : Now();
  options.resolver = &resolver_;
  options.env.loader = &loader_;
  options.trace = trace_;
  return options;
}

}  // namespace anycred::verifier
