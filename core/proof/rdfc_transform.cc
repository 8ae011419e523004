#include "core/proof/rdfc_transform.h"

#include <bit>
#include <cstdint>
#include <cstring>
#include <vector>

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
    ANYCRED_ASSIGN_OR_RETURN(CanonicalConfigPtr config, proof_config(tags));
    Transcript attempt;
    std::string hash_data =
        HashData(config->hash, config->nquads, document,
                 transcript != nullptr ? &attempt : nullptr);
    if (tags == LanguageTags::kLowercase) first_document = std::move(document);
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

namespace {

// Equal as JSON values of the same types: what CanonicalNQuads reads of
// them. `skip` names an object member left out of the comparison at the top
// level (the proofValue of a proof).
bool SameJson(const Json& a, const Json& b, const char* skip = nullptr) {
  if (a.type() != b.type()) return false;
  switch (a.type()) {
    case Json::value_t::object: {
      auto ia = a.begin();
      auto ib = b.begin();
      while (true) {
        if (skip != nullptr) {
          if (ia != a.end() && ia.key() == skip) ++ia;
          if (ib != b.end() && ib.key() == skip) ++ib;
        }
        if (ia == a.end() || ib == b.end())
          return ia == a.end() && ib == b.end();
        if (ia.key() != ib.key() || !SameJson(*ia, *ib)) return false;
        ++ia;
        ++ib;
      }
    }
    case Json::value_t::array: {
      if (a.size() != b.size()) return false;
      for (std::size_t i = 0; i < a.size(); ++i) {
        if (!SameJson(a[i], b[i])) return false;
      }
      return true;
    }
    case Json::value_t::number_float: {
      // Bit for bit: 0.0 and -0.0 differ (JSON has no NaN).
      return std::bit_cast<std::uint64_t>(a.get<double>()) ==
             std::bit_cast<std::uint64_t>(b.get<double>());
    }
    default:
      return a == b;
  }
}

struct ConfigMemoEntry {
  const char* suite;
  std::uint64_t generation;
  LanguageTags tags;
  Json proof_options;  // without proofValue
  bool has_context;
  Json context;
  CanonicalConfigPtr value;
};

}  // namespace

Result<CanonicalConfigPtr> CanonicalProofConfig(
    const char* suite, const Json& proof, const Json& unsecured_document,
    const SuiteEnvironment& env, LanguageTags tags,
    const std::function<Status(const Json& proof_options)>& check) {
  // Small and per thread: no lock, and a batch's configurations are few.
  constexpr std::size_t kMaxEntries = 32;
  thread_local std::vector<ConfigMemoEntry> memo;
  const jsonld::DocumentLoader& loader =
      env.loader != nullptr ? *env.loader : jsonld::DocumentLoader::Default();
  const std::uint64_t generation = loader.generation();
  auto context = unsecured_document.find("@context");
  const bool has_context = context != unsecured_document.end();
  for (std::size_t i = 0; i < memo.size(); ++i) {
    ConfigMemoEntry& entry = memo[i];
    if (std::strcmp(entry.suite, suite) != 0 ||
        entry.generation != generation || entry.tags != tags ||
        entry.has_context != has_context ||
        (has_context && !SameJson(entry.context, *context)) ||
        !SameJson(entry.proof_options, proof, "proofValue")) {
      continue;
    }
    if (i != 0) std::swap(memo[0], memo[i]);  // the next lookup finds it first
    return memo[0].value;
  }

  Json proof_options = ProofOptionsOf(proof);
  ANYCRED_RETURN_IF_ERROR(check(proof_options));
  ANYCRED_ASSIGN_OR_RETURN(
      std::string nquads,
      CanonicalNQuads(RdfProofConfig(proof_options, unsecured_document), env,
                      "proof", tags));
  auto value = std::make_shared<CanonicalConfig>();
  value->hash = crypto::Sha256(nquads);
  value->nquads = std::move(nquads);
  if (memo.size() >= kMaxEntries) memo.pop_back();
  memo.insert(
      memo.begin(),
      ConfigMemoEntry{suite, generation, tags, std::move(proof_options),
                      has_context, has_context ? *context : Json(), value});
  return CanonicalConfigPtr(std::move(value));
}

}  // namespace anycred::proof
