#include "core/proof/eddsa_rdfc_2022.h"

#include "core/proof/errors.h"
#include "core/proof/rdfc_transform.h"
#include "core/proof/suite_util.h"

namespace anycred::proof {

namespace {
// Proof Configuration (§3.2.5): check the type, then canonicalize the
// proof options under the document's @context.
Result<CanonicalConfigPtr> ProofConfiguration(
    const Json& proof, const Json& unsecured_document, const char* suite_name,
    const SuiteEnvironment& env, const char* error_code,
    LanguageTags tags = LanguageTags::kLowercase) {
  return CanonicalProofConfig(
      suite_name, proof, unsecured_document, env, tags,
      [&](const Json& proof_options) {
        if (proof_options.value("type", "") != "DataIntegrityProof" ||
            proof_options.value("cryptosuite", "") != suite_name) {
          return Status::Error(
              error_code,
              std::string(
                  "proof type must be DataIntegrityProof with cryptosuite ") +
                  suite_name);
        }
        return CheckProofDates(proof_options, error_code);
      });
}
}  // namespace

Result<Json> EddsaRdfc2022::CreateProof(const Json& unsecured_document,
                                        Json options,
                                        const crypto::Ed25519Signer& key,
                                        const SuiteEnvironment& env,
                                        Transcript* transcript) const {
  // 1. proof = clone(options).
  Json proof = std::move(options);
  // 2. Proof configuration with the document's @context.
  ANYCRED_ASSIGN_OR_RETURN(
      CanonicalConfigPtr config,
      ProofConfiguration(proof, unsecured_document, cryptosuite(), env,
                         codes::kProofGeneration));
  // 3. Transformation: RDFC-1.0 of the document's RDF.
  ANYCRED_ASSIGN_OR_RETURN(
      std::string document,
      CanonicalNQuads(unsecured_document, env, "credential"));
  // 4. Hashing: SHA-256(config) ‖ SHA-256(document).
  std::string hash_data =
      HashData(config->hash, config->nquads, document, transcript);
  // 5-6. Ed25519 signature as base58btc multibase; the proof has no @context.
  ANYCRED_ASSIGN_OR_RETURN(crypto::Ed25519Signature signature,
                           key.SignMessage(hash_data));
  proof["proofValue"] = EncodeProofValue(signature);
  return proof;
}

Result<bool> EddsaRdfc2022::VerifyProof(const Json& unsecured_document,
                                        const Json& proof,
                                        const crypto::Ed25519PublicKey& key,
                                        const SuiteEnvironment& env,
                                        Transcript* transcript) const {
  // 1. proofOptions = proof without proofValue (all other members are
  // signed); ProofConfiguration leaves proofValue out.
  ANYCRED_ASSIGN_OR_RETURN(crypto::Ed25519Signature signature,
                           DecodeProofValue(proof));
  // 2-5. Transformation, proof configuration, hashing, verification, as
  // when signing (and with language tags as written, if that fails).
  return VerifyRdfSignature(
      unsecured_document,
      [&](LanguageTags tags) {
        return ProofConfiguration(proof, unsecured_document, cryptosuite(), env,
                                  codes::kMalformedProof, tags);
      },
      signature, key, env, transcript);
}

Result<Json> Eddsa2022Legacy::CreateProof(const Json&, Json,
                                          const crypto::Ed25519Signer&,
                                          const SuiteEnvironment&,
                                          Transcript*) const {
  return Status::Error(
      codes::kProofGeneration,
      "eddsa-2022 is read for old credentials only; sign with eddsa-rdfc-2022");
}

}  // namespace anycred::proof
