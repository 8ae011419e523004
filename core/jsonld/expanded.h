// Internal to core/jsonld: the in-memory expanded form that expansion
// produces and toRdf consumes, without building a Json DOM.
//
// An ENode is a small handle: scalars point at the input document's JSON
// values (no copy), strings are views into the input, into term
// definitions of the (kept alive) active contexts, or into the arena;
// objects and arrays live in the arena. Everything is freed at once with
// the arena. Object members carry their keyword as an enum, so consumers
// never compare "@value"-style strings.
//
// Thread safety: an ExpandedDocument belongs to one thread.
#ifndef ANYCRED_CORE_JSONLD_EXPANDED_H_
#define ANYCRED_CORE_JSONLD_EXPANDED_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <memory_resource>
#include <string_view>
#include <vector>

#include "core/json/json.h"
#include "core/jsonld/context.h"
#include "core/jsonld/options.h"
#include "core/util/status.h"

namespace anycred::jsonld::internal {

// Keys of expanded objects: a keyword, or kIri for a property IRI (or
// blank node identifier).
enum class Kw : std::uint8_t {
  kIri,
  kId,
  kType,
  kValue,
  kLanguage,
  kDirection,
  kIndex,
  kList,
  kSet,
  kGraph,
  kIncluded,
  kReverse,
};

// The keyword for a key, or kIri when `key` is not one of the keywords that
// can appear in expanded output.
Kw KeywordKind(std::string_view key);
std::string_view KeywordName(Kw kw);

struct EMember;
struct ENode;
using EObject = std::pmr::vector<EMember>;
using EArray = std::pmr::vector<ENode>;

struct ENode {
  enum Kind : std::uint8_t {
    kNull,
    kJson,    // any JSON value of the input (scalars; @json literals)
    kString,  // a string not in the input (an expanded IRI, a keyword ...)
    kObject,
    kArray,
  };
  Kind kind = kNull;
  // kString: the string is already known to be a blank node identifier or a
  // well-formed IRI (it came from a checked term definition).
  bool verified = false;
  std::uint32_t size = 0;  // kString
  union {
    const Json* json;
    const char* data;
    EObject* object;
    EArray* array;
  };

  ENode() : json(nullptr) {}
  static ENode Null() { return ENode(); }
  static ENode FromJson(const Json* j) {
    ENode n;
    n.kind = j->is_null() ? kNull : kJson;
    n.json = j;
    return n;
  }
  static ENode String(std::string_view s, bool verified = false) {
    ENode n;
    n.kind = kString;
    n.verified = verified;
    n.data = s.data();
    n.size = static_cast<std::uint32_t>(s.size());
    return n;
  }
  static ENode Object(EObject* o) {
    ENode n;
    n.kind = kObject;
    n.object = o;
    return n;
  }
  static ENode Array(EArray* a) {
    ENode n;
    n.kind = kArray;
    n.array = a;
    return n;
  }

  bool is_null() const { return kind == kNull; }
  bool is_object() const { return kind == kObject; }
  bool is_array() const { return kind == kArray; }
  bool is_string() const {
    return kind == kString || (kind == kJson && json->is_string());
  }
  // Only for is_string().
  std::string_view str() const {
    if (kind == kString) return {data, size};
    return json->get_ref<const std::string&>();
  }
  // Looks up a keyword member of an object (nullptr if absent).
  const ENode* Get(Kw kw) const;
  ENode* Get(Kw kw);
  bool Has(Kw kw) const { return Get(kw) != nullptr; }
};

struct EMember {
  Kw kw = Kw::kIri;
  bool verified = false;  // kIri: see ENode::verified
  std::string_view key;   // the IRI for kIri; the keyword's name otherwise
  ENode value;
};

// Deep equality of expanded values (JSON-LD value/node comparison).
bool Equal(const ENode& a, const ENode& b);
// The expanded value as Json.
Json ToJson(const ENode& node);

// Owns the memory of an expanded document.
class Arena {
 public:
  Arena() : resource_(initial_, sizeof initial_) {}
  Arena(const Arena&) = delete;
  Arena& operator=(const Arena&) = delete;

  std::pmr::memory_resource* resource() { return &resource_; }
  EObject* NewObject(std::size_t reserve) {
    auto* o = New<EObject>(&resource_);
    if (reserve > 0) o->reserve(reserve);
    return o;
  }
  EArray* NewArray(std::size_t reserve) {
    auto* a = New<EArray>(&resource_);
    if (reserve > 0) a->reserve(reserve);
    return a;
  }
  // A copy of `s` that lives as long as the arena.
  std::string_view Store(std::string_view s) {
    if (s.empty()) return {};
    char* p = static_cast<char*>(resource_.allocate(s.size(), 1));
    std::memcpy(p, s.data(), s.size());
    return {p, s.size()};
  }

 private:
  template <typename T, typename... Args>
  T* New(Args&&... args) {
    void* p = resource_.allocate(sizeof(T), alignof(T));
    return new (p) T(std::forward<Args>(args)...);
  }

  alignas(std::max_align_t) unsigned char initial_[8192];
  std::pmr::monotonic_buffer_resource resource_;
};

// An expanded document: the root value plus everything it points into
// (arena, active contexts). Must outlive every use of `root`, and so must
// the input Json it was expanded from.
// Lives on the stack of ToRdf / Expand: the arena's first block is inline.
struct ExpandedDocument {
  Arena arena;
  std::vector<ContextPtr> contexts;
  std::vector<std::unique_ptr<const Json>> owned_json;  // rare: made-up values
  ENode root;
};

// Expands `input` (which must outlive `doc`) into `doc`. With `for_rdf`,
// safe mode also rejects what the RDF conversion would drop (see
// JsonLdOptions::safe_mode). Implemented in expand.cc.
Status ExpandToDocument(const Json& input, const JsonLdOptions& options,
                        bool for_rdf, ExpandedDocument* doc);

// Wraps an expanded document given as Json (zero-copy: views into `json`).
ENode ImportExpanded(const Json& json, Arena& arena);

}  // namespace anycred::jsonld::internal

#endif  // ANYCRED_CORE_JSONLD_EXPANDED_H_
