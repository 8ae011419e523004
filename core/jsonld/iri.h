// IRI and keyword helpers for the JSON-LD processor (internal to
// core/jsonld, but usable by other modules that need the same rules).
//
// Promises: RFC 3986 §5.2 reference resolution (no normalization beyond
// dot-segment removal, as JSON-LD 1.1 requires), the JSON-LD keyword
// tests, and the well-formedness checks that decide what the RDF
// deserializer keeps (IRIs per the N-Quads IRIREF character rules,
// language tags per BCP 47 §2.2.9 syntax).
//
// Thread safety: pure functions.
#ifndef ANYCRED_CORE_JSONLD_IRI_H_
#define ANYCRED_CORE_JSONLD_IRI_H_

#include <string>
#include <string_view>

namespace anycred::jsonld {

// One of the JSON-LD 1.1 keywords ("@id", "@type", ...).
bool IsKeyword(std::string_view s);
// Matches "@"1*ALPHA: reserved for future keywords, ignored by processors.
bool HasKeywordForm(std::string_view s);
// Starts with a scheme ("http:", "urn:", "xsd:" ...): an absolute IRI in the
// sense JSON-LD uses (anything that is not a relative reference).
bool IsAbsoluteIri(std::string_view s);
// A blank node identifier ("_:" prefix).
inline bool IsBlankNodeId(std::string_view s) {
  return s.size() >= 2 && s[0] == '_' && s[1] == ':';
}
// Absolute, made only of characters N-Quads allows in an IRIREF (no
// spaces, controls, <>"{}|\^`) and with at most one "#". Such IRIs survive
// toRdf.
bool IsWellFormedIri(std::string_view s);
// BCP 47 well-formedness (syntax only): 1*8ALPHA *("-" 1*8alphanum).
bool IsWellFormedLanguageTag(std::string_view s);
// True if the last character is one of the gen-delims ":/?#[]@".
bool EndsWithGenDelim(std::string_view s);

// Resolves `reference` against the absolute IRI `base` (RFC 3986 §5.2.2,
// with dot-segment removal). If `base` is not absolute, returns `reference`
// unchanged.
std::string ResolveIri(std::string_view base, std::string_view reference);

}  // namespace anycred::jsonld

#endif  // ANYCRED_CORE_JSONLD_IRI_H_
