// A Data Integrity cryptosuite: transform → hash → sign / verify.
//
// Each suite is one class whose CreateProof and VerifyProof follow the
// steps of its specification (see eddsa_jcs_2022.cc). Suites are chosen
// from a closed registry (suites.h) by the proof's `type` and
// `cryptosuite`: nothing taken from a document ever names an algorithm
// that is then looked up dynamically.
//
// All suites here use Ed25519 keys; hashData is always
// SHA-256(canonical proof configuration) ‖ SHA-256(canonical document).
//
// Thread safety: suite objects are stateless and safe to share across
// threads; what a suite remembers between calls (canonical proof
// configurations, scratch buffers) is kept per thread.
#ifndef ANYCRED_CORE_PROOF_CRYPTOSUITE_H_
#define ANYCRED_CORE_PROOF_CRYPTOSUITE_H_

#include <string>

#include "core/crypto/ed25519.h"
#include "core/json/json.h"
#include "core/util/status.h"

namespace anycred::jsonld {
class DocumentLoader;
}

namespace anycred::proof {

// What a suite canonicalized and hashed, for `--trace` and for tests that
// compare with published vectors byte for byte.
struct Transcript {
  std::string canonical_document;
  std::string canonical_proof_config;
  std::string document_hash_hex;
  std::string proof_config_hash_hex;
  std::string hash_data_hex;
};

// Services a suite may need besides the document and the key.
struct SuiteEnvironment {
  // Context documents for suites that process JSON-LD (null = the bundled
  // contexts only).
  const jsonld::DocumentLoader* loader = nullptr;
};

class Cryptosuite {
 public:
  virtual ~Cryptosuite() = default;
  // The proof `type` and, for DataIntegrityProof, the `cryptosuite`.
  virtual const char* proof_type() const = 0;
  virtual const char* cryptosuite() const = 0;  // "" for legacy proof types
  // A name for people: the cryptosuite, or the proof type for legacy ones.
  const char* name() const {
    return *cryptosuite() ? cryptosuite() : proof_type();
  }

  // Create Proof. `options` holds the proof members to sign (type,
  // cryptosuite, created, verificationMethod, proofPurpose, …); it is taken
  // by value and becomes the returned proof, so a caller that moves it in
  // pays for no copy. Returns the proof object to attach, with its
  // proofValue.
  virtual Result<Json> CreateProof(const Json& unsecured_document, Json options,
                                   const crypto::Ed25519Signer& key,
                                   const SuiteEnvironment& env,
                                   Transcript* transcript) const = 0;

  // Verify Proof, the suite's part: `unsecured_document` is the document
  // without `proof` (with the previous proofs set, for a chained proof),
  // `proof` the proof including proofValue. Returns false for a signature
  // that does not verify; an error Status for input that cannot be
  // processed (malformed proofValue, data loss, unknown context, …).
  virtual Result<bool> VerifyProof(const Json& unsecured_document,
                                   const Json& proof,
                                   const crypto::Ed25519PublicKey& key,
                                   const SuiteEnvironment& env,
                                   Transcript* transcript) const = 0;
};

}  // namespace anycred::proof

#endif  // ANYCRED_CORE_PROOF_CRYPTOSUITE_H_
