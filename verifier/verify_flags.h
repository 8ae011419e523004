// The flags every verifying command shares (verify, verify-presentation,
// inspect, serve): --at, --document, --context, --trace, and the objects
// they build (a document source, a context loader, a key resolver) behind
// one VerifyCredentialOptions.
//
// Thread safety: a VerifyContext is immutable after Create and may be
// shared by threads (the objects it owns are safe for concurrent reads).
#ifndef ANYCRED_VERIFIER_VERIFY_FLAGS_H_
#define ANYCRED_VERIFIER_VERIFY_FLAGS_H_

#include <CLI/CLI.hpp>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/did/resolver.h"
#include "core/jsonld/document_loader.h"
#include "core/util/status.h"
#include "core/verification/verify_credential.h"

namespace anycred::verifier {

struct VerifyFlags {
  std::string at;                      // --at, empty: now
  std::vector<std::string> documents;  // --document URL=FILE
  std::vector<std::string> contexts;   // --context URL=FILE
  bool trace = false;                  // --trace
};

// Adds --at, --document, --context and --trace to `cmd`.
void AddVerifyFlags(CLI::App* cmd, VerifyFlags* flags);

class VerifyContext {
 public:
  // INVALID_ARGUMENT / IO_ERROR / MALFORMED_INPUT naming the flag.
  static Result<std::unique_ptr<VerifyContext>> Create(const VerifyFlags& f);
  VerifyContext(const VerifyContext&) = delete;
  VerifyContext& operator=(const VerifyContext&) = delete;

  // Options for one verification: the time is --at, or now at the call
  // (a server calls this per request).
  verification::VerifyCredentialOptions Options() const;

 private:
  VerifyContext() : resolver_(&documents_) {}
  did::StaticDocumentSource documents_;
  jsonld::DocumentLoader loader_;
  did::Resolver resolver_;
  std::optional<Timestamp> at_;
  bool trace_ = false;
};

}  // namespace anycred::verifier

#endif  // ANYCRED_VERIFIER_VERIFY_FLAGS_H_
