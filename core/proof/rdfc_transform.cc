#include "core/proof/rdfc_transform.h"

#include "core/jsonld/to_rdf.h"
#include "core/rdf/rdfc10.h"

namespace anycred::proof {

Result<std::string> CanonicalNQuads(const Json& document, const SuiteEnvironment& env,
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

Json RdfProofConfig(const Json& proof_options, const Json& unsecured_document) {
  Json config = proof_options;
  auto context = unsecured_document.find("@context");
  if (context != unsecured_document.end()) config["@context"] = *context;
  return config;
}

}  // namespace anycred::proof
