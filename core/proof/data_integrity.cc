#include "core/proof/data_integrity.h"

#include <algorithm>
#include <set>

#include "core/proof/errors.h"
#include "core/proof/suite_util.h"
#include "core/proof/suites.h"

namespace anycred::proof {

namespace {

std::vector<Json> ProofsOf(const Json& document) {
  std::vector<Json> out;
  auto it = document.find("proof");
  if (it == document.end() || it->is_null()) return out;
  if (it->is_array()) {
    for (const auto& p : *it) out.push_back(p);
  } else {
    out.push_back(*it);
  }
  return out;
}

std::vector<std::string> StringOrList(const Json& v) {
  std::vector<std::string> out;
  if (v.is_string()) out.push_back(v.get<std::string>());
  if (v.is_array()) {
    for (const auto& s : v) {
      if (s.is_string()) out.push_back(s.get<std::string>());
    }
  }
  return out;
}

std::string StringField(const Json& obj, const char* name) {
  auto it = obj.find(name);
  return (it != obj.end() && it->is_string()) ? it->get<std::string>()
                                              : std::string();
}

}  // namespace

Result<Json> AddProof(Json document, const keys::SigningKey& key,
                      const AddProofOptions& options) {
  return AddProof(std::move(document), key.verification_method, key.key,
                  options);
}

Result<Json> AddProof(Json document, const std::string& verification_method,
                      const crypto::Ed25519Signer& signer,
                      const AddProofOptions& options) {
  if (!document.is_object()) {
    return Status::Error(codes::kProofGeneration,
                         "only a JSON object can be signed");
  }
  std::string name =
      options.cryptosuite.empty() ? DefaultSigningSuite() : options.cryptosuite;
  const Cryptosuite* suite = FindSuiteByName(name);
  if (suite == nullptr) {
    std::string known;
    for (const auto& n : SigningSuiteNames())
      known += (known.empty() ? "" : ", ") + n;
    return Status::Error(
        codes::kProofGeneration,
        "unsupported cryptosuite \"" + name + "\" (supported: " + known + ")");
  }
  // Proof options, in the member order the specifications' examples use.
  Json proof_options = Json::object();
  // Room for every member below and the @context and proofValue a suite
  // adds, so the proof is built without growing its member list.
  proof_options.get_ref<Json::object_t&>().reserve(14);
  proof_options["type"] = suite->proof_type();
  if (options.id) proof_options["id"] = *options.id;
  if (*suite->cryptosuite())
    proof_options["cryptosuite"] = suite->cryptosuite();
  proof_options["created"] =
      options.created ? *options.created : FormatDateTime(Now());
  if (options.expires) proof_options["expires"] = *options.expires;
  proof_options["verificationMethod"] = verification_method;
  proof_options["proofPurpose"] = options.proof_purpose;
  if (options.challenge) proof_options["challenge"] = *options.challenge;
  if (options.domain.size() == 1) proof_options["domain"] = options.domain[0];
  if (options.domain.size() > 1) proof_options["domain"] = options.domain;
  if (options.nonce) proof_options["nonce"] = *options.nonce;
  if (options.previous_proof.size() == 1)
    proof_options["previousProof"] = options.previous_proof[0];
  if (options.previous_proof.size() > 1)
    proof_options["previousProof"] = options.previous_proof;

  // Add Proof Set/Chain (§4.3): existing proofs stay; a chained proof signs
  // over the document with exactly the proofs it names. The document is
  // taken by value so that callers who move it in pay for no copy.
  std::vector<Json> all_proofs = ProofsOf(document);
  document.erase("proof");
  if (!options.previous_proof.empty()) {
    Json matching = Json::array();
    for (const auto& wanted : options.previous_proof) {
      auto it = std::find_if(
          all_proofs.begin(), all_proofs.end(), [&](const Json& p) {
            return p.is_object() && StringField(p, "id") == wanted;
          });
      if (it == all_proofs.end()) {
        return Status::Error(
            codes::kProofGeneration,
            "previousProof \"" + wanted + "\" is not a proof of this document");
      }
      matching.push_back(*it);
    }
    document["proof"] = std::move(matching);
  }
  auto proof = suite->CreateProof(document, std::move(proof_options), signer,
                                  options.env, options.transcript);
  if (!proof.ok()) return proof.status();
  for (const char* required : {"type", "verificationMethod", "proofPurpose"}) {
    if (!proof->contains(required)) {
      return Status::Error(codes::kProofGeneration,
                           std::string("proof lacks ") + required);
    }
  }
  all_proofs.push_back(std::move(proof).value());
  if (all_proofs.size() == 1) {
    document["proof"] = std::move(all_proofs[0]);
  } else {
    document["proof"] = Json(std::move(all_proofs));
  }
  return document;
}

namespace {

void VerifyOne(const Json& document_without_proof,
               const std::vector<Json>& all_proofs, std::size_t index,
               const VerifyProofOptions& options,
               std::vector<ProofResult>* results, std::vector<int>* state) {
  // state: 0 = not started, 1 = in progress (cycle guard), 2 = done.
  if ((*state)[index] != 0) return;
  (*state)[index] = 1;
  ProofResult& r = (*results)[index];
  const Json& proof = all_proofs[index];
  r.index = index;
  auto fail = [&](const char* code, const std::string& msg) {
    r.errors.push_back(Status::Error(code, msg));
  };

  if (!proof.is_object()) {
    fail(codes::kMalformedProof,
         "proof #" + std::to_string(index + 1) + " is not a JSON object");
    (*state)[index] = 2;
    return;
  }
  r.type = StringField(proof, "type");
  r.cryptosuite = StringField(proof, "cryptosuite");
  r.verification_method = StringField(proof, "verificationMethod");
  r.proof_purpose = StringField(proof, "proofPurpose");
  r.id = StringField(proof, "id");
  for (const char* required : {"type", "verificationMethod", "proofPurpose"}) {
    if (StringField(proof, required).empty()) {
      fail(codes::kMalformedProof, std::string("the proof has no ") + required);
    }
  }
  const Cryptosuite* suite = FindSuiteForProof(proof);
  r.supported = suite != nullptr;
  if (suite == nullptr) {
    fail(
        codes::kNoMatchingProof,
        "unsupported proof type \"" + r.type +
            (r.cryptosuite.empty() ? ""
                                   : "\" with cryptosuite \"" + r.cryptosuite) +
            "\"");
  }
  if (!r.proof_purpose.empty() &&
      r.proof_purpose != options.expected_proof_purpose) {
    fail(codes::kWrongProofPurpose, "the proof's purpose is " +
                                        r.proof_purpose + ", expected " +
                                        options.expected_proof_purpose);
  }
  if (options.challenge &&
      StringField(proof, "challenge") != *options.challenge) {
    fail(codes::kChallengeMismatch,
         "the proof's challenge does not match the one expected");
  }
  if (options.domain) {
    auto domains =
        StringOrList(proof.contains("domain") ? proof["domain"] : Json());
    if (std::find(domains.begin(), domains.end(), *options.domain) ==
        domains.end()) {
      fail(codes::kDomainMismatch,
           "the proof's domain does not include " + *options.domain);
    }
  }
  Status dates = CheckProofDates(proof, codes::kMalformedProof);
  if (!dates.ok()) {
    r.errors.push_back(dates);
  } else if (proof.contains("expires")) {
    auto expires = ParseDateTime(proof["expires"].get<std::string>(), false);
    if (expires.ok() && *expires < options.now) {
      fail(codes::kProofExpired,
           "the proof expired at " + proof["expires"].get<std::string>());
    }
  }

  // Previous proofs (§4.5): each must exist and verify; the chained proof
  // was signed over the document with exactly those proofs.
  std::optional<Json> chained_input;
  if (proof.contains("previousProof")) {
    chained_input = document_without_proof;
    Json matching = Json::array();
    for (const auto& wanted : StringOrList(proof["previousProof"])) {
      auto it = std::find_if(
          all_proofs.begin(), all_proofs.end(), [&](const Json& p) {
            return p.is_object() && StringField(p, "id") == wanted;
          });
      if (it == all_proofs.end()) {
        fail(codes::kMalformedProof,
             "previousProof \"" + wanted + "\" is not in the document");
        continue;
      }
      std::size_t prev = static_cast<std::size_t>(it - all_proofs.begin());
      if ((*state)[prev] == 1) {
        fail(codes::kMalformedProof,
             "previousProof \"" + wanted + "\" forms a cycle");
        continue;
      }
      VerifyOne(document_without_proof, all_proofs, prev, options, results,
                state);
      if (!(*results)[prev].verified) {
        fail(codes::kPreviousProofInvalid,
             "previous proof \"" + wanted + "\" did not verify");
      }
      matching.push_back(*it);
    }
    (*chained_input)["proof"] = std::move(matching);
  }
  const Json& input = chained_input ? *chained_input : document_without_proof;

  // Retrieve the verification method and check what it may be used for.
  std::optional<crypto::Ed25519PublicKey> key;
  if (!r.verification_method.empty()) {
    did::Resolver did_key_only;
    const did::Resolver* resolver =
        options.resolver ? options.resolver : &did_key_only;
    auto vm = resolver->Resolve(r.verification_method);
    if (!vm.ok()) {
      r.errors.push_back(vm.status());
    } else {
      r.method = *vm;
      if (!r.proof_purpose.empty() && !vm->Has(r.proof_purpose)) {
        fail(codes::kKeyNotAuthorized,
             "the key " + r.verification_method + " is not listed for " +
                 r.proof_purpose + " by " + vm->controller);
      }
      if (vm->public_key.type != keys::KeyType::kEd25519) {
        fail(codes::kNoMatchingProof,
             std::string("the key is a ") +
                 keys::KeyTypeName(vm->public_key.type) +
                 " key; this proof needs an Ed25519 key");
      } else {
        key = crypto::Ed25519PublicKey::FromBytes(vm->public_key.key).value();
      }
    }
  }

  // The suite's own verification: transform, hash, verify the signature.
  if (suite != nullptr && key) {
    auto ok = suite->VerifyProof(input, proof, *key, options.env,
                                 options.trace ? &r.transcript : nullptr);
    if (!ok.ok()) {
      r.errors.push_back(ok.status());
    } else if (!*ok) {
      fail(codes::kSignatureInvalid,
           "the signature does not match the credential: it was changed after "
           "signing, or "
           "signed with a different key");
    }
  } else if (suite != nullptr && r.verification_method.empty()) {
    // Reported above as a missing verificationMethod.
  }
  r.verified = r.errors.empty() && suite != nullptr && key.has_value();
  (*state)[index] = 2;
}

}  // namespace

namespace {

// `proof` is the document's proof member; `without` the document without it.
ProofsResult VerifyDetached(const Json& without, const Json& proof,
                            const VerifyProofOptions& options) {
  ProofsResult out;
  if (proof.is_null()) {
    out.errors.push_back(Status::Error(
        codes::kNoProof, "the credential has no proof (it is not signed)"));
    return out;
  }
  if (!proof.is_object() && !proof.is_array()) {
    out.errors.push_back(
        Status::Error(codes::kMalformedProof,
                      "proof must be an object or a list of objects"));
    return out;
  }
  std::vector<Json> all_proofs;
  if (proof.is_array()) {
    all_proofs.assign(proof.begin(), proof.end());
  } else {
    all_proofs.push_back(proof);
  }
  if (all_proofs.empty()) {
    out.errors.push_back(Status::Error(
        codes::kNoProof, "the credential has no proof (it is not signed)"));
    return out;
  }
  out.proofs.resize(all_proofs.size());
  std::vector<int> state(all_proofs.size(), 0);
  for (std::size_t i = 0; i < all_proofs.size(); ++i) {
    VerifyOne(without, all_proofs, i, options, &out.proofs, &state);
  }
  bool any_supported =
      std::any_of(out.proofs.begin(), out.proofs.end(),
                  [](const ProofResult& r) { return r.supported; });
  if (!any_supported) {
    out.errors.push_back(Status::Error(
        codes::kNoMatchingProof,
        "none of the proofs uses a signature type this verifier supports"));
  }
  // A proof of a type we do not implement (say, a selective-disclosure
  // suite beside our Ed25519 proof) does not make the others fail; it is
  // reported, and the caller shows it as a warning.
  out.verified =
      any_supported && std::all_of(out.proofs.begin(), out.proofs.end(),
                                   [](const ProofResult& r) {
                                     return r.verified || !r.supported;
                                   });
  return out;
}

ProofsResult NoProof() {
  ProofsResult out;
  out.errors.push_back(Status::Error(
      codes::kNoProof, "the credential has no proof (it is not signed)"));
  return out;
}

}  // namespace

ProofsResult VerifyProofs(const Json& document,
                          const VerifyProofOptions& options) {
  if (!document.is_object() || !document.contains("proof")) return NoProof();
  Json without = document;
  without.erase("proof");
  return VerifyDetached(without, document["proof"], options);
}

ProofsResult VerifyProofsInPlace(Json& document,
                                 const VerifyProofOptions& options) {
  if (!document.is_object()) return NoProof();
  auto& members = document.get_ref<Json::object_t&>();
  if (members.empty() || members.back().first != "proof") {
    return VerifyProofs(document, options);
  }
  // Puts the proof back however VerifyDetached returns.
  struct Detached {
    Json::object_t& members;
    Json proof;
    ~Detached() { members.emplace_back("proof", std::move(proof)); }
  } detached{members, std::move(members.back().second)};
  members.pop_back();
  return VerifyDetached(document, detached.proof, options);
}

}  // namespace anycred::proof
