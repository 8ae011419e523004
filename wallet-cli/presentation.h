// Verifiable Presentations made by the wallet: the chosen credentials,
// unchanged, in a VC 2.0 VerifiablePresentation whose holder is the
// wallet's holder DID, signed by the holder key with eddsa-rdfc-2022 for
// proofPurpose "authentication", with the verifier's challenge and domain
// in the proof when given. With no credentials it proves control of the
// holder DID only (DID Authentication, as in the claim exchange).
//
// Thread safety: thread-safe.
#ifndef ANYCRED_WALLET_CLI_PRESENTATION_H_
#define ANYCRED_WALLET_CLI_PRESENTATION_H_

#include <optional>
#include <string>
#include <vector>

#include "core/json/json.h"
#include "core/keys/key_file.h"
#include "core/util/status.h"

namespace anycred::wallet {

struct PresentationOptions {
  std::optional<std::string> challenge;
  std::optional<std::string> domain;
};

Result<Json> MakePresentation(const keys::SigningKey& holder,
                              std::vector<Json> credentials,
                              const PresentationOptions& options);

}  // namespace anycred::wallet

#endif  // ANYCRED_WALLET_CLI_PRESENTATION_H_
