#include "core/proof/suite_util.h"

#include "core/crypto/sha2.h"
#include "core/encoding/base58.h"
#include "core/encoding/hex.h"
#include "core/proof/errors.h"
#include "core/util/datetime.h"

namespace anycred::proof {

std::string HashData(std::string_view canonical_proof_config,
                     std::string_view canonical_document,
                     Transcript* transcript) {
  return HashData(crypto::Sha256(canonical_proof_config),
                  canonical_proof_config, canonical_document, transcript);
}

std::string HashData(const crypto::Sha256Digest& config_hash,
                     std::string_view canonical_proof_config,
                     std::string_view canonical_document,
                     Transcript* transcript) {
  crypto::Sha256Digest document_hash = crypto::Sha256(canonical_document);
  std::string hash_data;
  hash_data.reserve(64);
  hash_data.append(reinterpret_cast<const char*>(config_hash.data()),
                   config_hash.size());
  hash_data.append(reinterpret_cast<const char*>(document_hash.data()),
                   document_hash.size());
  if (transcript != nullptr) {
    transcript->proof_config_hash_hex = encoding::HexEncode(config_hash);
    transcript->document_hash_hex = encoding::HexEncode(document_hash);
    transcript->hash_data_hex =
        transcript->proof_config_hash_hex + transcript->document_hash_hex;
    transcript->canonical_proof_config = std::string(canonical_proof_config);
    transcript->canonical_document = std::string(canonical_document);
  }
  return hash_data;
}

std::string EncodeProofValue(const crypto::Ed25519Signature& signature) {
  std::string value = "z";
  value += encoding::Base58BtcEncode(signature);
  return value;
}

Result<crypto::Ed25519Signature> DecodeProofValue(const Json& proof) {
  auto it = proof.find("proofValue");
  if (it == proof.end()) {
    return Status::Error(codes::kMalformedProofValue,
                         "the proof has no proofValue");
  }
  if (!it->is_string()) {
    return Status::Error(codes::kMalformedProofValue,
                         "proofValue must be a string");
  }
  const std::string& text = it->get_ref<const std::string&>();
  if (text.empty() || text[0] != 'z') {
    return Status::Error(
        codes::kMalformedProofValue,
        "proofValue must be base58btc multibase (start with 'z')");
  }
  auto bytes = encoding::Base58BtcDecode(std::string_view(text).substr(1));
  if (!bytes.ok()) {
    return Status::Error(codes::kMalformedProofValue,
                         "proofValue: " + bytes.status().message());
  }
  if (bytes->size() != crypto::kEd25519SignatureSize) {
    return Status::Error(
        codes::kMalformedProofValue,
        "proofValue must encode a 64-byte Ed25519 signature, it has " +
            std::to_string(bytes->size()) + " bytes");
  }
  crypto::Ed25519Signature sig;
  std::copy(bytes->begin(), bytes->end(), sig.begin());
  return sig;
}

Json ProofOptionsOf(const Json& proof) {
  Json options = proof;
  options.erase("proofValue");
  return options;
}

Status CheckProofDates(const Json& proof, const char* error_code) {
  for (const char* field : {"created", "expires"}) {
    auto it = proof.find(field);
    if (it == proof.end()) continue;
    if (!it->is_string()) {
      return Status::Error(error_code, std::string("proof.") + field +
                                           " must be a date-time string");
    }
    auto t = ParseDateTime(it->get_ref<const std::string&>(), false);
    if (!t.ok())
      return Status::Error(error_code, std::string("proof.") + field + ": " +
                                           t.status().message());
  }
  return Status::Ok();
}

}  // namespace anycred::proof
