// Error codes of proof creation and verification. They are part of the
// command-line and HTTP contracts (specs/error-codes.md): keep the names.
//
// Thread safety: constants.
#ifndef ANYCRED_CORE_PROOF_ERRORS_H_
#define ANYCRED_CORE_PROOF_ERRORS_H_

namespace anycred::proof::codes {

inline constexpr const char* kSignatureInvalid = "SIGNATURE_INVALID";
inline constexpr const char* kNoProof = "NO_PROOF";
inline constexpr const char* kNoMatchingProof = "NO_MATCHING_PROOF";
inline constexpr const char* kMalformedProofValue = "MALFORMED_PROOF_VALUE";
inline constexpr const char* kMalformedProof = "MALFORMED_PROOF";
inline constexpr const char* kWrongProofPurpose = "WRONG_PROOF_PURPOSE";
inline constexpr const char* kChallengeMismatch = "CHALLENGE_MISMATCH";
inline constexpr const char* kDomainMismatch = "DOMAIN_MISMATCH";
inline constexpr const char* kProofExpired = "PROOF_EXPIRED";
inline constexpr const char* kPreviousProofInvalid = "PREVIOUS_PROOF_INVALID";
inline constexpr const char* kKeyUnresolvable = "KEY_UNRESOLVABLE";
inline constexpr const char* kKeyNotAuthorized = "KEY_NOT_AUTHORIZED";
inline constexpr const char* kProofGeneration = "PROOF_GENERATION_ERROR";

}  // namespace anycred::proof::codes

#endif  // ANYCRED_CORE_PROOF_ERRORS_H_
