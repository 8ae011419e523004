// Verifying one credential: every check runs and reports (structure,
// proof, issuer key binding, validity period, status, trust), and the facts a
// person needs to read the report (what it is, who issued it, about whom).
//
// Thread safety: VerifyCredential is thread-safe given thread-safe options
// (the resolver and document loader it points to).
#ifndef ANYCRED_CORE_VERIFICATION_VERIFY_CREDENTIAL_H_
#define ANYCRED_CORE_VERIFICATION_VERIFY_CREDENTIAL_H_

#include "core/did/resolver.h"
#include "core/json/json.h"
#include "core/proof/cryptosuite.h"
#include "core/trust/registry.h"
#include "core/util/datetime.h"
#include "core/verification/document_cache.h"
#include "core/verification/report.h"
#include "core/verification/status_list_cache.h"

namespace anycred::verification {

struct VerifyCredentialOptions {
  Timestamp at = Now();                     // "now", or --at
  const did::Resolver* resolver = nullptr;  // null: did:key only
  proof::SuiteEnvironment env;
  bool trace = false;  // include canonical forms, hashes, keys, status bits
  // Where status lists are fetched from (usually the same layered source
  // the resolver uses: --document, --bundle, cache, network). Null: the
  // status of a credential with credentialStatus is unknown.
  const did::DocumentSource* documents = nullptr;
  // Shared by every VerifyCredential call of a run so that a list is
  // fetched and verified once. Null: a cache per call.
  StatusListCache* status_lists = nullptr;
  // The same for the issuers' key histories (keyHistory check). Null: each
  // credential fetches its issuer's history (through options.documents).
  DocumentCache* key_histories = nullptr;
  // Trust registries, most authoritative first (--registry). Null or
  // empty: the trust check says it was not asked.
  const std::vector<trust::Registry>* registries = nullptr;
  // Not recognized (for this) fails instead of warning.
  bool require_trusted = false;
  // Endorsements inside endorsements are verified this deep.
  int max_endorsement_depth = 2;
};

CredentialReport VerifyCredential(const Json& credential,
                                  const VerifyCredentialOptions& options);
// The same for a credential the caller owns and no other thread reads
// meanwhile: its proof is detached while the rest is verified
// (proof::VerifyProofsInPlace) instead of copying the credential without
// it. `credential` is unchanged when this returns.
CredentialReport VerifyOwnedCredential(Json& credential,
                                       const VerifyCredentialOptions& options);

// A report for input that could not be read as a credential at all (not
// JSON, not a baked badge): one failed structure check carrying `status`'s
// code (MALFORMED_CREDENTIAL) and message, which says where.
CredentialReport UnreadableCredential(const Status& status);

// What a credential says, for reports: id, type, name, issuer, issuerName,
// subject, achievement, validFrom, validUntil (those present).
Json CredentialFacts(const Json& credential);

}  // namespace anycred::verification

#endif  // ANYCRED_CORE_VERIFICATION_VERIFY_CREDENTIAL_H_
