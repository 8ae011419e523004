// The eddsa-jcs-2022 cryptosuite (W3C Data Integrity EdDSA Cryptosuites
// v1.0 §3.3): JSON Canonicalization Scheme, SHA-256, Ed25519. No JSON-LD
// processing; the proof keeps a copy of the document's @context.
//
// Thread safety: safe to share across threads. The object has no state;
// each thread keeps its own canonical-document buffer and the last proof
// configuration it canonicalized (with its hash), never seen by another.
#ifndef ANYCRED_CORE_PROOF_EDDSA_JCS_2022_H_
#define ANYCRED_CORE_PROOF_EDDSA_JCS_2022_H_

#include "core/proof/cryptosuite.h"

namespace anycred::proof {

class EddsaJcs2022 final : public Cryptosuite {
 public:
  const char* proof_type() const override { return "DataIntegrityProof"; }
  const char* cryptosuite() const override { return "eddsa-jcs-2022"; }
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

#endif  // ANYCRED_CORE_PROOF_EDDSA_JCS_2022_H_
