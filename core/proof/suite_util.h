// Steps shared by the Ed25519 cryptosuites: hashing the two canonical forms
// into hashData, encoding and decoding proofValue.
//
// Thread safety: pure functions.
#ifndef ANYCRED_CORE_PROOF_SUITE_UTIL_H_
#define ANYCRED_CORE_PROOF_SUITE_UTIL_H_

#include <string>
#include <string_view>

#include "core/crypto/ed25519.h"
#include "core/crypto/sha2.h"
#include "core/json/json.h"
#include "core/proof/cryptosuite.h"
#include "core/util/status.h"

namespace anycred::proof {

// hashData = SHA-256(canonical proof config) ‖ SHA-256(canonical document).
// Records both canonical forms and hashes in `transcript` when given.
std::string HashData(std::string_view canonical_proof_config,
                     std::string_view canonical_document,
                     Transcript* transcript);
// The same, for a caller that already holds the proof configuration's hash.
std::string HashData(const crypto::Sha256Digest& proof_config_hash,
                     std::string_view canonical_proof_config,
                     std::string_view canonical_document,
                     Transcript* transcript);

// "z" + base58btc(signature).
std::string EncodeProofValue(const crypto::Ed25519Signature& signature);
// Requires a string that is "z" + base58btc of exactly 64 bytes; anything
// else is MALFORMED_PROOF_VALUE.
Result<crypto::Ed25519Signature> DecodeProofValue(const Json& proof);

// The proof without proofValue (everything else is signed).
Json ProofOptionsOf(const Json& proof);

// Checks `created`/`expires` are valid XSD dateTime values if present.
Status CheckProofDates(const Json& proof, const char* error_code);

}  // namespace anycred::proof

#endif  // ANYCRED_CORE_PROOF_SUITE_UTIL_H_
