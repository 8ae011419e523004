// Ed25519Signature2020 (W3C CCG; legacy, still emitted by the Digital
// Credentials Consortium's Learner Credential Wallet and many Open Badges
// 3.0 issuers): the proof `type` itself names the suite (no cryptosuite);
// RDFC-1.0 (URDNA2015) canonicalization, SHA-256, Ed25519, with hashing
// and proof configuration as eddsa-rdfc-2022. The document's @context must
// include https://w3id.org/security/suites/ed25519-2020/v1.
//
// Thread safety: stateless.
#ifndef ANYCRED_CORE_PROOF_ED25519_SIGNATURE_2020_H_
#define ANYCRED_CORE_PROOF_ED25519_SIGNATURE_2020_H_

#include "core/proof/cryptosuite.h"

namespace anycred::proof {

class Ed25519Signature2020 final : public Cryptosuite {
 public:
  const char* proof_type() const override { return "Ed25519Signature2020"; }
  const char* cryptosuite() const override { return ""; }
  Result<Json> CreateProof(const Json& unsecured_document, Json options,
                           const crypto::Ed25519Signer& key,
                           const SuiteEnvironment& env,
                           Transcript* transcript) const override;
  Result<bool> VerifyProof(const Json& unsecured_document, const Json& proof,
                           const crypto::Ed25519PublicKey& key,
                           const SuiteEnvironment& env,
                           Transcript* transcript) const override;
};

}  // namespace anycred::proof

#endif  // ANYCRED_CORE_PROOF_ED25519_SIGNATURE_2020_H_
