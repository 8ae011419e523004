// The 1EdTech Revocation List Status Method, Open Badges 3.0's
// `1EdTechRevocationList` credentialStatus (deprecated by OB 3.0 doc 1.3 in
// favour of Bitstring Status List, still found in issued badges):
//
//   "credentialStatus": {"id": "https://issuer.example/revocations/1",
//                        "type": "1EdTechRevocationList"}
//
// A GET of `id` answers a revocation list:
//
//   {"id": "https://issuer.example/revocations/1",
//    "issuer": "https://issuer.example/profile",
//    "revokedCredentials": [{"id": "urn:uuid:…", "revoked": true,
//                            "revocationReason": "…"}, …]}
//
// The credential is revoked when its `id` is listed and that entry's
// `revoked` is true or absent. The list carries no signature: it is taken
// as served by the issuer's own URL. A list that names another issuer than
// the credential's is not trusted.
//
// Thread safety: a pure function of its arguments (given a thread-safe
// document source).
#ifndef ANYCRED_CORE_VERIFICATION_REVOCATION_LIST_1EDTECH_H_
#define ANYCRED_CORE_VERIFICATION_REVOCATION_LIST_1EDTECH_H_

#include <cstddef>
#include <optional>
#include <string>

#include "core/did/resolver.h"
#include "core/util/datetime.h"

namespace anycred::verification {

inline constexpr const char* k1EdTechRevocationList = "1EdTechRevocationList";

struct RevocationListResult {
  enum class State {
    kNotRevoked,   // the credential's id is not listed as revoked
    kRevoked,      // listed as revoked; `reason` when the list gives one
    kUnavailable,  // not retrieved (unreachable, not found, offline)
    kInvalid,      // retrieved, but not a revocation list of this issuer
  };
  State state = State::kUnavailable;
  std::string message;  // why, for kUnavailable and kInvalid
  std::string reason;   // revocationReason, for kRevoked
  bool offline = false;
  std::string origin;  // "network", "cache", "bundle", "document"
  std::optional<Timestamp> fetched_at;
  std::string note;        // e.g. a stale copy was used
  std::size_t listed = 0;  // entries in revokedCredentials
};

// Looks `credential_id` up in the revocation list at `url`, fetched through
// `documents` (null: unavailable). `issuer` is the credential's issuer.
RevocationListResult CheckRevocationList(const std::string& url,
                                         const std::string& credential_id,
                                         const std::string& issuer,
                                         const did::DocumentSource* documents);

}  // namespace anycred::verification

#endif  // ANYCRED_CORE_VERIFICATION_REVOCATION_LIST_1EDTECH_H_
