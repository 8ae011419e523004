#include "core/proof/rdfc_transform.h"

#include <cstring>
#include <unordered_map>

#include "core/jsonld/document_loader.h"
#include "core/jsonld/to_rdf.h"
#include "core/proof/suite_util.h"
#include "core/rdf/rdfc10.h"

namespace anycred::proof {

Result<std::string> CanonicalNQuads(const Json& document,
                                    const SuiteEnvironment& env,
                                    const char* what, LanguageTags tags) {
  jsonld::JsonLdOptions options;
  options.safe_mode = true;
  options.lowercase_language_tags = tags == LanguageTags::kLowercase;
  options.document_loader = env.loader;
  auto dataset = jsonld::ToRdf(document, options);
  if (!dataset.ok()) return dataset.status().WithContext(what);
  auto canonical = rdf::Canonicalize(*dataset);
  if (!canonical.ok()) return canonical.status().WithContext(what);
  return std::move(canonical->nquads);
}

Result<bool> VerifyRdfSignature(const Json& unsecured_document,
                                const ProofConfigFn& proof_config,
                                const crypto::Ed25519Signature& signature,
                                const crypto::Ed25519PublicKey& key,
                                const SuiteEnvironment& env,
                                Transcript* transcript) {
  std::string first_document;
  for (LanguageTags tags :
       {LanguageTags::kLowercase, LanguageTags::kAsWritten}) {
    ANYCRED_ASSIGN_OR_RETURN(
        std::string document,
        CanonicalNQuads(unsecured_document, env, "credential", tags));
    if (tags == LanguageTags::kAsWritten && document == first_document)
      break;  // no tag to lower-case
    ANYCRED_ASSIGN_OR_RETURN(std::string config, proof_config(tags));
    if (tags == LanguageTags::kLowercase) first_document = document;
    Transcript attempt;
    std::string hash_data =
        HashData(std::move(config), std::move(document), &attempt);
    bool ok = key.Verify(hash_data, signature);
    if (transcript != nullptr && (ok || tags == LanguageTags::kLowercase))
      *transcript = std::move(attempt);
    if (ok) return true;
  }
  return false;
}

Json RdfProofConfig(const Json& proof_options, const Json& unsecured_document) {
  Json config = proof_options;
  auto context = unsecured_document.find("@context");
  if (context != unsecured_document.end()) config["@context"] = *context;
  return config;
}

Result<std::string> CanonicalProofConfig(const Json& config,
                                         const SuiteEnvironment& env,
                                         LanguageTags tags) {
  // Small and per thread: no lock, and a batch's configurations are few.
  constexpr std::size_t kMaxEntries = 32;
  thread_local std::unordered_map<std::string, std::string> memo;
  const jsonld::DocumentLoader& loader =
      env.loader != nullptr ? *env.loader : jsonld::DocumentLoader::Default();
  std::uint64_t generation = loader.generation();
  std::string key(sizeof generation + 1, '\0');
  std::memcpy(key.data(), &generation, sizeof generation);
  key[sizeof generation] = tags == LanguageTags::kLowercase ? 'l' : 'w';
  key += DumpJson(config);
  auto it = memo.find(key);
  if (it != memo.end()) return it->second;
  ANYCRED_ASSIGN_OR_RETURN(std::string nquads,
                           CanonicalNQuads(config, env, "proof", tags));
  if (memo.size() >= kMaxEntries) memo.clear();
  memo.emplace(std::move(key), nquads);
  return nquads;
}

}  // namespace anycred::proof
