#include "core/jsonld/expand.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/jsonld/context.h"
#include "core/jsonld/errors.h"
#include "core/jsonld/expanded.h"
#include "core/jsonld/iri.h"

namespace anycred::jsonld {

namespace {

using internal::ActiveContext;
using internal::Arena;
using internal::ContextPtr;
using internal::EArray;
using internal::EMember;
using internal::ENode;
using internal::EObject;
using internal::Kw;
using internal::TermDefinition;
// Contexts are passed as raw pointers; the ExpandedDocument keeps them
// alive (and with them every term definition string the output points to).
using Ctx = const ActiveContext*;
namespace c = internal;

// The active property: absent (null) or a term / keyword. May carry its
// term definition in context `def_ctx`, to save a lookup.
struct Prop {
  std::string_view name;
  bool present = false;
  const TermDefinition* def = nullptr;
  const ActiveContext* def_ctx = nullptr;
  static Prop Null() { return {}; }
  static Prop Of(std::string_view n) { return {n, true}; }
  static Prop Of(std::string_view n, const TermDefinition* d,
                 const ActiveContext* ctx) {
    return {n, true, d, ctx};
  }
  bool Is(std::string_view k) const { return present && name == k; }
  // The term definition of the active property in `ctx`.
  const TermDefinition* Def(const ActiveContext* ctx) const {
    if (!present) return nullptr;
    if (ctx == def_ctx) return def;
    return ctx->Find(name);
  }
};

constexpr std::size_t kMaxDepth = 256;

struct PathSeg {
  std::string_view key;
  std::size_t index = 0;
  bool is_index = false;
};

std::string Quote(std::string_view s) {
  std::string out = "\"";
  out.append(s);
  out.push_back('"');
  return out;
}

// --- ENode helpers ----------------------------------------------------------

EMember* FindKw(EObject* o, Kw kw) {
  for (EMember& m : *o) {
    if (m.kw == kw) return &m;
  }
  return nullptr;
}
bool HasKw(const EObject* o, Kw kw) {
  for (const EMember& m : *o) {
    if (m.kw == kw) return true;
  }
  return false;
}
bool IsValueObject(const ENode& n) {
  return n.is_object() && HasKw(n.object, Kw::kValue);
}
bool IsListObject(const ENode& n) {
  return n.is_object() && HasKw(n.object, Kw::kList);
}
bool IsGraphObject(const ENode& n) {
  if (!n.is_object() || !HasKw(n.object, Kw::kGraph)) return false;
  for (const EMember& m : *n.object) {
    if (m.kw != Kw::kGraph && m.kw != Kw::kId && m.kw != Kw::kIndex) {
      return false;
    }
  }
  return true;
}
bool IsNodeObject(const ENode& n) {
  return n.is_object() && !HasKw(n.object, Kw::kValue) &&
         !HasKw(n.object, Kw::kList) && !HasKw(n.object, Kw::kSet);
}

// Appends a new member whose key is known to be absent.
void Put(EObject* o, Kw kw, ENode value) {
  o->push_back(EMember{kw, false, internal::KeywordName(kw), value});
}

// The keyword `key` expands to (IRI expansion with vocab true), or nullptr
// when it expands to an IRI or null. No copies: this runs for every key.
const std::string* KeywordOf(const ActiveContext& ctx, const std::string& key) {
  if (!key.empty() && key[0] == '@') return IsKeyword(key) ? &key : nullptr;
  const TermDefinition* def = ctx.Find(key);
  return def != nullptr && def->iri_is_keyword ? &*def->iri : nullptr;
}

// A vector that keeps its first N elements inline (no allocation in the
// common case of one @type key or a few types).
template <typename T, std::size_t N>
class SmallVector {
 public:
  void push_back(const T& v) {
    if (size_ < N) {
      inline_[size_] = v;
    } else {
      if (size_ == N) heap_.assign(inline_.begin(), inline_.end());
      heap_.push_back(v);
    }
    ++size_;
  }
  T* begin() { return size_ <= N ? inline_.data() : heap_.data(); }
  T* end() { return begin() + size_; }
  bool empty() const { return size_ == 0; }

 private:
  std::array<T, N> inline_{};
  std::vector<T> heap_;
  std::size_t size_ = 0;
};

class Expander {
 public:
  Expander(const JsonLdOptions& options, bool for_rdf,
           internal::ExpandedDocument* doc)
      : options_(options),
        for_rdf_(for_rdf),
        safe_(options.safe_mode),
        doc_(doc),
        arena_(doc->arena),
        held_(doc->contexts) {
    env_.loader = options.document_loader != nullptr
                      ? options.document_loader
                      : &DocumentLoader::Default();
    env_.use_cache = options.use_context_cache;
    const std::string& doc_url =
        options.document_url.empty() ? options.base : options.document_url;
    if (!doc_url.empty()) base_url_ = doc_url;
  }

  Status Run(const Json& input) {
    const std::string& doc_url =
        options_.document_url.empty() ? options_.base : options_.document_url;
    held_.push_back(c::InitialContext(
        options_.base.empty() ? doc_url : options_.base, doc_url,
        options_.processing_mode == ProcessingMode::kJsonLd10,
        options_.lowercase_language_tags));
    Ctx active = held_.back().get();
    if (options_.expand_context) {
      const Json& ec = *options_.expand_context;
      const Json* local = &ec;
      if (ec.is_object()) {
        auto it = ec.find("@context");
        if (it != ec.end()) local = &*it;
      }
      std::optional<std::string> original = active->original_base_url;
      ANYCRED_ASSIGN_OR_RETURN(
          active, Apply(active, *local, original, false, true, nullptr));
    }
    ENode expanded;
    ANYCRED_RETURN_IF_ERROR(
        ExpandElement(active, Prop::Null(), input, false, &expanded));
    if (expanded.is_object() && expanded.object->size() == 1 &&
        (*expanded.object)[0].kw == Kw::kGraph) {
      expanded = (*expanded.object)[0].value;
    }
    doc_->root = AsArray(expanded);
    return Status::Ok();
  }

 private:
  class PathGuard {
   public:
    PathGuard(std::vector<PathSeg>& path, std::string_view key) : path_(path) {
      path_.push_back({key, 0, false});
    }
    PathGuard(std::vector<PathSeg>& path, std::size_t index) : path_(path) {
      path_.push_back({{}, index, true});
    }
    ~PathGuard() { path_.pop_back(); }
    PathGuard(const PathGuard&) = delete;
    PathGuard& operator=(const PathGuard&) = delete;

