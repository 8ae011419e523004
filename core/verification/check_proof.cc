#include "core/encoding/hex.h"
#include "core/keys/multikey.h"
#include "core/proof/errors.h"
#include "core/verification/checks.h"

namespace anycred::verification {

CheckResult CheckProof(const proof::ProofsResult& proofs, bool trace) {
  CheckResult r;
  r.check = "proof";
  for (const auto& s : proofs.errors)
    r.errors.push_back({s.code(), s.message()});
  Json list = Json::array();
  bool only_unresolvable = !proofs.proofs.empty();
  for (const auto& p : proofs.proofs) {
    Json j = {{"index", p.index},
              {"type", p.type},
              {"verificationMethod", p.verification_method},
              {"proofPurpose", p.proof_purpose},
              {"verified", p.verified}};
    if (!p.cryptosuite.empty()) j["cryptosuite"] = p.cryptosuite;
    if (!p.id.empty()) j["id"] = p.id;
    if (p.method) {
      j["controller"] = p.method->controller;
      j["keyResolvedFrom"] = p.method->resolved_from;
    }
    if (trace && !p.transcript.hash_data_hex.empty()) {
      j["trace"] = {
          {"canonicalDocument", p.transcript.canonical_document},
          {"canonicalProofConfig", p.transcript.canonical_proof_config},
          {"documentHash", p.transcript.document_hash_hex},
          {"proofConfigHash", p.transcript.proof_config_hash_hex}};
    }
    if (trace && p.method) {
      // The key as resolved: what a person diagnosing an interop failure
      // compares with the issuer's DID document.
      Json key = {
          {"id", p.method->id},
          {"type", p.method->type},
          {"controller", p.method->controller},
          {"keyType", keys::KeyTypeName(p.method->public_key.type)},
          {"publicKeyHex", encoding::HexEncode(p.method->public_key.key)},
          {"relationships", p.method->relationships},
          {"resolvedFrom", p.method->resolved_from}};
      j["trace"]["resolvedKey"] = std::move(key);
    }
    list.push_back(std::move(j));
    std::string which = proofs.proofs.size() > 1
                            ? "proof " + std::to_string(p.index + 1) + ": "
                            : "";
    for (const auto& e : p.errors) {
      // A proof type we do not know, beside one that verified, is a warning.
      if (!p.supported && proofs.verified) {
        r.warnings.push_back({e.code(), which + e.message()});
      } else {
        r.errors.push_back({e.code(), which + e.message()});
      }
      if (e.code() != proof::codes::kKeyUnresolvable) only_unresolvable = false;
    }
    if (p.errors.empty()) only_unresolvable = false;
  }
  r.details["proofs"] = std::move(list);
  if (proofs.verified) {
    const auto& first =
        *std::find_if(proofs.proofs.begin(), proofs.proofs.end(),
                      [](const proof::ProofResult& p) { return p.verified; });
    std::string suite =
        first.cryptosuite.empty() ? first.type : first.cryptosuite;
    r.summary = "The signature is valid (" + suite + ", key " +
                first.verification_method + ").";
    if (proofs.proofs.size() > 1) {
      r.summary = "All " + std::to_string(proofs.proofs.size()) +
                  " signatures are valid.";
    }
  } else if (only_unresolvable && proofs.errors.empty()) {
    r.outcome = Outcome::kUnknown;
    r.summary =
        "The signature could not be checked: the signing key could not be "
        "retrieved.";
  } else {
    r.outcome = Outcome::kFailed;
    r.summary = proofs.proofs.empty() && !proofs.errors.empty() &&
                        proofs.errors[0].code() == proof::codes::kNoProof
                    ? "The credential is not signed."
                    : "The signature is not valid: the credential cannot be "
                      "trusted as it is.";
  }
  return r;
}

}  // namespace anycred::verification
