// "keyHistory": whether the key that signed a credential was the issuer's
// active key when the credential was signed, read from the key history a
// did:web issuer publishes next to its DID document (specs/issuer-keys.md):
//
//   did:web:college.example:riverside
//     -> https://college.example/riverside/did.json          (DID document)
//     -> https://college.example/riverside/key-history.json  (key history)
//
// The history is fetched through options.documents, the same layered
// source the DID document comes from (--document, --bundle, the cache, the
// network; --offline and --allow-http-loopback apply). Each assertion
// proof whose key is a did:web verification method is looked up in it; its
// `created` must fall in the key's active period: activated <= created <=
// the earliest of retired / revoked, to the second (the issuer's times are
// whole seconds, and a credential signed in the second of a rotation may
// carry either key).
//
// Outcomes:
//   ok      every did:web proof was made while its key was active; or no
//           proof uses a did:web key (did:key issuers, https keys): not
//           applicable, details.applicable = false.
//   failed  KEY_NOT_ACTIVE_WHEN_SIGNED (created outside the key's period)
//           or KEY_NOT_IN_HISTORY (the key is not listed, or listed with
//           another public key). The message names the key and its period.
//   unknown the history is not published (most issuers publish none), not
//           reachable, not available offline, malformed, or the proof has
//           no usable `created`: warning KEY_HISTORY_UNAVAILABLE. The check
//           is advisory: its unknown outcome does not by itself make the
//           credential unverified; a failure does.
//
// details: applicable, keys[] {index, verificationMethod, created, outcome,
// historyUrl} and, with options.trace, trace {historyOrigin, keyId, state,
// activated, retired, revoked} (the period found).
//
// Thread safety: a pure function of its arguments (given a thread-safe
// document source).
#ifndef ANYCRED_CORE_VERIFICATION_CHECK_KEY_HISTORY_H_
#define ANYCRED_CORE_VERIFICATION_CHECK_KEY_HISTORY_H_

#include <string>

#include "core/json/json.h"
#include "core/proof/data_integrity.h"
#include "core/util/status.h"
#include "core/verification/report.h"
#include "core/verification/verify_credential.h"

namespace anycred::verification {

inline constexpr const char* kKeyNotActiveWhenSigned =
    "KEY_NOT_ACTIVE_WHEN_SIGNED";
inline constexpr const char* kKeyNotInHistory = "KEY_NOT_IN_HISTORY";
inline constexpr const char* kKeyHistoryUnavailable = "KEY_HISTORY_UNAVAILABLE";

// The key history URL of a did:web DID (its did.json URL with
// key-history.json in place of did.json); invalidDid for anything else.
Result<std::string> KeyHistoryUrl(const std::string& did);

CheckResult CheckKeyHistory(const Json& credential,
                            const proof::ProofsResult& proofs,
                            const VerifyCredentialOptions& options);

}  // namespace anycred::verification

#endif  // ANYCRED_CORE_VERIFICATION_CHECK_KEY_HISTORY_H_