   private:
    std::vector<PathSeg>& path_;
  };

  std::string PathString() const {
    std::string s;
    for (const PathSeg& seg : path_) {
      if (seg.is_index) {
        s += "[" + std::to_string(seg.index) + "]";
      } else {
        if (!s.empty()) s.push_back('.');
        s.append(seg.key);
      }
    }
    return s.empty() ? std::string("(document root)") : s;
  }

  Status Error(const char* code, const std::string& message) const {
    return Status::Error(code, PathString() + ": " + message);
  }
  Status DataLoss(const std::string& message) const {
    return Status::Error(codes::kDataLoss, PathString() + ": " + message);
  }

  // --- arena helpers

  // A Json value that lives as long as the expanded document.
  const Json& OwnJson(Json value) {
    doc_->owned_json.push_back(std::make_unique<const Json>(std::move(value)));
    return *doc_->owned_json.back();
  }

  EObject* NewObject(std::size_t reserve) { return arena_.NewObject(reserve); }
  EArray* NewArray(std::size_t reserve) { return arena_.NewArray(reserve); }

  ENode AsArray(ENode v) {
    if (v.is_array()) return v;
    EArray* a = NewArray(1);
    if (!v.is_null()) a->push_back(v);
    return ENode::Array(a);
  }

  // "add value" with `as array` true, for an IRI key.
  void AddValue(EObject* o, std::string_view key, ENode value,
                bool verified = false) {
    EMember* member = nullptr;
    for (EMember& m : *o) {
      if (m.kw == Kw::kIri && m.key == key) {
        member = &m;
        break;
      }
    }
    if (member == nullptr) {
      if (value.is_array()) {
        o->push_back(EMember{Kw::kIri, verified, key, value});
        return;
      }
      EArray* a = NewArray(1);
      a->push_back(value);
      o->push_back(EMember{Kw::kIri, verified, key, ENode::Array(a)});
      return;
    }
    member->value = AsArray(member->value);
    EArray* a = member->value.array;
    if (value.is_array()) {
      a->insert(a->end(), value.array->begin(), value.array->end());
    } else {
      a->push_back(value);
    }
  }

  // Concatenation stored in the arena.
  std::string_view Concat(std::string_view a, std::string_view b) {
    char* p = static_cast<char*>(
        arena_.resource()->allocate(a.size() + b.size() + 1, 1));
    std::memcpy(p, a.data(), a.size());
    std::memcpy(p + a.size(), b.data(), b.size());
    return {p, a.size() + b.size()};
  }

  // IRI Expansion returning a view that lives as long as the expanded
  // document: into `value` (which must live as long: the input, or a term
  // definition), into a term definition, or into the arena. False = null.
  bool ExpandIri(const ActiveContext& ctx, std::string_view value,
                 bool document_relative, bool vocab, std::string_view* out,
                 bool* verified = nullptr) {
    if (verified != nullptr) *verified = false;
    if (!value.empty() && value[0] == '@') {
      if (IsKeyword(value)) {
        *out = value;
        return true;
      }
      if (HasKeywordForm(value)) return false;
    }
    if (const TermDefinition* def = ctx.Find(value)) {
      if (def->iri_is_keyword) {
        *out = *def->iri;
        return true;
      }
      if (vocab) {
        if (!def->iri) return false;
        *out = *def->iri;
        if (verified != nullptr) *verified = def->iri_well_formed;
        return true;
      }
    }
    std::size_t colon = value.find(':');
    if (colon != std::string_view::npos && colon > 0) {
      std::string_view prefix = value.substr(0, colon);
      std::string_view suffix = value.substr(colon + 1);
      if (prefix == "_" || suffix.starts_with("//")) {
        *out = value;
        return true;
      }
      if (const TermDefinition* def = ctx.Find(prefix);
          def != nullptr && def->iri && def->prefix) {
        *out = Concat(*def->iri, suffix);
        return true;
      }
      if (IsAbsoluteIri(value)) {
        *out = value;
        return true;
      }
    }
    if (vocab && ctx.vocab) {
      *out = Concat(*ctx.vocab, value);
      return true;
    }
    if (document_relative && ctx.base_iri) {
      *out = arena_.Store(ResolveIri(*ctx.base_iri, value));
      return true;
    }
    *out = value;
    return true;
  }

  // Context Processing with caching, plus the safe-mode check of warnings
  // raised while processing.
  Result<Ctx> Apply(Ctx active, const Json& local,
                    const std::optional<std::string>& base_url,
                    bool override_protected, bool propagate,
                    const std::shared_ptr<const Json>& owner) {
    auto result = c::ProcessContext(env_, *active, local, base_url,
                                    override_protected, propagate, owner);
    if (!result.ok()) {
      const Status& st = result.status();
      return Status::Error(st.code(), PathString() + ": " + st.message());
    }
    if (safe_ && !(*result)->safe_mode_warning.empty()) {
      return DataLoss("context: " + (*result)->safe_mode_warning);
    }
    if (held_.empty() || held_.back() != *result) {
      held_.push_back(std::move(result).value());
    }
    return held_.back().get();
  }

  // Checks an IRI used as a node identifier or type in safe mode.
  // `iri` is the expansion of `original`; `vocab` says terms could have
  // defined it (a type or an @type: @vocab value).
  Status CheckNodeIri(std::string_view iri, std::string_view original,
                      const char* what, bool vocab) const {
    if (!safe_) return Status::Ok();
    if (IsBlankNodeId(iri) || IsWellFormedIri(iri)) return Status::Ok();
    if (!IsAbsoluteIri(iri)) {
      if (vocab) {
        return DataLoss(std::string("the ") + what + " " + Quote(original) +
                        " is not defined by the active context");
      }
      return DataLoss(std::string("the ") + what + " " + Quote(original) +
                      " is a relative IRI reference; without a base IRI it "
                      "would be dropped");
    }
    return DataLoss(std::string("the ") + what + " " + Quote(original) +
                    " is not a well-formed IRI");
  }

  Status CheckLanguage(std::string_view tag) const {
    if (safe_ && !IsWellFormedLanguageTag(tag)) {
      return DataLoss("the language tag " + Quote(tag) +
                      " is not well-formed and would be dropped");
    }
    return Status::Ok();
  }

