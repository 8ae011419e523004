// The flags every verifying command shares (verify, verify-presentation,
// inspect, serve): --at, --document, --context, --bundle, --cache,
// --offline, --allow-http-loopback, --registry, --require-trusted, --trace,
// and the objects they build (the layered document sources, a context
// loader, a key resolver, the status-list cache, the trust registries)
// behind one VerifyCredentialOptions.
//
// Thread safety: a VerifyContext is immutable after Create apart from its
// status-list cache, which is thread-safe; it may be shared by threads.
#ifndef ANYCRED_VERIFIER_VERIFY_FLAGS_H_
#define ANYCRED_VERIFIER_VERIFY_FLAGS_H_

#include <CLI/CLI.hpp>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/did/resolver.h"
#include "core/jsonld/document_loader.h"
#include "core/net/document_sources.h"
#include "core/trust/registry.h"
#include "core/util/status.h"
#include "core/verification/status_list_cache.h"
#include "core/verification/verify_credential.h"

namespace anycred::verifier {

struct VerifyFlags {
  std::string at;                       // --at, empty: now
  std::vector<std::string> documents;   // --document URL=FILE
  std::vector<std::string> contexts;    // --context URL=FILE
  std::vector<std::string> bundles;     // --bundle DIR (with index.json)
  std::string cache_dir;                // --cache DIR
  bool offline = false;                 // --offline
  bool allow_http_loopback = false;     // --allow-http-loopback
  std::vector<std::string> registries;  // --registry FILE
  bool require_trusted = false;         // --require-trusted
  bool trace = false;                   // --trace
};

// Adds the flags above to `cmd`.
void AddVerifyFlags(CLI::App* cmd, VerifyFlags* flags);

class VerifyContext {
 public:
  // Errors name the flag and the problem (INVALID_ARGUMENT, IO_ERROR,
  // MALFORMED_INPUT, …).
  static Result<std::unique_ptr<VerifyContext>> Create(const VerifyFlags& f);
  VerifyContext(const VerifyContext&) = delete;
  VerifyContext& operator=(const VerifyContext&) = delete;

  // Options for one verification: the time is --at, or now at the call
  // (a server calls this per request).
  verification::VerifyCredentialOptions Options() const;

  // The trust registries of --registry, most authoritative first.
  const std::vector<trust::Registry>& registries() const { return registries_; }

 private:
  VerifyContext() = default;
  std::unique_ptr<net::VerifierDocumentSources> sources_;
  jsonld::DocumentLoader loader_;
  std::unique_ptr<did::Resolver> resolver_;
  mutable verification::StatusListCache status_lists_;
  mutable verification::DocumentCache key_histories_;
  std::vector<trust::Registry> registries_;
  bool require_trusted_ = false;
  std::optional<Timestamp> at_;
  bool trace_ = false;
};

}  // namespace anycred::verifier

#endif  // ANYCRED_VERIFIER_VERIFY_FLAGS_H_
