// The RDF data model shared by the JSON-LD processor (which produces quads),
// the N-Quads parser/serializer and RDFC-1.0 canonicalization.
//
// Terms are plain values. IRIs are stored without angle brackets, blank
// nodes without the "_:" prefix, literals as their lexical form with a
// datatype IRI (always set: xsd:string for simple literals, rdf:langString
// when a language tag is present) and an optional language tag.
//
// Thread safety: plain values.
#ifndef ANYCRED_CORE_RDF_TERM_H_
#define ANYCRED_CORE_RDF_TERM_H_

#include <cstdint>
#include <string>
#include <tuple>
#include <vector>

namespace anycred::rdf {

inline constexpr const char* kXsdString =
    "http://www.w3.org/2001/XMLSchema#string";
inline constexpr const char* kXsdBoolean =
    "http://www.w3.org/2001/XMLSchema#boolean";
inline constexpr const char* kXsdInteger =
    "http://www.w3.org/2001/XMLSchema#integer";
inline constexpr const char* kXsdDouble =
    "http://www.w3.org/2001/XMLSchema#double";
inline constexpr const char* kRdfLangString =
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString";
inline constexpr const char* kRdfJson =
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#JSON";
inline constexpr const char* kRdfType =
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
inline constexpr const char* kRdfFirst =
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#first";
inline constexpr const char* kRdfRest =
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#rest";
inline constexpr const char* kRdfNil =
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#nil";

enum class TermKind : std::uint8_t {
  kIri,
  kBlankNode,
  kLiteral,
  kDefaultGraph,  // only valid as a quad's graph
};

struct Term {
  TermKind kind = TermKind::kDefaultGraph;
  std::string value;     // IRI, blank node label (no "_:"), or lexical form
  std::string datatype;  // literals only
  std::string language;  // literals only; empty when none

  static Term Iri(std::string iri) {
    return {TermKind::kIri, std::move(iri), {}, {}};
  }
  static Term Blank(std::string label) {
    return {TermKind::kBlankNode, std::move(label), {}, {}};
  }
  static Term Literal(std::string lexical, std::string datatype = kXsdString,
                      std::string language = {}) {
    return {TermKind::kLiteral, std::move(lexical), std::move(datatype),
            std::move(language)};
  }
  static Term LangLiteral(std::string lexical, std::string language) {
    return {TermKind::kLiteral, std::move(lexical), kRdfLangString,
            std::move(language)};
  }
  static Term DefaultGraph() { return {}; }

  bool is_iri() const { return kind == TermKind::kIri; }
  bool is_blank() const { return kind == TermKind::kBlankNode; }
  bool is_literal() const { return kind == TermKind::kLiteral; }
  bool is_default_graph() const { return kind == TermKind::kDefaultGraph; }

  friend bool operator==(const Term& a, const Term& b) {
    return a.kind == b.kind && a.value == b.value && a.datatype == b.datatype &&
           a.language == b.language;
  }
  friend bool operator<(const Term& a, const Term& b) {
    return std::tie(a.kind, a.value, a.datatype, a.language) <
           std::tie(b.kind, b.value, b.datatype, b.language);
  }
};

struct Quad {
  Term subject;    // IRI or blank node
  Term predicate;  // IRI
  Term object;     // IRI, blank node or literal
  Term graph;      // IRI, blank node or default graph

  friend bool operator==(const Quad& a, const Quad& b) {
    return a.subject == b.subject && a.predicate == b.predicate &&
           a.object == b.object && a.graph == b.graph;
  }
};

// An RDF dataset as a list of quads. Producers should not emit duplicates;
// consumers that need set semantics (RDFC-1.0) remove them.
using Dataset = std::vector<Quad>;

}  // namespace anycred::rdf

#endif  // ANYCRED_CORE_RDF_TERM_H_