  Status CheckDirection() const {
    if (safe_ && for_rdf_ && options_.rdf_direction == RdfDirection::kNone) {
      return DataLoss(
          "@direction is not represented in RDF unless rdfDirection is set");
    }
    return Status::Ok();
  }

  // A language tag from the input, lower-cased if the options say so.
  ENode Lang(const Json* tag) {
    if (!options_.lowercase_language_tags) return ENode::FromJson(tag);
    std::string lower = tag->get<std::string>();
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char ch) { return std::tolower(ch); });
    return ENode::String(arena_.Store(lower));
  }
  ENode Lang(std::string_view tag) {
    if (!options_.lowercase_language_tags) return ENode::String(tag);
    std::string lower(tag);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char ch) { return std::tolower(ch); });
    return ENode::String(arena_.Store(lower));
  }

  // Items of an object in document order, or code point order if ordered.
  std::vector<std::pair<const std::string*, const Json*>> Entries(
      const Json& object) const {
    std::vector<std::pair<const std::string*, const Json*>> entries;
    entries.reserve(object.size());
    for (const auto& [k, v] : object.items()) entries.emplace_back(&k, &v);
    if (options_.ordered) {
      std::sort(
          entries.begin(), entries.end(),
          [](const auto& a, const auto& b) { return *a.first < *b.first; });
    }
    return entries;
  }

  Status ExpandElement(Ctx active, Prop ap, const Json& element, bool from_map,
                       ENode* out);
  Status ExpandObject(Ctx active, Prop ap, const Json& element, bool from_map,
                      ENode* out);
  Status ExpandEntries(Ctx active, Prop ap, const Json& element,
                       EObject* result, Ctx type_scoped, bool input_type_json);
  Status ExpandEntry(Ctx active, Prop ap, const std::string& key,
                     const Json& value, EObject* result, Ctx type_scoped,
                     bool input_type_json,
                     std::vector<const std::string*>& nests);
  Status ExpandNests(Ctx active, const Json& element, EObject* result,
                     Ctx type_scoped, bool input_type_json,
                     std::vector<const std::string*>& nests);
  Status ExpandKeyword(Ctx active, Prop ap, const std::string& key,
                       std::string_view keyword, const Json& value,
                       EObject* result, Ctx type_scoped, bool input_type_json,
                       std::vector<const std::string*>& nests);
  Status ExpandValue(const ActiveContext& active, const TermDefinition* def,
                     const Json& value, ENode* out);
  Status ExpandLanguageMap(const ActiveContext& active,
                           const TermDefinition* def, const Json& value,
                           ENode* out);
  Status ExpandIndexMap(Ctx active, const std::string& key,
                        const TermDefinition* def, const Json& value,
                        ENode* out);

  const JsonLdOptions& options_;
  const bool for_rdf_;
  const bool safe_;
  internal::ExpandedDocument* doc_;
  Arena& arena_;
  std::vector<ContextPtr>& held_;
  c::ContextEnv env_;
  std::optional<std::string> base_url_;
  std::vector<PathSeg> path_;
};

Status Expander::ExpandElement(Ctx active, Prop ap, const Json& element,
                               bool from_map, ENode* out) {
  // Step 1.
  if (element.is_null()) {
    *out = ENode::Null();
    return Status::Ok();
  }
  // The recursion follows the input's nesting; bound it (a Json built in
  // memory is not limited by ParseJson's depth check). 256 levels of JSON
  // nesting is twice ParseJson's default limit and fits an 8 MB stack even
  // under AddressSanitizer.
  if (path_.size() > kMaxDepth) {
    return Error(anycred::codes::kMalformedInput,
                 "the document is nested more than " +
                     std::to_string(kMaxDepth) + " levels deep");
  }
  // Step 5: arrays.
  if (element.is_array()) {
    const TermDefinition* ap_def = ap.Def(active);
    bool list_container =
        ap_def != nullptr && (ap_def->container & c::kContainerList);
    EArray* result = NewArray(element.size());
    std::size_t i = 0;
    for (const Json& item : element) {
      PathGuard guard(path_, i++);
      ENode expanded;
      ANYCRED_RETURN_IF_ERROR(
          ExpandElement(active, ap, item, from_map, &expanded));
      if (list_container && expanded.is_array()) {
        if (active->json_ld_10) {
          return Error(codes::kListOfLists, "lists of lists need json-ld-1.1");
        }
        EObject* list = NewObject(1);
        Put(list, Kw::kList, expanded);
        expanded = ENode::Object(list);
      }
      if (expanded.is_array()) {
        result->insert(result->end(), expanded.array->begin(),
                       expanded.array->end());
      } else if (!expanded.is_null()) {
        result->push_back(expanded);
      }
    }
    *out = ENode::Array(result);
    return Status::Ok();
  }
  // Step 4: scalars.
  if (!element.is_object()) {
    if (!ap.present || ap.name == "@graph") {
      if (safe_) {
        return DataLoss("the free-floating value " + element.dump() +
                        " is not attached to any property and would be "
                        "dropped");
      }
      *out = ENode::Null();
      return Status::Ok();
    }
    const TermDefinition* ap_def = ap.Def(active);
    if (ap_def != nullptr && ap_def->context) {
      ANYCRED_ASSIGN_OR_RETURN(
          active, Apply(active, *ap_def->context, ap_def->base_url, false, true,
                        ap_def->context));
      ap_def = active->Find(ap.name);
    }
    return ExpandValue(*active, ap_def, element, out);
  }
  return ExpandObject(active, ap, element, from_map, out);
}

