// Verifying a credential secured as a compact JWS instead of an embedded
// proof, as Open Badges 3.0 embeds JWT endorsements (`endorsementJwt`):
// VC-JOSE-COSE (`typ` vc+jwt, the payload is the credential) or the VC 1.1
// JWT encoding (the credential in the `vc` claim; `iss` and `jti` give its
// issuer and id when it names none).
//
// EdDSA (Ed25519) only: the header's `alg` must be "EdDSA" (no algorithm is
// chosen from untrusted input), its `kid` names the verification method
// (relative "#key-1" is read against the issuer), which is retrieved as for
// Data Integrity proofs (did:key, did:web, https through options.resolver)
// and must be authorized for assertionMethod.
//
// The report has the checks of VerifyCredential with `proof` the JWS's
// signature (details.format "jwt", alg, verificationMethod, controller) and
// no `keyHistory` (a JWS carries no signing time to compare).
//
// Thread safety: as VerifyCredential.
#ifndef ANYCRED_CORE_VERIFICATION_JWT_CREDENTIAL_H_
#define ANYCRED_CORE_VERIFICATION_JWT_CREDENTIAL_H_

#include <string>

#include "core/json/json.h"
#include "core/util/status.h"
#include "core/verification/report.h"
#include "core/verification/verify_credential.h"

namespace anycred::verification {

// The credential a compact JWS carries, without checking its signature
// (MALFORMED_CREDENTIAL when it is not a JWS with a JSON credential).
Result<Json> DecodeJwtCredential(const std::string& jws);

// Every check of the credential `jws` carries, its signature included.
CredentialReport VerifyJwtCredential(const std::string& jws,
                                     const VerifyCredentialOptions& options);

}  // namespace anycred::verification

#endif  // ANYCRED_CORE_VERIFICATION_JWT_CREDENTIAL_H_
