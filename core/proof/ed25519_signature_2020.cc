#include "core/proof/ed25519_signature_2020.h"

#include "core/proof/errors.h"
#include "core/proof/rdfc_transform.h"
#include "core/proof/suite_util.h"

namespace anycred::proof {

namespace {
constexpr const char* kSuiteContext =
    "https://w3id.org/security/suites/ed25519-2020/v1";

bool HasSuiteContext(const Json& document) {
  auto it = document.find("@context");
  if (it == document.end()) return false;
  if (it->is_string()) return *it == kSuiteContext;
  return it->is_array() &&
         std::find(it->begin(), it->end(), Json(kSuiteContext)) != it->end();
}

Result<CanonicalConfigPtr> ProofConfiguration(
    const Json& proof, const Json& unsecured_document,
    const SuiteEnvironment& env, const char* error_code,
    LanguageTags tags = LanguageTags::kLowercase) {
  return CanonicalProofConfig(
      "Ed25519Signature2020", proof, unsecured_document, env, tags,
      [&](const Json& proof_options) {
        if (proof_options.value("type", "") != "Ed25519Signature2020" ||
            proof_options.contains("cryptosuite")) {
          return Status::Error(
              error_code,
              "proof type must be Ed25519Signature2020 (with no cryptosuite)");
        }
        if (!proof_options.contains("created")) {
          return Status::Error(
              error_code,
              "an Ed25519Signature2020 proof must have a created date");
        }
        return CheckProofDates(proof_options, error_code);
      });
}
}  // namespace

Result<Json> Ed25519Signature2020::CreateProof(const Json& unsecured_document,
                                               Json options,
                                               const crypto::Ed25519Signer& key,
                                               const SuiteEnvironment& env,
                                               Transcript* transcript) const {
  if (!HasSuiteContext(unsecured_document)) {
    return Status::Error(
        codes::kProofGeneration,
        std::string("an Ed25519Signature2020 proof needs the context ") +
            kSuiteContext + " in the credential's @context");
  }
  Json proof = std::move(options);
  ANYCRED_ASSIGN_OR_RETURN(CanonicalConfigPtr config,
                           ProofConfiguration(proof, unsecured_document, env,
                                              codes::kProofGeneration));
  ANYCRED_ASSIGN_OR_RETURN(
      std::string document,
      CanonicalNQuads(unsecured_document, env, "credential"));
  std::string hash_data =
      HashData(config->hash, config->nquads, document, transcript);
  ANYCRED_ASSIGN_OR_RETURN(crypto::Ed25519Signature signature,
                           key.SignMessage(hash_data));
  proof["proofValue"] = EncodeProofValue(signature);
  return proof;
}

Result<bool> Ed25519Signature2020::VerifyProof(
    const Json& unsecured_document, const Json& proof,
    const crypto::Ed25519PublicKey& key, const SuiteEnvironment& env,
    Transcript* transcript) const {
  ANYCRED_ASSIGN_OR_RETURN(crypto::Ed25519Signature signature,
                           DecodeProofValue(proof));
  // 2-5. Transformation, proof configuration (the proof without its
  // proofValue), hashing, verification, as when signing (and with language
  // tags as written, if that fails).
  return VerifyRdfSignature(
      unsecured_document,
      [&](LanguageTags tags) {
        return ProofConfiguration(proof, unsecured_document, env,
                                  codes::kMalformedProof, tags);
      },
      signature, key, env, transcript);
}

}  // namespace anycred::proof
