// The transformation shared by the RDF-based suites (eddsa-rdfc-2022,
// Ed25519Signature2020): JSON-LD → RDF in safe mode (anything that would be
// silently dropped is an error) with a null base IRI and only the bundled
// or explicitly registered contexts, then RDFC-1.0 with SHA-256.
//
// Thread safety: thread-safe (the loader must not be modified meanwhile).
#ifndef ANYCRED_CORE_PROOF_RDFC_TRANSFORM_H_
#define ANYCRED_CORE_PROOF_RDFC_TRANSFORM_H_

#include <functional>
#include <memory>
#include <string>

#include "core/crypto/ed25519.h"
#include "core/crypto/sha2.h"
#include "core/json/json.h"
#include "core/proof/cryptosuite.h"
#include "core/util/status.h"

namespace anycred::proof {

// Language tags: JSON-LD lets processors lower-case them, and the
// reference implementation (jsonld.js) does, so "@en-US" is signed as
// "@en-us" there. anycred signs the same way, and verifies a signature over
// either form (tags lower-cased first, then as written).
enum class LanguageTags { kLowercase, kAsWritten };

// The canonical N-Quads of `document`. Errors keep their codes
// (DATA_LOSS_DETECTION_ERROR, CONTEXT_UNLOADABLE, RDFC_LIMIT_EXCEEDED, the
// JSON-LD error codes) and say whether the document or the proof failed.
Result<std::string> CanonicalNQuads(
    const Json& document, const SuiteEnvironment& env, const char* what,
    LanguageTags tags = LanguageTags::kLowercase);

// A proof configuration's canonical N-Quads and their SHA-256.
struct CanonicalConfig {
  std::string nquads;
  crypto::Sha256Digest hash{};
};
using CanonicalConfigPtr = std::shared_ptr<const CanonicalConfig>;

// Steps 2-5 of Verify Proof for the RDF suites: canonicalize the document
// and the proof configuration (`proof_config` returns the latter), hash,
// verify the signature. First with language tags lower-cased, as signers
// such as jsonld.js (and anycred) hash them; then, if that fails and it
// makes a difference, as written.
using ProofConfigFn = std::function<Result<CanonicalConfigPtr>(LanguageTags)>;
Result<bool> VerifyRdfSignature(const Json& unsecured_document,
                                const ProofConfigFn& proof_config,
                                const crypto::Ed25519Signature& signature,
                                const crypto::Ed25519PublicKey& key,
                                const SuiteEnvironment& env,
                                Transcript* transcript);

// Proof configuration for RDF suites: the proof options with the
// document's @context.
Json RdfProofConfig(const Json& proof_options, const Json& unsecured_document);

// The proof configuration of `proof` (its members but proofValue, with the
// document's @context, as RdfProofConfig makes it), canonicalized with
// CanonicalNQuads(config, env, "proof", tags) and hashed. `check` validates
// the proof options for `suite` (type, dates) before the first
// canonicalization.
//
// Remembered per thread for the last 32 configurations: credentials signed
// in one batch by one key often have the same proof configuration (the same
// `created` second), and it is the same text whichever credential it came
// with. An entry answers only for the same suite, tags and loader generation
// (its set of contexts), and for proof options and @context equal as JSON
// values of the same types (an integer and a double that compare equal are
// different RDF literals), members in the same order. Errors are not
// remembered.
Result<CanonicalConfigPtr> CanonicalProofConfig(
    const char* suite, const Json& proof, const Json& unsecured_document,
    const SuiteEnvironment& env, LanguageTags tags,
    const std::function<Status(const Json& proof_options)>& check);

}  // namespace anycred::proof

#endif  // ANYCRED_CORE_PROOF_RDFC_TRANSFORM_H_
