// Verifying one credential: every check runs and reports (structure,
// proof, issuer key binding, validity period), and the facts a person
// needs to read the report (what it is, who issued it, about whom).
// Later checks (status, trust, schema) plug in here.
//
// Thread safety: VerifyCredential is thread-safe given thread-safe options
// (the resolver and document loader it points to).
#ifndef ANYCRED_CORE_VERIFICATION_VERIFY_CREDENTIAL_H_
#define ANYCRED_CORE_VERIFICATION_VERIFY_CREDENTIAL_H_

#include "core/did/resolver.h"
#include "core/json/json.h"
#include "core/proof/cryptosuite.h"
#include "core/util/datetime.h"
#include "core/verification/report.h"

namespace anycred::verification {

struct VerifyCredentialOptions {
  Timestamp at = Now();                     // "now", or --at
  const did::Resolver* resolver = nullptr;  // null: did:key only
  proof::SuiteEnvironment env;
  bool trace = false;  // include canonical forms and hashes
};

CredentialReport VerifyCredential(const Json& credential,
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