Status Expander::ExpandObject(Ctx active, Prop ap, const Json& element,
                              bool from_map, ENode* out) {
  // Step 3: the property-scoped context, taken before any reverting.
  // (`active` stays alive in held_, and with it this definition.)
  const TermDefinition* property_scoped = nullptr;
  if (ap.present) {
    if (const TermDefinition* ap_def = ap.Def(active);
        ap_def != nullptr && ap_def->context) {
      property_scoped = ap_def;
    }
  }
  // Step 7: revert a non-propagated (type-scoped) context.
  if (active->previous && !from_map) {
    bool revert = true;
    for (const auto& [k, v] : element.items()) {
      const std::string* kw = KeywordOf(*active, k);
      if (kw == nullptr) continue;
      if (*kw == "@value" || (*kw == "@id" && element.size() == 1)) {
        revert = false;
        break;
      }
    }
    if (revert) active = active->previous.get();
  }
  // Step 8.
  if (property_scoped != nullptr) {
    ANYCRED_ASSIGN_OR_RETURN(active, Apply(active, *property_scoped->context,
                                           property_scoped->base_url, true,
                                           true, property_scoped->context));
  }
  // Step 9.
  if (auto it = element.find("@context"); it != element.end()) {
    PathGuard guard(path_, "@context");
    ANYCRED_ASSIGN_OR_RETURN(
        active, Apply(active, *it, base_url_, false, true, nullptr));
  }
  // Step 10.
  Ctx type_scoped = active;
  // Steps 11 and 12: type-scoped contexts, and the input type.
  SmallVector<std::pair<const std::string*, const Json*>, 4> type_entries;
  for (const auto& [k, v] : element.items()) {
    if (const std::string* kw = KeywordOf(*active, k);
        kw != nullptr && *kw == "@type") {
      type_entries.push_back({&k, &v});
    }
  }
  bool input_type_json = false;
  if (!type_entries.empty()) {
    std::sort(type_entries.begin(), type_entries.end(),
              [](const auto& a, const auto& b) { return *a.first < *b.first; });
    for (const auto& [key, value] : type_entries) {
      SmallVector<const std::string*, 8> terms;
      if (value->is_string()) {
        terms.push_back(&value->get_ref<const std::string&>());
      } else if (value->is_array()) {
        for (const Json& t : *value) {
          if (t.is_string()) terms.push_back(&t.get_ref<const std::string&>());
        }
        std::sort(
            terms.begin(), terms.end(),
            [](const std::string* a, const std::string* b) { return *a < *b; });
      }
      for (const std::string* term : terms) {
        const TermDefinition* tdef = type_scoped->Find(*term);
        if (tdef != nullptr && tdef->context) {
          PathGuard guard(path_, *key);
          ANYCRED_ASSIGN_OR_RETURN(
              active, Apply(active, *tdef->context, tdef->base_url, false,
                            false, tdef->context));
        }
      }
    }
    const Json& first = *type_entries.begin()->second;
    const Json* last = &first;
    if (first.is_array()) last = first.empty() ? nullptr : &first.back();
    if (last != nullptr && last->is_string()) {
      const std::string* kw =
          KeywordOf(*active, last->get_ref<const std::string&>());
      input_type_json = kw != nullptr && *kw == "@json";
    }
  }
  // Steps 13 and 14.
  EObject* result = NewObject(element.size());
  ANYCRED_RETURN_IF_ERROR(
      ExpandEntries(active, ap, element, result, type_scoped, input_type_json));
  ENode node = ENode::Object(result);

  // Step 15: value objects.
  if (EMember* value = FindKw(result, Kw::kValue)) {
    EMember* type = FindKw(result, Kw::kType);
    bool has_language = HasKw(result, Kw::kLanguage);
    bool has_direction = HasKw(result, Kw::kDirection);
    for (const EMember& m : *result) {
      if (m.kw != Kw::kDirection && m.kw != Kw::kIndex &&
          m.kw != Kw::kLanguage && m.kw != Kw::kType && m.kw != Kw::kValue) {
        return Error(codes::kInvalidValueObject,
                     "a value object cannot have " + Quote(m.key));
      }
    }
    if (type != nullptr && (has_language || has_direction)) {
      return Error(codes::kInvalidValueObject,
                   "a value object cannot have both @type and "
                   "@language/@direction");
    }
    bool is_json = type != nullptr && type->value.is_string() &&
                   type->value.str() == "@json";
    if (!is_json) {
      const ENode& v = value->value;
      if (v.is_null()) {
        if (safe_) {
          return DataLoss("a value object with a null @value would be dropped");
        }
        *out = ENode::Null();
        return Status::Ok();
      }
      if (!v.is_string() && has_language) {
        return Error(codes::kInvalidLanguageTaggedValue,
                     "only strings can have a language: " + v.json->dump());
      }
      if (type != nullptr) {
        bool valid = type->value.is_string();
        std::string_view t = valid ? type->value.str() : std::string_view();
        if (!valid || !IsAbsoluteIri(t) ||
            t.find_first_of(" \t\r\n") != std::string_view::npos) {
          return Error(codes::kInvalidTypedValue,
                       "the @type of a value must be an IRI, not " +
                           internal::ToJson(type->value).dump());
        }
        if (safe_ && !IsWellFormedIri(t)) {
          return DataLoss("the datatype " + Quote(t) +
                          " is not a well-formed IRI");
        }
      }
    }
    if (has_direction) ANYCRED_RETURN_IF_ERROR(CheckDirection());
  } else if (EMember* type = FindKw(result, Kw::kType);
             type != nullptr && !type->value.is_array()) {
    // Step 16.
    type->value = AsArray(type->value);
  } else if (HasKw(result, Kw::kSet) || HasKw(result, Kw::kList)) {
    // Step 17.
    if (result->size() > 2 ||
        (result->size() == 2 && !HasKw(result, Kw::kIndex))) {
      return Error(codes::kInvalidSetOrListObject,
                   "a @set or @list object can only have @index besides it");
    }
    if (EMember* set = FindKw(result, Kw::kSet)) node = set->value;
  }
  if (safe_ && for_rdf_ && node.is_object() && HasKw(node.object, Kw::kIndex)) {
    return DataLoss("@index values are not represented in RDF");
  }
  // Step 18.
  if (node.is_object() && node.object->size() == 1 &&
      (*node.object)[0].kw == Kw::kLanguage) {
    if (safe_) {
      return DataLoss("an object with only @language would be dropped");
    }
    *out = ENode::Null();
    return Status::Ok();
  }
  // Step 19: free-floating values.
  if ((!ap.present || ap.name == "@graph") && node.is_object()) {
    const EObject* o = node.object;
    bool drop = o->empty() || HasKw(o, Kw::kValue) || HasKw(o, Kw::kList);
    bool only_id = o->size() == 1 && (*o)[0].kw == Kw::kId;
    if (drop || only_id) {
      if (safe_) {
        return DataLoss(o->empty() ? "an empty object would be dropped"
                        : only_id
                            ? "a node object with only @id is not connected "
                              "to anything and would be dropped"
                            : "a free-floating value or list would be dropped");
      }
      *out = ENode::Null();
      return Status::Ok();
    }
  }
  *out = node;
  return Status::Ok();
}

