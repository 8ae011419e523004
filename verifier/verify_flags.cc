#include "verifier/verify_flags.h"

#include "core/util/datetime.h"

namespace anycred::verifier {

namespace {
// URL=FILE options may be repeated and never swallow the positional inputs.
CLI::Option* Repeatable(CLI::Option* option) {
  return option->allow_extra_args(false)->multi_option_policy(
      CLI::MultiOptionPolicy::TakeAll);
}
}  // namespace

void AddVerifyFlags(CLI::App* cmd, VerifyFlags* flags) {
  cmd->add_option("--at", flags->at,
                  "Check validity as of this date-time instead of now");
  Repeatable(cmd->add_option(
      "--document", flags->documents,
      "Answer URL from a local FILE (URL=FILE, repeatable): DID documents, "
      "keys, status lists"));
  Repeatable(cmd->add_option("--context", flags->contexts,
                             "Serve the JSON-LD context URL from a local FILE "
                             "(URL=FILE, repeatable)"));
  Repeatable(cmd->add_option(
      "--bundle", flags->bundles,
      "Answer URLs from a folder of documents listed in its index.json "
      "(repeatable; specs/document-bundle.md)"));
  cmd->add_option("--cache", flags->cache_dir,
                  "Keep fetched documents (DID documents, status lists) in "
                  "this folder with their fetch time, and reuse them");
  cmd->add_flag("--offline", flags->offline,
                "Never use the network: what is not available locally is "
                "reported as unknown (offline)");
  cmd->add_flag("--allow-http-loopback", flags->allow_http_loopback,
                "Allow plain http to localhost/127.0.0.1/::1 (testing a local "
                "issuer); other hosts always need https");
  Repeatable(cmd->add_option(
      "--registry", flags->registries,
      "A trust registry of recognized issuers (repeatable, most "
      "authoritative first; specs/trust-registry.md)"));
  cmd->add_flag("--require-trusted", flags->require_trusted,
                "An issuer the registries do not recognize for this "
                "credential fails verification (default: a warning)");
  cmd->add_flag(
      "--trace", flags->trace,
      "Include canonical forms, hashes, resolved keys and status bits in the "
      "report (with --json)");
}

Result<std::unique_ptr<VerifyContext>> VerifyContext::Create(
    const VerifyFlags& f) {
  std::unique_ptr<VerifyContext> ctx(new VerifyContext());
  if (!f.at.empty()) {
    auto at = ParseDateTime(f.at, false);
    if (!at.ok()) return at.status().WithContext("--at");
    ctx->at_ = *at;
  }
  ANYCRED_RETURN_IF_ERROR(jsonld::AddContextFiles(f.contexts, &ctx->loader_));
  // Local answers first (--document, --bundle), then the cache, then the
  // network unless --offline.
  net::SourceOptions sources;
  sources.documents = f.documents;
  sources.bundles = f.bundles;
  sources.cache_dir = f.cache_dir;
  sources.offline = f.offline;
  sources.allow_http_loopback = f.allow_http_loopback;
  ANYCRED_ASSIGN_OR_RETURN(ctx->sources_,
                           net::VerifierDocumentSources::Open(sources));
  ctx->resolver_ = std::make_unique<did::Resolver>(ctx->sources_->source());
  for (const auto& file : f.registries) {
    auto registry = trust::Registry::ReadFile(file);
    if (!registry.ok()) return registry.status().WithContext("--registry");
    ctx->registries_.push_back(std::move(registry).value());
  }
  if (f.require_trusted && ctx->registries_.empty()) {
    return Status::Error(
        "INVALID_ARGUMENT",
        "--require-trusted needs at least one --registry FILE");
  }
  ctx->require_trusted_ = f.require_trusted;
  ctx->trace_ = f.trace;
  return ctx;
}

verification::VerifyCredentialOptions VerifyContext::Options() const {
  verification::VerifyCredentialOptions options;
  options.at = at_ ? *at_ : Now();
  options.resolver = resolver_.get();
  options.env.loader = &loader_;
  options.documents = sources_->source();
  options.status_lists = &status_lists_;
  options.key_histories = &key_histories_;
  options.registries = &registries_;
  options.require_trusted = require_trusted_;
  options.trace = trace_;
  return options;
}

}  // namespace anycred::verifier
