// The eddsa-rdfc-2022 cryptosuite (W3C Data Integrity EdDSA Cryptosuites
// v1.0 §3.2), the one Open Badges 3.0 certification requires: JSON-LD to
// RDF, RDFC-1.0 canonicalization, SHA-256, Ed25519. The emitted proof has
// no @context of its own; the proof configuration is canonicalized with
// the document's.
//
// Verification also accepts the suite's early name, `eddsa-2022` (same
// algorithm), which older Open Badges still carry; signing never emits it.
//
// Thread safety: stateless.
#ifndef ANYCRED_CORE_PROOF_EDDSA_RDFC_2022_H_
#define ANYCRED_CORE_PROOF_EDDSA_RDFC_2022_H_

#include "core/proof/cryptosuite.h"

namespace anycred::proof {

class EddsaRdfc2022 : public Cryptosuite {
 public:
  const char* proof_type() const override { return "DataIntegrityProof"; }
  const char* cryptosuite() const override { return "eddsa-rdfc-2022"; }
  Result<Json> CreateProof(const Json& unsecured_document, Json options,
                           const crypto::Ed25519Signer& key,
                           const SuiteEnvironment& env,
                           Transcript* transcript) const override;
  Result<bool> VerifyProof(const Json& unsecured_document, const Json& proof,
                           const crypto::Ed25519PublicKey& key,
                           const SuiteEnvironment& env,
                           Transcript* transcript) const override;
};

// Verification only: proofs that name the suite `eddsa-2022`.
class Eddsa2022Legacy final : public EddsaRdfc2022 {
 public:
  const char* cryptosuite() const override { return "eddsa-2022"; }
  Result<Json> CreateProof(const Json&, Json, const crypto::Ed25519Signer&,
                           const SuiteEnvironment&, Transcript*) const override;
};

}  // namespace anycred::proof

#endif  // ANYCRED_CORE_PROOF_EDDSA_RDFC_2022_H_