Status Expander::ExpandEntries(Ctx active, Prop ap, const Json& element,
                               EObject* result, Ctx type_scoped,
                               bool input_type_json) {
  std::vector<const std::string*> nests;
  if (options_.ordered) {
    for (const auto& [key, value] : Entries(element)) {
      ANYCRED_RETURN_IF_ERROR(ExpandEntry(active, ap, *key, *value, result,
                                          type_scoped, input_type_json, nests));
    }
  } else {
    for (const auto& [key, value] : element.items()) {
      ANYCRED_RETURN_IF_ERROR(ExpandEntry(active, ap, key, value, result,
                                          type_scoped, input_type_json, nests));
    }
  }
  if (!nests.empty()) {
    ANYCRED_RETURN_IF_ERROR(ExpandNests(active, element, result, type_scoped,
                                        input_type_json, nests));
  }
  return Status::Ok();
}

// Step 13 for one entry of `element`.
Status Expander::ExpandEntry(Ctx active, Prop ap, const std::string& key,
                             const Json& value, EObject* result,
                             Ctx type_scoped, bool input_type_json,
                             std::vector<const std::string*>& nests) {
  // Step 13.1.
  if (key == "@context") return Status::Ok();
  PathGuard guard(path_, key);
  // Steps 13.2, 13.3 (one term lookup serves IRI expansion and 13.5).
  const TermDefinition* kdef = active->Find(key);
  std::string_view expanded_property;
  bool ok;
  bool verified = false;
  if (kdef != nullptr && key[0] != '@') {
    ok = kdef->iri.has_value();
    if (ok) expanded_property = *kdef->iri;
    verified = kdef->iri_well_formed;
  } else {
    ok = ExpandIri(*active, key, false, true, &expanded_property);
  }
  bool is_keyword = ok && IsKeyword(expanded_property);
  if (!ok ||
      (!is_keyword && expanded_property.find(':') == std::string_view::npos)) {
    if (safe_) {
      if (key.find(':') == std::string::npos) {
        return DataLoss("the term " + Quote(key) +
                        " is not defined by the active context");
      }
      return DataLoss("the property " + Quote(key) +
                      " does not expand to an absolute IRI");
    }
    return Status::Ok();
  }
  // Step 13.4.
  if (is_keyword) {
    return ExpandKeyword(active, ap, key, expanded_property, value, result,
                         type_scoped, input_type_json, nests);
  }
  if (safe_) {
    if (IsBlankNodeId(expanded_property)) {
      if (for_rdf_ && !options_.produce_generalized_rdf) {
        return DataLoss("the property " + Quote(key) +
                        " expands to a blank node, which RDF does not "
                        "allow as a predicate");
      }
    } else if (!verified && !IsWellFormedIri(expanded_property)) {
      return DataLoss("the property " + Quote(key) + " expands to " +
                      Quote(expanded_property) +
                      ", which is not a well-formed absolute IRI");
    }
  }
  // Steps 13.5 - 13.9.
  std::uint8_t container = kdef != nullptr ? kdef->container : 0;
  ENode expanded;
  if (kdef != nullptr && kdef->type && *kdef->type == "@json") {
    EObject* o = NewObject(2);
    Put(o, Kw::kValue, ENode::FromJson(&value));
    Put(o, Kw::kType, ENode::String("@json"));
    expanded = ENode::Object(o);
  } else if ((container & c::kContainerLanguage) && value.is_object()) {
    ANYCRED_RETURN_IF_ERROR(ExpandLanguageMap(*active, kdef, value, &expanded));
  } else if ((container &
              (c::kContainerIndex | c::kContainerType | c::kContainerId)) &&
             value.is_object()) {
    ANYCRED_RETURN_IF_ERROR(
        ExpandIndexMap(active, key, kdef, value, &expanded));
  } else {
    ANYCRED_RETURN_IF_ERROR(ExpandElement(active, Prop::Of(key, kdef, active),
                                          value, false, &expanded));
  }
  // Step 13.10.
  if (expanded.is_null()) return Status::Ok();
  // Step 13.11.
  if ((container & c::kContainerList) && !IsListObject(expanded)) {
    EObject* list = NewObject(1);
    Put(list, Kw::kList, AsArray(expanded));
    expanded = ENode::Object(list);
  }
  // Step 13.12.
  if ((container & c::kContainerGraph) &&
      !(container & (c::kContainerId | c::kContainerIndex))) {
    ENode items = AsArray(expanded);
    EArray* graphs = NewArray(items.array->size());
    for (const ENode& ev : *items.array) {
      EObject* g = NewObject(1);
      Put(g, Kw::kGraph, AsArray(ev));
      graphs->push_back(ENode::Object(g));
    }
    expanded = ENode::Array(graphs);
  }
  // Steps 13.13, 13.14.
  if (kdef != nullptr && kdef->reverse) {
    EMember* reverse = FindKw(result, Kw::kReverse);
    if (reverse == nullptr) {
      Put(result, Kw::kReverse, ENode::Object(NewObject(1)));
      reverse = &result->back();
    }
    ENode items = AsArray(expanded);
    for (const ENode& item : *items.array) {
      if (IsValueObject(item) || IsListObject(item)) {
        return Error(codes::kInvalidReversePropertyValue,
                     "a reverse property cannot have values or lists");
      }
      AddValue(reverse->value.object, expanded_property, item, verified);
    }
  } else {
    AddValue(result, expanded_property, expanded, verified);
  }
  return Status::Ok();
}

