#include "core/proof/eddsa_jcs_2022.h"

#include <optional>

#include "core/crypto/sha2.h"
#include "core/json/jcs.h"
#include "core/proof/errors.h"
#include "core/proof/suite_util.h"

namespace anycred::proof {

namespace {
// The canonical document is hashed and then dropped, so each thread keeps
// one buffer and reuses its capacity: signing a batch allocates no
// canonical-form storage after the first credential.
std::string& DocumentBuffer() {
  thread_local std::string buffer;
  return buffer;
}

// Transformation (§3.3.2): JCS of the unsecured document.
Status Transform(const Json& unsecured_document, const char* error_code,
                 std::string* canonical) {
  Status s = JcsSerializeTo(unsecured_document, canonical);
  if (!s.ok()) return Status::Error(error_code, "document: " + s.message());
  return s;
}

// Proof Configuration (§3.3.5): JCS of the proof options, which carry the
// document's @context.
Status ProofConfiguration(const Json& proof_options, const char* error_code,
                          std::string* canonical) {
  if (proof_options.value("type", "") != "DataIntegrityProof" ||
      proof_options.value("cryptosuite", "") != "eddsa-jcs-2022") {
    return Status::Error(error_code,
                         "proof type must be DataIntegrityProof with "
                         "cryptosuite eddsa-jcs-2022");
  }
  ANYCRED_RETURN_IF_ERROR(CheckProofDates(proof_options, error_code));
  Status s = JcsSerializeTo(proof_options, canonical);
  if (!s.ok()) return Status::Error(error_code, "proof: " + s.message());
  return s;
}

// The last proof configuration this thread canonicalized, with its hash.
// A batch signed by one key in one second (or with one --created) has the
// same configuration for every credential, and so has a batch of proofs
// being verified from one issuer's term-end run. Json equality implies the
// same JCS text: members compare in order, strings byte for byte, and
// numbers by value, which is all JCS serializes of them.
struct ConfigMemo {
  bool valid = false;
  Json options;
  std::string canonical;
  crypto::Sha256Digest hash{};
};

Result<const ConfigMemo*> HashedProofConfiguration(const Json& proof_options,
                                                   const char* error_code) {
  thread_local ConfigMemo memo;
  if (memo.valid && memo.options == proof_options) return &memo;
  memo.valid = false;
  ANYCRED_RETURN_IF_ERROR(
      ProofConfiguration(proof_options, error_code, &memo.canonical));
  memo.hash = crypto::Sha256(memo.canonical);
  memo.options = proof_options;
  memo.valid = true;
  return &memo;
}
}  // namespace

Result<Json> EddsaJcs2022::CreateProof(const Json& unsecured_document,
                                       Json options,
                                       const crypto::Ed25519Signer& key,
                                       const SuiteEnvironment& /*env*/,
                                       Transcript* transcript) const {
  // 1. proof = clone(options); the proof carries the document's @context.
  Json proof = std::move(options);
  if (unsecured_document.contains("@context")) {
    proof["@context"] = unsecured_document["@context"];
  }
  // 2-4. Proof configuration, transformation, hashing.
  ANYCRED_ASSIGN_OR_RETURN(
      const ConfigMemo* config,
      HashedProofConfiguration(proof, codes::kProofGeneration));
  std::string& document = DocumentBuffer();
  ANYCRED_RETURN_IF_ERROR(
      Transform(unsecured_document, codes::kProofGeneration, &document));
  std::string hash_data =
      HashData(config->hash, config->canonical, document, transcript);
  // 5-6. Proof serialization: Ed25519 signature, base58btc multibase.
  ANYCRED_ASSIGN_OR_RETURN(crypto::Ed25519Signature signature,
                           key.SignMessage(hash_data));
  proof["proofValue"] = EncodeProofValue(signature);
  return proof;
}

Result<bool> EddsaJcs2022::VerifyProof(const Json& unsecured_document,
                                       const Json& proof,
                                       const crypto::Ed25519PublicKey& key,
                                       const SuiteEnvironment& /*env*/,
                                       Transcript* transcript) const {
  // 1. proofOptions = proof without proofValue; proofBytes from proofValue.
  Json proof_options = ProofOptionsOf(proof);
  ANYCRED_ASSIGN_OR_RETURN(crypto::Ed25519Signature signature,
                           DecodeProofValue(proof));
  // 2. If the proof has an @context, the document's must start with it;
  //    the document is then read with the proof's @context.
  std::optional<Json> with_proof_context;
  auto proof_context = proof_options.find("@context");
  if (proof_context != proof_options.end()) {
    Json expected = proof_context->is_array() ? *proof_context
                                              : Json::array({*proof_context});
    auto doc_context = unsecured_document.find("@context");
    Json actual =
        doc_context != unsecured_document.end() ? *doc_context : Json::array();
    if (!actual.is_array()) actual = Json::array({actual});
    if (expected.size() > actual.size() ||
        !std::equal(expected.begin(), expected.end(), actual.begin())) {
      return Status::Error(
          codes::kMalformedProof,
          "the proof's @context is not a prefix of the document's @context");
    }
    if (doc_context == unsecured_document.end() ||
        *doc_context != *proof_context) {
      with_proof_context = unsecured_document;
      (*with_proof_context)["@context"] = *proof_context;
    }
  }
  const Json& document =
      with_proof_context ? *with_proof_context : unsecured_document;
  // 3-5. Transformation, proof configuration, hashing.
  std::string& canonical_document = DocumentBuffer();
  ANYCRED_RETURN_IF_ERROR(
      Transform(document, codes::kMalformedProof, &canonical_document));
  ANYCRED_ASSIGN_OR_RETURN(
      const ConfigMemo* config,
      HashedProofConfiguration(proof_options, codes::kMalformedProof));
  std::string hash_data =
      HashData(config->hash, config->canonical, canonical_document, transcript);
  // 6. Proof verification.
  return key.Verify(hash_data, signature);
}

}  // namespace anycred::proof
