// Internal to core/rdf (not a public API): the canonical N-Quads term
// writer behind AppendTerm, in a form that writes into pre-sized memory so
// RDFC-1.0 can build all its lines with one allocation.
//
// Thread safety: pure functions.
#ifndef ANYCRED_CORE_RDF_NQUADS_INTERNAL_H_
#define ANYCRED_CORE_RDF_NQUADS_INTERNAL_H_

#include <cstddef>

#include "core/rdf/term.h"

namespace anycred::rdf::internal {

// Exactly the number of bytes WriteCanonicalTerm writes for `term` (0 for
// the default graph).
std::size_t CanonicalTermSize(const Term& term);

// Writes `term` in canonical N-Quads form at `out` and returns the end.
char* WriteCanonicalTerm(const Term& term, char* out);

}  // namespace anycred::rdf::internal

#endif  // ANYCRED_CORE_RDF_NQUADS_INTERNAL_H_
