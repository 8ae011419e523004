// The wallet's side of an issuer's claim link (issue 7), a VC API
// exchange: POST {} to the link, get a VerifiablePresentationRequest for
// DIDAuthentication with a challenge and domain, answer with a presentation
// signed by the holder key for that challenge and domain (authentication,
// eddsa-rdfc-2022), get back the credential issued to the holder DID.
//
// The request's domain must be the link's own origin, so that a
// presentation made for one issuer is never handed to another. The link
// and its token are never printed or stored.
//
// Errors: CLAIM_REFUSED with the issuer's own words (the link was used,
// has expired, is unknown; the presentation was refused), CLAIM_PROTOCOL
// when the issuer answered something that is not this exchange, FETCH_*
// (core/net) when it could not be reached.
//
// Thread safety: thread-safe.
#ifndef ANYCRED_WALLET_CLI_CLAIM_EXCHANGE_H_
#define ANYCRED_WALLET_CLI_CLAIM_EXCHANGE_H_

#include <string>

#include "core/json/json.h"
#include "core/keys/key_file.h"
#include "core/util/status.h"

namespace anycred::wallet {

inline constexpr const char* kClaimRefused = "CLAIM_REFUSED";
inline constexpr const char* kClaimProtocol = "CLAIM_PROTOCOL";

struct ClaimOptions {
  bool allow_http_loopback = false;
  int timeout_seconds = 30;
};

// Runs the exchange; returns the credential the issuer issued (not yet
// verified: the caller verifies it).
Result<Json> ClaimCredential(const std::string& claim_url,
                             const keys::SigningKey& holder,
                             const ClaimOptions& options);

}  // namespace anycred::wallet

#endif  // ANYCRED_WALLET_CLI_CLAIM_EXCHANGE_H_