// Step 14: nested properties.
Status Expander::ExpandNests(Ctx active, const Json& element, EObject* result,
                             Ctx type_scoped, bool input_type_json,
                             std::vector<const std::string*>& nests) {
  if (options_.ordered) {
    std::sort(
        nests.begin(), nests.end(),
        [](const std::string* a, const std::string* b) { return *a < *b; });
  }
  for (const std::string* nesting_key : nests) {
    PathGuard guard(path_, *nesting_key);
    const Json& nested = element[*nesting_key];
    std::vector<const Json*> values;
    if (nested.is_array()) {
      for (const Json& v : nested) values.push_back(&v);
    } else {
      values.push_back(&nested);
    }
    std::size_t i = 0;
    for (const Json* nv : values) {
      std::optional<PathGuard> index_guard;
      if (nested.is_array()) index_guard.emplace(path_, i++);
      if (!nv->is_object()) {
        return Error(codes::kInvalidNestValue,
                     "a nested value must be an object");
      }
      for (const auto& [k, v] : nv->items()) {
        if (const std::string* kw = KeywordOf(*active, k);
            kw != nullptr && *kw == "@value") {
          return Error(codes::kInvalidNestValue,
                       "a nested object cannot be a value object");
        }
      }
      Ctx nested_ctx = active;
      if (const TermDefinition* ndef = active->Find(*nesting_key);
          ndef != nullptr && ndef->context) {
        ANYCRED_ASSIGN_OR_RETURN(
            nested_ctx, Apply(active, *ndef->context, ndef->base_url, true,
                              true, ndef->context));
      }
      ANYCRED_RETURN_IF_ERROR(ExpandEntries(nested_ctx, Prop::Of(*nesting_key),
                                            *nv, result, type_scoped,
                                            input_type_json));
    }
  }
  return Status::Ok();
}

Status Expander::ExpandKeyword(Ctx active, Prop ap, const std::string& key,
                               std::string_view keyword, const Json& value,
                               EObject* result, Ctx type_scoped,
                               bool input_type_json,
                               std::vector<const std::string*>& nests) {
  const bool v10 = active->json_ld_10;
  // Step 13.4.1.
  if (ap.Is("@reverse")) {
    return Error(codes::kInvalidReversePropertyMap,
                 "a @reverse map cannot contain keywords");
  }
  const Kw kw = internal::KeywordKind(keyword);
  // Step 13.4.2 (only keywords that are ever set can collide).
  if (kw != Kw::kIri && HasKw(result, kw) &&
      (v10 || (kw != Kw::kIncluded && kw != Kw::kType))) {
    return Error(codes::kCollidingKeywords,
                 "two entries expand to " + std::string(keyword));
  }
  std::string_view iri;
  switch (kw) {
    case Kw::kId: {
      if (!value.is_string()) {
        return Error(codes::kInvalidIdValue, "@id must be a string");
      }
      const auto& s = value.get_ref<const std::string&>();
      if (!ExpandIri(*active, s, true, false, &iri)) {
        if (safe_) {
          return DataLoss("the @id " + Quote(s) +
                          " has the form of a keyword and would be dropped");
        }
        Put(result, Kw::kId, ENode::Null());
        return Status::Ok();
      }
      ANYCRED_RETURN_IF_ERROR(CheckNodeIri(iri, s, "@id", false));
      Put(result, Kw::kId, ENode::String(iri));
      return Status::Ok();
    }
    case Kw::kType: {
      bool verified = false;
      auto expand_type = [&](const Json& t) -> Result<ENode> {
        const auto& s = t.get_ref<const std::string&>();
        if (!ExpandIri(*type_scoped, s, true, true, &iri, &verified)) {
          if (safe_) {
            return DataLoss("the type " + Quote(s) +
                            " has the form of a keyword and would be dropped");
          }
          return ENode::Null();
        }
        if (safe_ && !verified && iri != "@json") {
          if (!IsBlankNodeId(iri) && !IsWellFormedIri(iri)) {
            if (!IsAbsoluteIri(iri)) {
              return DataLoss("the type " + Quote(s) +
                              " is not defined by the active context");
            }
            return DataLoss("the type " + Quote(s) + " expands to " +
                            Quote(iri) + ", which is not a well-formed IRI");
          }
        }
        return ENode::String(iri, verified);
      };
      ENode expanded;
      if (value.is_string()) {
        ANYCRED_ASSIGN_OR_RETURN(expanded, expand_type(value));
      } else if (value.is_array()) {
        EArray* types = NewArray(value.size());
        for (const Json& t : value) {
          if (!t.is_string()) {
            return Error(codes::kInvalidTypeValue,
                         "@type must be a string or an array of strings");
          }
          ANYCRED_ASSIGN_OR_RETURN(ENode e, expand_type(t));
          types->push_back(e);
        }
        expanded = ENode::Array(types);
      } else {
        return Error(codes::kInvalidTypeValue,
                     "@type must be a string or an array of strings");
      }
      if (EMember* existing = FindKw(result, Kw::kType)) {
        ENode merged = AsArray(existing->value);
        ENode more = AsArray(expanded);
        merged.array->insert(merged.array->end(), more.array->begin(),
                             more.array->end());
        existing->value = merged;
      } else {
        Put(result, Kw::kType, expanded);
      }
      return Status::Ok();
    }
    case Kw::kGraph: {
      ENode expanded;
      ANYCRED_RETURN_IF_ERROR(
          ExpandElement(active, Prop::Of("@graph"), value, false, &expanded));
      Put(result, Kw::kGraph, AsArray(expanded));
      return Status::Ok();
    }
    case Kw::kIncluded: {
      if (v10) return Status::Ok();
      // Expanded with "@included" (not null) as the active property, so
      // that scalars, value objects and lists are kept and rejected below
      // instead of being dropped as free-floating (W3C tests #tin07-09).
      ENode expanded;
      ANYCRED_RETURN_IF_ERROR(ExpandElement(active, Prop::Of("@included"),
                                            value, false, &expanded));
      expanded = AsArray(expanded);
      for (const ENode& e : *expanded.array) {
        if (!IsNodeObject(e)) {
          return Error(codes::kInvalidIncludedValue,
                       "@included values must be node objects");
        }
      }
      if (EMember* existing = FindKw(result, Kw::kIncluded)) {
        ENode merged = AsArray(existing->value);
        merged.array->insert(merged.array->end(), expanded.array->begin(),
                             expanded.array->end());
        existing->value = merged;
      } else {
        Put(result, Kw::kIncluded, expanded);
      }
      return Status::Ok();
    }
    case Kw::kValue: {
      if (input_type_json) {
        if (v10) {
          return Error(codes::kInvalidValueObjectValue,
                       "@json values need json-ld-1.1");
        }
      } else if (value.is_object() || value.is_array()) {
        return Error(codes::kInvalidValueObjectValue,
                     "@value must be a string, number, boolean or null");
      }
      Put(result, Kw::kValue, ENode::FromJson(&value));
      return Status::Ok();
    }
    case Kw::kLanguage: {
      if (!value.is_string()) {
        return Error(codes::kInvalidLanguageTaggedString,
                     "@language must be a string");
      }
      ANYCRED_RETURN_IF_ERROR(
          CheckLanguage(value.get_ref<const std::string&>()));
      Put(result, Kw::kLanguage, Lang(&value));
      return Status::Ok();
    }
    case Kw::kDirection: {
      if (v10) return Status::Ok();
      if (!(value == "ltr" || value == "rtl")) {
        return Error(codes::kInvalidBaseDirection,
                     "@direction must be \"ltr\" or \"rtl\"");
      }
      Put(result, Kw::kDirection, ENode::FromJson(&value));
      return Status::Ok();
    }
    case Kw::kIndex: {
      if (!value.is_string()) {
        return Error(codes::kInvalidIndexValue, "@index must be a string");
      }
      Put(result, Kw::kIndex, ENode::FromJson(&value));
      return Status::Ok();
    }
    case Kw::kList: {
      if (!ap.present || ap.name == "@graph") {
        if (safe_) return DataLoss("a free-floating list would be dropped");
        return Status::Ok();
      }
      ENode expanded;
      ANYCRED_RETURN_IF_ERROR(
          ExpandElement(active, ap, value, false, &expanded));
      expanded = AsArray(expanded);
      if (v10) {
        for (const ENode& e : *expanded.array) {
          if (IsListObject(e)) {
            return Error(codes::kListOfLists,
                         "lists of lists need json-ld-1.1");
          }
        }
      }
      Put(result, Kw::kList, expanded);
      return Status::Ok();
    }
    case Kw::kSet: {
      ENode expanded;
      ANYCRED_RETURN_IF_ERROR(
          ExpandElement(active, ap, value, false, &expanded));
      Put(result, Kw::kSet, expanded);
      return Status::Ok();
    }
    case Kw::kReverse: {
      if (!value.is_object()) {
        return Error(codes::kInvalidReverseValue, "@reverse must be an object");
      }
      ENode expanded;
      ANYCRED_RETURN_IF_ERROR(
          ExpandElement(active, Prop::Of("@reverse"), value, false, &expanded));
      if (!expanded.is_object()) return Status::Ok();
      if (const ENode* twice = expanded.Get(Kw::kReverse)) {
        for (const EMember& m : *twice->object) {
          AddValue(result, m.key, m.value);
        }
      }
      EObject* reverse_map = nullptr;
      for (const EMember& m : *expanded.object) {
        if (m.kw == Kw::kReverse) continue;
        if (reverse_map == nullptr) {
          EMember* existing = FindKw(result, Kw::kReverse);
          if (existing == nullptr) {
            Put(result, Kw::kReverse, ENode::Object(NewObject(1)));
            existing = &result->back();
          }
          reverse_map = existing->value.object;
        }
        ENode items = AsArray(m.value);
        for (const ENode& item : *items.array) {
          if (IsValueObject(item) || IsListObject(item)) {
            return Error(codes::kInvalidReversePropertyValue,
                         "a reverse property cannot have values or lists");
          }
          AddValue(reverse_map, m.key, item);
        }
      }
      return Status::Ok();
    }
    case Kw::kIri:
      break;
  }
  if (keyword == "@nest") {
    nests.push_back(&key);
    return Status::Ok();
  }
  // Any other keyword (@base, @vocab, @none, ...) is ignored here.
  if (safe_) {
    return DataLoss("the keyword " + std::string(keyword) +
                    " is not allowed here and would be dropped");
  }
  return Status::Ok();
}

