// N-Quads: a strict parser for RDF 1.1 N-Quads and a serializer that writes
// the canonical N-Quads form of RDFC-1.0 (W3C Recommendation 2024-05-21,
// Appendix A).
//
// Parsing promises:
//   * The input must be well-formed UTF-8 N-Quads (RDF 1.1 grammar): IRIs
//     (absolute, with UCHAR escapes), blank nodes, literals with a datatype
//     IRI or a language tag, ECHAR and UCHAR escapes, comments, blank lines,
//     LF, CR or CRLF line ends, spaces and tabs between terms.
//   * Anything else is a MALFORMED_INPUT error whose message names the line
//     and column (1-based, counted in Unicode code points) and what was
//     expected there. Malformed input never causes undefined behaviour.
//   * Terms are returned in the rdf::Term model (term.h): escapes decoded,
//     simple literals get datatype xsd:string, language-tagged literals
//     rdf:langString. Quads are returned in document order; duplicates are
//     kept (RDFC-1.0 removes them).
//
// Serialization promises (canonical N-Quads, RDFC-1.0 Appendix A):
//   * One space after subject, predicate, object and graph name; every quad
//     ends with " .\n"; the default graph is not written.
//   * xsd:string literals are written without a datatype.
//   * In literals, BS HT LF FF CR " and \ are written as ECHAR; U+0000-U+0007,
//     U+000B, U+000E-U+001F, U+007F and the non-characters U+FFFE and U+FFFF
//     (not XML 1.1 Chars) as \uXXXX with uppercase hex; every other byte is
//     copied unchanged (raw UTF-8). Note: rdf-canonize 5 (JavaScript) writes
//     U+FFFE/U+FFFF raw; App. A and the W3C rdf-tests canonicalization tests
//     require UCHAR, which is what this does.
//   * IRIs and blank node labels are written as they are stored.
//
// Thread safety: all functions are pure and thread-safe.
#ifndef ANYCRED_CORE_RDF_NQUADS_H_
#define ANYCRED_CORE_RDF_NQUADS_H_

#include <string>
#include <string_view>

#include "core/rdf/term.h"
#include "core/util/status.h"

namespace anycred::rdf {

// Parses an N-Quads document. Errors: MALFORMED_INPUT ("line L, column C:
// expected ..., found ...").
Result<Dataset> ParseNQuads(std::string_view text);

// One quad in canonical N-Quads form, including the final " .\n".
std::string SerializeQuad(const Quad& quad);

// All quads in canonical form, in the order given (no sorting, no
// de-duplication; RDFC-1.0 canonicalization does both).
std::string SerializeNQuads(const Dataset& dataset);

// Appending variants for callers that reuse a buffer. AppendTerm writes
// nothing for the default graph.
void AppendTerm(const Term& term, std::string* out);
void AppendQuad(const Quad& quad, std::string* out);

}  // namespace anycred::rdf

#endif  // ANYCRED_CORE_RDF_NQUADS_H_
