// Data Integrity (W3C VC Data Integrity 1.0 §4): adding proofs to a
// document, alone, as a proof set or as a proof chain (previousProof), and
// verifying every proof a document carries.
//
// Verification runs every check on every proof and reports all problems
// (it does not stop at the first): proof structure, purpose, domain and
// challenge, dates, previous proofs, key retrieval and the relationship
// the key is authorized for, then the suite's signature check.
//
// Thread safety: functions are thread-safe given thread-safe arguments.
#ifndef ANYCRED_CORE_PROOF_DATA_INTEGRITY_H_
#define ANYCRED_CORE_PROOF_DATA_INTEGRITY_H_

#include <optional>
#include <string>
#include <vector>

#include "core/crypto/signer.h"
#include "core/did/resolver.h"
#include "core/json/json.h"
#include "core/keys/key_file.h"
#include "core/proof/cryptosuite.h"
#include "core/util/datetime.h"
#include "core/util/status.h"

namespace anycred::proof {

struct AddProofOptions {
  std::string cryptosuite;  // empty: DefaultSigningSuite()
  std::string proof_purpose = "assertionMethod";
  std::optional<std::string> created;  // default: now, whole seconds
  std::optional<std::string> expires;
  std::optional<std::string> challenge;
  std::vector<std::string> domain;  // one → string, several → array
  std::optional<std::string> id;    // proof id, e.g. urn:uuid:…
  std::optional<std::string> nonce;
  std::vector<std::string> previous_proof;  // ids of proofs this one chains to
  SuiteEnvironment env;
  Transcript* transcript = nullptr;  // optional trace
};

// Returns `document` with a new proof signed by `key` added to any proofs
// it already has. Pass the document with std::move to avoid a copy.
Result<Json> AddProof(Json document, const keys::SigningKey& key,
                      const AddProofOptions& options);
// The same with a signer whose secret may live elsewhere (a hardware
// module, a key service): `verification_method` is the key's URL that the
// proof names.
Result<Json> AddProof(Json document, const std::string& verification_method,
                      const crypto::Ed25519Signer& signer,
                      const AddProofOptions& options);

struct VerifyProofOptions {
  std::string expected_proof_purpose = "assertionMethod";
  std::optional<std::string> challenge;     // must equal proof.challenge
  std::optional<std::string> domain;        // must be one of proof.domain
  Timestamp now;                            // for proof.expires
  const did::Resolver* resolver = nullptr;  // null: did:key only
  SuiteEnvironment env;
  bool trace = false;
};

// The outcome for one proof.
struct ProofResult {
  std::size_t index = 0;
  std::string type, cryptosuite, verification_method, proof_purpose, id;
  std::optional<did::VerificationMethod> method;  // when it could be resolved
  bool supported = false;                         // a suite we implement
  bool verified = false;
  std::vector<Status> errors;
  Transcript transcript;  // filled when options.trace
};

struct ProofsResult {
  std::vector<ProofResult> proofs;
  std::vector<Status> errors;  // document-level: NO_PROOF, NO_MATCHING_PROOF
  // True when there is at least one supported proof and every supported
  // proof verified (unsupported proofs are listed with NO_MATCHING_PROOF).
  bool verified = false;
};

ProofsResult VerifyProofs(const Json& document,
                          const VerifyProofOptions& options);

// The same, for a caller that owns `document`: when `proof` is its last
// member (as signers write it), the proof is detached while the document is
// verified instead of copying the document without it, then put back, so
// the document is unchanged when this returns. Not for a document that
// other threads can read meanwhile.
ProofsResult VerifyProofsInPlace(Json& document,
                                 const VerifyProofOptions& options);

}  // namespace anycred::proof

#endif  // ANYCRED_CORE_PROOF_DATA_INTEGRITY_H_