Status Expander::ExpandValue(const ActiveContext& active,
                             const TermDefinition* def, const Json& value,
                             ENode* out) {
  if (def != nullptr && def->type && value.is_string()) {
    const std::string& type = *def->type;
    if (type == "@id" || type == "@vocab") {
      std::string_view id;
      bool verified = false;
      const auto& s = value.get_ref<const std::string&>();
      EObject* result = NewObject(1);
      if (!ExpandIri(active, s, true, type == "@vocab", &id, &verified)) {
        if (safe_) {
          return DataLoss("the IRI " + Quote(s) +
                          " has the form of a keyword and would be dropped");
        }
        Put(result, Kw::kId, ENode::Null());
      } else {
        if (!verified) {
          ANYCRED_RETURN_IF_ERROR(CheckNodeIri(
              id, s, type == "@vocab" ? "term" : "IRI", type == "@vocab"));
        }
        Put(result, Kw::kId, ENode::String(id, verified));
      }
      *out = ENode::Object(result);
      return Status::Ok();
    }
  }
  EObject* result = NewObject(3);
  Put(result, Kw::kValue, ENode::FromJson(&value));
  if (def != nullptr && def->type && *def->type != "@id" &&
      *def->type != "@vocab" && *def->type != "@none") {
    if (safe_ && !def->type_well_formed) {
      return DataLoss("the datatype " + Quote(*def->type) +
                      " is not a well-formed IRI");
    }
    Put(result, Kw::kType, ENode::String(*def->type, def->type_well_formed));
  } else if (value.is_string()) {
    const std::optional<std::string>& language =
        def != nullptr && def->has_language ? def->language
                                            : active.default_language;
    const std::optional<std::string>& direction =
        def != nullptr && def->has_direction ? def->direction
                                             : active.default_direction;
    if (language) {
      ANYCRED_RETURN_IF_ERROR(CheckLanguage(*language));
      Put(result, Kw::kLanguage, ENode::String(*language));
    }
    if (direction) {
      ANYCRED_RETURN_IF_ERROR(CheckDirection());
      Put(result, Kw::kDirection, ENode::String(*direction));
    }
  }
  *out = ENode::Object(result);
  return Status::Ok();
}

