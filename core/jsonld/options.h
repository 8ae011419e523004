// JsonLdOptions: the knobs of the JSON-LD 1.1 processor (expansion and
// toRdf), modelled on the JSON-LD 1.1 API's JsonLdOptions dictionary.
//
// Promises: defaults are what a Verifiable Credential processor wants
// (JSON-LD 1.1, no base IRI, the bundled contexts only, no rdfDirection).
// Set `safe_mode` for signing and verifying: every silent drop becomes a
// DATA_LOSS_DETECTION_ERROR naming the JSON path.
//
// Thread safety: a plain value; the pointed-to DocumentLoader must outlive
// the calls that use it and must not be modified during them.
#ifndef ANYCRED_CORE_JSONLD_OPTIONS_H_
#define ANYCRED_CORE_JSONLD_OPTIONS_H_

#include <optional>
#include <string>

#include "core/json/json.h"
#include "core/jsonld/document_loader.h"

namespace anycred::jsonld {

enum class ProcessingMode {
  kJsonLd11,  // "json-ld-1.1" (default)
  kJsonLd10,  // "json-ld-1.0": 1.1-only features are errors
};

enum class RdfDirection {
  kNone,             // @direction is not represented in RDF (default)
  kI18nDatatype,     // "i18n-datatype": https://www.w3.org/ns/i18n#lang_dir
  kCompoundLiteral,  // "compound-literal": rdf:value/rdf:language/rdf:direction
};

struct JsonLdOptions {
  // Base IRI of the document. Empty = none (null), which is what Data
  // Integrity requires: relative IRIs then stay relative and are dropped by
  // toRdf (an error in safe mode).
  std::string base;
  // The URL the document was retrieved from, used to resolve relative
  // context references. Empty = use `base`.
  std::string document_url;
  // Applied before the document's own @context (the API's expandContext).
  // A map with an @context entry contributes that entry's value.
  std::optional<Json> expand_context;
  ProcessingMode processing_mode = ProcessingMode::kJsonLd11;
  // nullptr = DocumentLoader::Default() (bundled contexts only).
  const DocumentLoader* document_loader = nullptr;
  // Fail instead of dropping anything (see core/jsonld/errors.h). ToRdf
  // also rejects what only RDF loses: blank-node predicates (unless
  // produce_generalized_rdf), @direction (unless rdf_direction is set) and
  // @index.
  bool safe_mode = false;
  // Process object keys in code point order (deterministic blank-node
  // labels and array order; slightly slower).
  bool ordered = false;
  // Lower-case language tags (jsonld.js does; the spec only allows it).
  // Off by default: anycred keeps tags exactly as written.
  bool lowercase_language_tags = false;
  // Reuse processed contexts across calls (keyed by loader generation,
  // context identity/content and flags). Only disable for debugging.
  bool use_context_cache = true;

  // toRdf only.
  bool produce_generalized_rdf = false;
  RdfDirection rdf_direction = RdfDirection::kNone;
};

}  // namespace anycred::jsonld

#endif  // ANYCRED_CORE_JSONLD_OPTIONS_H_
