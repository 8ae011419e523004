// Internal to core/jsonld: active contexts, term definitions, the JSON-LD
// 1.1 Context Processing / Create Term Definition / IRI Expansion
// algorithms, and the process-wide cache of processed contexts.
//
// Promises: an ActiveContext is immutable once published (ContextPtr) and
// carries a process-unique id; applying the same local context (by
// identity for scoped contexts owned by a term definition or a loaded
// document, by content for inline contexts) to the same active context
// with the same flags and DocumentLoader generation returns the cached
// result, so credentials that share contexts pay for processing once.
//
// Thread safety: every function is safe to call concurrently; the caches
// are guarded by shared mutexes and hand out immutable shared_ptrs.
#ifndef ANYCRED_CORE_JSONLD_CONTEXT_H_
#define ANYCRED_CORE_JSONLD_CONTEXT_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/json/json.h"
#include "core/jsonld/document_loader.h"
#include "core/util/status.h"

namespace anycred::jsonld::internal {

// Container mapping as a bit set.
enum Container : std::uint8_t {
  kContainerList = 1,
  kContainerSet = 2,
  kContainerIndex = 4,
  kContainerLanguage = 8,
  kContainerGraph = 16,
  kContainerId = 32,
  kContainerType = 64,
};

struct TermDefinition {
  // IRI mapping: an IRI, blank node identifier or keyword. Unset when the
  // term was defined with "@id": null.
  std::optional<std::string> iri;
  bool iri_is_keyword = false;
  // Checked once here so that toRdf need not re-scan them per use: the IRI
  // mapping (resp. type mapping) is a blank node or well-formed IRI.
  bool iri_well_formed = false;
  bool type_well_formed = false;
  bool prefix = false;
  bool is_protected = false;
  bool reverse = false;
  std::uint8_t container = 0;
  bool has_container = false;
  std::optional<std::string> type;  // type mapping
  // Language / direction mappings: has_* says the entry was present (its
  // value may be null, which overrides the context default).
  bool has_language = false;
  std::optional<std::string> language;
  bool has_direction = false;
  std::optional<std::string> direction;
  std::optional<std::string> index;
  std::optional<std::string> nest;
  // Scoped context (term-scoped or type-scoped) and the base URL it came
  // with. `context` points into its owner (a loaded document or a copy).
  std::shared_ptr<const Json> context;
  std::optional<std::string> base_url;

  // Equality ignoring `is_protected` (the protected-term rule).
  bool SameAs(const TermDefinition& other) const;
};

// Transparent hash so that lookups by string_view do not allocate.
struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const {
    return std::hash<std::string_view>{}(s);
  }
};
using TermMap =
    std::unordered_map<std::string, std::shared_ptr<const TermDefinition>,
                       StringHash, std::equal_to<>>;

struct ActiveContext;
using ContextPtr = std::shared_ptr<const ActiveContext>;

struct ActiveContext : std::enable_shared_from_this<ActiveContext> {
  std::uint64_t id = 0;  // process-unique once published
  TermMap terms;
  std::optional<std::string> base_iri;
  std::optional<std::string> original_base_url;
  std::optional<std::string> vocab;
  std::optional<std::string> default_language;
  std::optional<std::string> default_direction;
  ContextPtr previous;  // set by non-propagated (type-scoped) contexts
  bool json_ld_10 = false;
  bool lowercase_language = false;
  // First data-loss condition seen while building this context (a reserved
  // term, a relative @vocab ...): an error in safe mode.
  std::string safe_mode_warning;

  const TermDefinition* Find(std::string_view term) const {
    auto it = terms.find(term);
    return it == terms.end() ? nullptr : it->second.get();
  }
  bool HasProtectedTerms() const;
};

struct ContextEnv {
  const DocumentLoader* loader = nullptr;
  bool use_cache = true;
};

// The initial active context (cached): base IRI and original base URL
// (empty = null), processing mode and language-tag folding.
ContextPtr InitialContext(const std::string& base,
                          const std::string& original_base_url, bool json_ld_10,
                          bool lowercase_language);

// Context Processing algorithm: applies `local` to `active`.
// `owner`, when given, owns `local` (it is a scoped context of a term
// definition or part of a loaded document): the cache then keys on
// identity and term definitions alias into it instead of copying.
Result<ContextPtr> ProcessContext(const ContextEnv& env,
                                  const ActiveContext& active,
                                  const Json& local,
                                  const std::optional<std::string>& base_url,
                                  bool override_protected, bool propagate,
                                  const std::shared_ptr<const Json>& owner);

// IRI Expansion outside context processing. Returns false when the result
// is null (a term mapped to null, or a value of the form of a keyword).
bool ExpandIri(const ActiveContext& ctx, std::string_view value,
               bool document_relative, bool vocab, std::string* out);

// Removes every cached processed context (tests, benchmarks).
void ClearContextCache();

}  // namespace anycred::jsonld::internal

#endif  // ANYCRED_CORE_JSONLD_CONTEXT_H_