Status Expander::ExpandLanguageMap(const ActiveContext& active,
                                   const TermDefinition* def, const Json& value,
                                   ENode* out) {
  EArray* expanded = NewArray(value.size());
  const std::optional<std::string>* direction = &active.default_direction;
  if (def != nullptr && def->has_direction) direction = &def->direction;
  std::string_view scratch;
  for (const auto& [lang_ptr, lv_ptr] : Entries(value)) {
    const std::string& language = *lang_ptr;
    PathGuard guard(path_, language);
    std::vector<const Json*> items;
    if (lv_ptr->is_array()) {
      for (const Json& i : *lv_ptr) items.push_back(&i);
    } else {
      items.push_back(lv_ptr);
    }
    bool none = language == "@none" ||
                (ExpandIri(active, language, false, true, &scratch) &&
                 scratch == "@none");
    for (const Json* item : items) {
      if (item->is_null()) continue;
      if (!item->is_string()) {
        return Error(codes::kInvalidLanguageMapValue,
                     "language map values must be strings");
      }
      EObject* v = NewObject(3);
      Put(v, Kw::kValue, ENode::FromJson(item));
      if (!none) {
        ANYCRED_RETURN_IF_ERROR(CheckLanguage(language));
        Put(v, Kw::kLanguage, Lang(std::string_view(language)));
      }
      if (*direction) {
        ANYCRED_RETURN_IF_ERROR(CheckDirection());
        Put(v, Kw::kDirection, ENode::String(**direction));
      }
      expanded->push_back(ENode::Object(v));
    }
  }
  *out = ENode::Array(expanded);
  return Status::Ok();
}

Status Expander::ExpandIndexMap(Ctx active, const std::string& key,
                                const TermDefinition* def, const Json& value,
                                ENode* out) {
  // `def` belongs to `active`, which stays alive with the document.
  const std::uint8_t container = def->container;
  const std::string_view index_key =
      def->index ? std::string_view(*def->index) : std::string_view("@index");
  EArray* expanded = NewArray(value.size());
  std::string_view expanded_index;
  for (const auto& [index_ptr, iv_ptr] : Entries(value)) {
    const std::string& index = *index_ptr;
    PathGuard guard(path_, index);
    // Steps 13.8.3.1 - 13.8.3.3.
    Ctx map_ctx = active;
    if (container & (c::kContainerId | c::kContainerType)) {
      if (active->previous) map_ctx = active->previous.get();
    }
    const TermDefinition* idef = nullptr;
    if ((container & c::kContainerType) &&
        (idef = map_ctx->Find(index)) != nullptr && idef->context) {
      ANYCRED_ASSIGN_OR_RETURN(
          map_ctx, Apply(map_ctx, *idef->context, idef->base_url, false, true,
                         idef->context));
    } else {
      map_ctx = active;
    }
    // Step 13.8.3.4.
    bool has_index = ExpandIri(*active, index, false, true, &expanded_index);
    bool is_none = has_index && expanded_index == "@none";
    // Steps 13.8.3.5, 13.8.3.6.
    ENode items;
    ANYCRED_RETURN_IF_ERROR(
        ExpandElement(map_ctx, Prop::Of(key), *iv_ptr, true, &items));
    items = AsArray(items);
    for (ENode item : *items.array) {
      if ((container & c::kContainerGraph) && !IsGraphObject(item)) {
        EObject* g = NewObject(3);
        Put(g, Kw::kGraph, AsArray(item));
        item = ENode::Object(g);
      }
      if (!item.is_object()) {
        expanded->push_back(item);
        continue;
      }
      EObject* o = item.object;
      if ((container & c::kContainerIndex) && index_key != "@index" &&
          !is_none) {
        ENode re_expanded;
        ANYCRED_RETURN_IF_ERROR(ExpandValue(*active, active->Find(index_key),
                                            OwnJson(Json(index)),
                                            &re_expanded));
        std::string_view expanded_index_key;
        ExpandIri(*active, index_key, false, true, &expanded_index_key);
        EArray* values = NewArray(2);
        values->push_back(re_expanded);
        EMember* existing = nullptr;
        for (EMember& m : *o) {
          if (m.key == expanded_index_key) existing = &m;
        }
        if (existing != nullptr) {
          ENode more = AsArray(existing->value);
          values->insert(values->end(), more.array->begin(), more.array->end());
          existing->value = ENode::Array(values);
        } else {
          o->push_back(EMember{internal::KeywordKind(expanded_index_key), false,
                               expanded_index_key, ENode::Array(values)});
        }
        if (IsValueObject(item)) {
          return Error(codes::kInvalidValueObject,
                       "a value object cannot take the property index " +
                           Quote(index_key));
        }
      } else if ((container & c::kContainerIndex) && !HasKw(o, Kw::kIndex) &&
                 !is_none) {
        if (safe_ && for_rdf_) {
          return DataLoss("@index values are not represented in RDF");
        }
        Put(o, Kw::kIndex, ENode::String(index));
      } else if ((container & c::kContainerId) && !HasKw(o, Kw::kId) &&
                 !is_none) {
        std::string_view id;
        if (!ExpandIri(*active, index, true, false, &id)) {
          if (safe_) {
            return DataLoss("the @id " + Quote(index) +
                            " has the form of a keyword");
          }
          Put(o, Kw::kId, ENode::Null());
        } else {
          ANYCRED_RETURN_IF_ERROR(CheckNodeIri(id, index, "@id", false));
          Put(o, Kw::kId, ENode::String(id));
        }
      } else if ((container & c::kContainerType) && !is_none) {
        ANYCRED_RETURN_IF_ERROR(
            CheckNodeIri(expanded_index, index, "type", true));
        EArray* types = NewArray(2);
        types->push_back(ENode::String(expanded_index));
        if (EMember* existing = FindKw(o, Kw::kType)) {
          ENode more = AsArray(existing->value);
          types->insert(types->end(), more.array->begin(), more.array->end());
          existing->value = ENode::Array(types);
        } else {
          Put(o, Kw::kType, ENode::Array(types));
        }
      }
      expanded->push_back(item);
    }
  }
  *out = ENode::Array(expanded);
  return Status::Ok();
}

}  // namespace

namespace internal {

Status ExpandToDocument(const Json& input, const JsonLdOptions& options,
                        bool for_rdf, ExpandedDocument* doc) {
  try {
    Expander expander(options, for_rdf, doc);
    return expander.Run(input);
  } catch (const std::exception& e) {
    return Status::Error(anycred::codes::kInternal,
                         std::string("JSON-LD expansion failed: ") + e.what());
  }
}

}  // namespace internal

Result<Json> Expand(const Json& input, const JsonLdOptions& options) {
  internal::ExpandedDocument doc;
  ANYCRED_RETURN_IF_ERROR(
      internal::ExpandToDocument(input, options, false, &doc));
  try {
    return internal::ToJson(doc.root);
  } catch (const std::exception& e) {
    return Status::Error(anycred::codes::kInternal,
                         std::string("JSON-LD expansion failed: ") + e.what());
  }
}

}  // namespace anycred::jsonld
