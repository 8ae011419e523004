// JSON-LD 1.1 deserialization to RDF (the toRdf() API method: expansion,
// Node Map Generation, Deserialize JSON-LD to RDF, Object to RDF and List
// Conversion).
//
// Promises:
//  - The RDF dataset the specification defines, up to blank-node labels
//    (labels are "b0", "b1", ... in the order the algorithms generate them,
//    without the "_:" prefix, as rdf::Term stores them). Quads come in the
//    spec's order (graph name, subject, property) and are not duplicated.
//  - Literals use the JSON-LD canonical lexical forms: JSON numbers with a
//    non-zero fraction, |n| >= 1e21, or typed xsd:double become doubles
//    "d.dddE±n" (the mantissa rounded to 15 fractional digits, as the spec
//    and jsonld.js do: 3.5 -> "3.5E0", 0.1 -> "1.0E-1"); other numbers are
//    integers (3.0 in the JSON text is the integer "3"). The datatype the
//    context gives wins ("creditsAvailable": 3.5 under the OB context is
//    "3.5E0"^^<https://www.w3.org/2001/XMLSchema#float>). Datatype IRIs are
//    reproduced exactly as the context writes them ("xsd:dateTime" with no
//    xsd prefix stays the IRI <xsd:dateTime>). @json literals are JCS
//    (RFC 8785) text typed rdf:JSON.
//  - Ill-formed IRIs, language tags and blank-node predicates are dropped,
//    as the spec says, unless options.safe_mode, where they (and everything
//    else expansion would drop) are DATA_LOSS_DETECTION_ERROR.
//  - No exception escapes; JSON-LD errors carry the spec's error code.
//
// Thread safety: ToRdf may be called concurrently from any number of
// threads.
#ifndef ANYCRED_CORE_JSONLD_TO_RDF_H_
#define ANYCRED_CORE_JSONLD_TO_RDF_H_

#include <string>

#include "core/json/json.h"
#include "core/jsonld/document_loader.h"
#include "core/jsonld/errors.h"
#include "core/jsonld/options.h"
#include "core/rdf/term.h"
#include "core/util/status.h"

namespace anycred::jsonld {

// Expands `input` and converts it to an RDF dataset.
Result<rdf::Dataset> ToRdf(const Json& input,
                           const JsonLdOptions& options = {});

// Converts a document that is already in expanded form (the output of
// Expand) to RDF. Safe mode here only checks what the RDF conversion drops.
Result<rdf::Dataset> ExpandedToRdf(const Json& expanded,
                                   const JsonLdOptions& options = {});

// Canonical lexical form of an xsd:double: "3.5E0", "1.0E-1", "0.0E0".
std::string CanonicalDoubleLexical(double value);

}  // namespace anycred::jsonld

#endif  // ANYCRED_CORE_JSONLD_TO_RDF_H_
