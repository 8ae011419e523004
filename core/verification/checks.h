// The individual checks of credential verification, one per file
// (check_<name>.cc). Each returns a CheckResult that is ok, failed with
// codes and reasons, or unknown with why; none stops the others.
//
// Thread safety: pure functions of their arguments.
#ifndef ANYCRED_CORE_VERIFICATION_CHECKS_H_
#define ANYCRED_CORE_VERIFICATION_CHECKS_H_

#include "core/json/json.h"
#include "core/proof/data_integrity.h"
#include "core/util/datetime.h"
#include "core/verification/report.h"
#include "core/verification/verify_credential.h"

namespace anycred::verification {

// "structure": required fields and their forms (MALFORMED_CREDENTIAL).
CheckResult CheckStructure(const Json& credential);
// "schema": the bundled JSON Schemas (OB 3.0, CLR 2.0) the credential
// declares in credentialSchema or, without a declaration, the schema of
// its type (VC 2.0 OpenBadgeCredential/AchievementCredential,
// EndorsementCredential, ClrCredential); and that an Open Badge's subject
// has an id or identifier. SCHEMA_INVALID "/json/pointer: message" for
// each violation; an undeclared or unbundled schema is SCHEMA_NOT_CHECKED
// (a warning): schemas are never fetched.
CheckResult CheckSchema(const Json& credential);
// "proof": every proof's signature and checks (codes from proof/errors.h).
CheckResult CheckProof(const proof::ProofsResult& proofs, bool trace);
// "issuer": a proof for assertionMethod was made with a key the issuer
// controls (ISSUER_MISMATCH otherwise; unknown when no key was retrieved).
CheckResult CheckIssuer(const Json& credential,
                        const proof::ProofsResult& proofs);
// "validity": validFrom/validUntil (or 1.1 issuanceDate/expirationDate) at
// time `at` (NOT_YET_VALID, EXPIRED).
CheckResult CheckValidity(const Json& credential, Timestamp at);
// "status": each credentialStatus entry (BitstringStatusListEntry,
// StatusList2021Entry): fetch the list through options.documents (cached in
// options.status_lists), verify its proof, that its issuer is the
// credential's, its dates, its purpose, decode and read the entry;
// 1EdTechRevocationList: look the credential's id up in the list at the
// entry's id (revocation_list_1edtech.h). REVOKED
// / SUSPENDED fail; a list that cannot be had is unknown with
// STATUS_UNAVAILABLE (never "revoked"); a list that is not trustworthy
// fails with STATUS_VERIFICATION_ERROR (or the decoding codes).
CheckResult CheckStatus(const Json& credential,
                        const VerifyCredentialOptions& options);
// "trust": the issuer looked up in options.registries for what the
// credential is about, as of when it was awarded: "recognized by REGISTRY
// as NAME for SCOPE" (ok); otherwise ISSUER_NOT_TRUSTED (not listed),
// ISSUER_OUT_OF_SCOPE (listed, not for this competency) or
// ISSUER_NOT_TRUSTED_THEN (listed, not at that time): warnings, or errors
// (failed) with options.require_trusted. Ok without registries.
CheckResult CheckTrust(const Json& credential,
                       const VerifyCredentialOptions& options);
// "endorsements": every EndorsementCredential embedded in the credential,
// its issuer profile, its achievement or the achievement's creator is
// verified as a credential (all checks but trust) and must endorse what
// carries it; each is listed in details. An endorsement that does not
// verify is a warning (ENDORSEMENT_NOT_VERIFIED): a third party's opinion
// does not make the credential itself false. JWT endorsements
// (endorsementJwt, compact JWS with EdDSA only) are verified the same way
// with their JWS signature in place of a proof (jwt_credential.h).
CheckResult CheckEndorsements(const Json& credential,
                              const VerifyCredentialOptions& options);

}  // namespace anycred::verification

#endif  // ANYCRED_CORE_VERIFICATION_CHECKS_H_
