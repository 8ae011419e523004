#include "core/jsonld/expand.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/jsonld/context.h"
#include "core/jsonld/errors.h"
#include "core/jsonld/iri.h"

namespace anycred::jsonld {

namespace {

using internal::ActiveContext;
using internal::ContextPtr;
// Contexts are passed as raw pointers; Expander::held_ keeps them alive.
using Ctx = const ActiveContext*;
using internal::ExpandIri;
using internal::TermDefinition;
namespace c = internal;

// The active property: absent (null) or a term / keyword.
struct Prop {
  std::string_view name;
  bool present = false;
  static Prop Null() { return {}; }
  static Prop Of(std::string_view n) { return {n, true}; }
  bool Is(std::string_view k) const { return present && name == k; }
};

struct PathSeg {
  std::string_view key;
  std::size_t index = 0;
  bool is_index = false;
};

bool IsValueObject(const Json& j) {
  return j.is_object() && j.contains("@value");
}
bool IsListObject(const Json& j) {
  return j.is_object() && j.contains("@list");
}
bool IsGraphObject(const Json& j) {
  if (!j.is_object() || !j.contains("@graph")) return false;
  for (const auto& [k, v] : j.items()) {
    if (k != "@graph" && k != "@id" && k != "@index") return false;
  }
  return true;
}
bool IsNodeObject(const Json& j) {
  return j.is_object() && !j.contains("@value") && !j.contains("@list") &&
         !j.contains("@set");
}

Json AsArray(Json v) {
  if (v.is_array()) return v;
  Json a = Json::array();
  if (!v.is_null()) a.push_back(std::move(v));
  return a;
}

// "add value" with `as array` true.
void AddValue(Json& object, std::string key, Json value) {
  auto it = object.find(key);
  Json* arr;
  if (it == object.end()) {
    auto& members = object.get_ref<Json::object_t&>();
    members.emplace_back(std::move(key), Json::array());
    arr = &members.back().second;
  } else {
    arr = &*it;
    if (!arr->is_array()) {
      Json single = std::move(*arr);
      *arr = Json::array();
      arr->push_back(std::move(single));
    }
  }
  if (value.is_array()) {
    for (auto& item : value) arr->push_back(std::move(item));
  } else {
    arr->push_back(std::move(value));
  }
}

std::string Quote(std::string_view s) {
  std::string out = "\"";
  out.append(s);
  out.push_back('"');
  return out;
}

// The keyword `key` expands to (IRI expansion with vocab true), or nullptr
// when it expands to an IRI or null. No copies: this runs for every key.
const std::string* KeywordOf(const ActiveContext& ctx, const std::string& key) {
  if (!key.empty() && key[0] == '@') return IsKeyword(key) ? &key : nullptr;
  const TermDefinition* def = ctx.Find(key);
  return def != nullptr && def->iri_is_keyword ? &*def->iri : nullptr;
}

// A new object member whose key is known to be absent.
void Put(Json& object, std::string key, Json value) {
  object.get_ref<Json::object_t&>().emplace_back(std::move(key),
                                                 std::move(value));
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
  Expander(const JsonLdOptions& options, bool for_rdf)
      : options_(options), for_rdf_(for_rdf) {
    env_.loader = options.document_loader != nullptr
                      ? options.document_loader
                      : &DocumentLoader::Default();
    env_.use_cache = options.use_context_cache;
    const std::string& doc_url =
        options.document_url.empty() ? options.base : options.document_url;
    if (!doc_url.empty()) base_url_ = doc_url;
    safe_ = options.safe_mode;
  }

  Status Run(const Json& input, Json* out) {
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
    Json expanded;
    ANYCRED_RETURN_IF_ERROR(
        ExpandElement(active, Prop::Null(), input, false, &expanded));
    if (expanded.is_object() && expanded.size() == 1 &&
        expanded.contains("@graph")) {
      Json graph = std::move(expanded["@graph"]);
      expanded = std::move(graph);
    }
    *out = AsArray(std::move(expanded));
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

  bool json_ld_10(const ActiveContext& ctx) const { return ctx.json_ld_10; }

  // Context Processing with caching, plus the safe-mode check of warnings
  // raised while processing.
  Result<Ctx> Apply(Ctx active, const Json& local,
                    const std::optional<std::string>& base_url,
                    bool override_protected, bool propagate,
                    const std::shared_ptr<const Json>& owner) {
    auto result =
        c::ProcessContext(env_, active->shared_from_this(), local, base_url,
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

  std::string Lang(std::string tag) const {
    if (options_.lowercase_language_tags) {
      std::transform(tag.begin(), tag.end(), tag.begin(),
                     [](unsigned char ch) { return std::tolower(ch); });
    }
    return tag;
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
                       Json* out);
  Status ExpandObject(Ctx active, Prop ap, const Json& element, bool from_map,
                      Json* out);
  Status ExpandEntries(Ctx active, Prop ap, const Json& element, Json& result,
                       Ctx type_scoped, bool input_type_json);
  Status ExpandEntry(Ctx active, Prop ap, const std::string& key,
                     const Json& value, Json& result, Ctx type_scoped,
                     bool input_type_json,
                     std::vector<const std::string*>& nests);
  Status ExpandNests(Ctx active, const Json& element, Json& result,
                     Ctx type_scoped, bool input_type_json,
                     std::vector<const std::string*>& nests);
  Status ExpandKeyword(Ctx active, Prop ap, const std::string& key,
                       const std::string& keyword, const Json& value,
                       Json& result, Ctx type_scoped, bool input_type_json,
                       std::vector<const std::string*>& nests);
  Status ExpandValue(const ActiveContext& active, const TermDefinition* def,
                     const Json& value, Json* out);
  Status ExpandLanguageMap(const ActiveContext& active,
                           const TermDefinition* def, const Json& value,
                           Json* out);
  Status ExpandIndexMap(Ctx active, const std::string& key,
                        const TermDefinition* def, const Json& value,
                        Json* out);

  const JsonLdOptions& options_;
  bool for_rdf_;
  bool safe_ = false;
  c::ContextEnv env_;
  std::optional<std::string> base_url_;
  std::vector<PathSeg> path_;
  std::vector<ContextPtr> held_;
};

Status Expander::ExpandElement(Ctx active, Prop ap, const Json& element,
                               bool from_map, Json* out) {
  // Step 1.
  if (element.is_null()) {
    *out = nullptr;
    return Status::Ok();
  }
  // Step 5: arrays.
  if (element.is_array()) {
    const TermDefinition* ap_def = ap.present ? active->Find(ap.name) : nullptr;
    bool list_container =
        ap_def != nullptr && (ap_def->container & c::kContainerList);
    Json result = Json::array();
    std::size_t i = 0;
    for (const Json& item : element) {
      PathGuard guard(path_, i++);
      Json expanded;
      ANYCRED_RETURN_IF_ERROR(
          ExpandElement(active, ap, item, from_map, &expanded));
      if (list_container && expanded.is_array()) {
        if (active->json_ld_10) {
          return Error(codes::kListOfLists, "lists of lists need json-ld-1.1");
        }
        Json list = Json::object();
        list["@list"] = std::move(expanded);
        expanded = std::move(list);
      }
      if (expanded.is_array()) {
        for (auto& e : expanded) result.push_back(std::move(e));
      } else if (!expanded.is_null()) {
        result.push_back(std::move(expanded));
      }
    }
    *out = std::move(result);
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
      *out = nullptr;
      return Status::Ok();
    }
    const TermDefinition* ap_def = active->Find(ap.name);
    if (ap_def != nullptr && ap_def->context) {
      ANYCRED_ASSIGN_OR_RETURN(
          active, Apply(active, *ap_def->context, ap_def->base_url, false, true,
                        ap_def->context));
    }
    return ExpandValue(*active, active->Find(ap.name), element, out);
  }
  return ExpandObject(active, ap, element, from_map, out);
}

Status Expander::ExpandObject(Ctx active, Prop ap, const Json& element,
                              bool from_map, Json* out) {
  // Step 3: the property-scoped context, taken before any reverting.
  // (`active` stays alive in held_, and with it this definition.)
  const TermDefinition* property_scoped = nullptr;
  if (ap.present) {
    if (const TermDefinition* ap_def = active->Find(ap.name);
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
  Json result(Json::value_t::object);
  result.get_ref<Json::object_t&>().reserve(element.size());
  ANYCRED_RETURN_IF_ERROR(
      ExpandEntries(active, ap, element, result, type_scoped, input_type_json));

  // Step 15: value objects.
  if (auto vit = result.find("@value"); vit != result.end()) {
    bool has_type = result.contains("@type");
    bool has_language = result.contains("@language");
    bool has_direction = result.contains("@direction");
    for (const auto& [k, v] : result.items()) {
      if (k != "@direction" && k != "@index" && k != "@language" &&
          k != "@type" && k != "@value") {
        return Error(codes::kInvalidValueObject,
                     "a value object cannot have " + Quote(k));
      }
    }
    if (has_type && (has_language || has_direction)) {
      return Error(codes::kInvalidValueObject,
                   "a value object cannot have both @type and "
                   "@language/@direction");
    }
    const Json* type = has_type ? &result["@type"] : nullptr;
    bool is_json = type != nullptr && *type == "@json";
    if (!is_json) {
      const Json& v = *vit;
      if (v.is_null() || (v.is_array() && v.empty())) {
        if (safe_) {
          return DataLoss("a value object with a null @value would be dropped");
        }
        *out = nullptr;
        return Status::Ok();
      }
      if (!v.is_string() && has_language) {
        return Error(codes::kInvalidLanguageTaggedValue,
                     "only strings can have a language: " + v.dump());
      }
      if (type != nullptr) {
        if (!type->is_string() ||
            !IsAbsoluteIri(type->get_ref<const std::string&>()) ||
            type->get_ref<const std::string&>().find_first_of(" \t\r\n") !=
                std::string::npos) {
          return Error(
              codes::kInvalidTypedValue,
              "the @type of a value must be an IRI, not " + type->dump());
        }
        if (safe_ && !IsWellFormedIri(type->get_ref<const std::string&>())) {
          return DataLoss("the datatype " + type->dump() +
                          " is not a well-formed IRI");
        }
      }
    }
    if (has_direction) ANYCRED_RETURN_IF_ERROR(CheckDirection());
  } else if (auto tit = result.find("@type");
             tit != result.end() && !tit->is_array()) {
    // Step 16.
    Json single = std::move(*tit);
    *tit = Json::array();
    tit->push_back(std::move(single));
  } else if (result.contains("@set") || result.contains("@list")) {
    // Step 17.
    if (result.size() > 2 ||
        (result.size() == 2 && !result.contains("@index"))) {
      return Error(codes::kInvalidSetOrListObject,
                   "a @set or @list object can only have @index besides it");
    }
    if (auto sit = result.find("@set"); sit != result.end()) {
      Json set = std::move(*sit);
      result = std::move(set);
    }
  }
  if (safe_ && for_rdf_ && result.is_object() && result.contains("@index")) {
    return DataLoss("@index values are not represented in RDF");
  }
  // Step 18.
  if (result.is_object() && result.size() == 1 &&
      result.contains("@language")) {
    if (safe_) {
      return DataLoss("an object with only @language would be dropped");
    }
    *out = nullptr;
    return Status::Ok();
  }
  // Step 19: free-floating values.
  if (!ap.present || ap.name == "@graph") {
    if (result.is_object()) {
      bool drop = result.empty() || result.contains("@value") ||
                  result.contains("@list");
      bool only_id = result.size() == 1 && result.contains("@id");
      if (drop || only_id) {
        if (safe_) {
          return DataLoss(
              result.empty() ? "an empty object would be dropped"
              : only_id      ? "a node object with only @id is not connected "
                               "to anything and would be dropped"
                        : "a free-floating value or list would be dropped");
        }
        *out = nullptr;
        return Status::Ok();
      }
    }
  }
  *out = std::move(result);
  return Status::Ok();
}

Status Expander::ExpandEntries(Ctx active, Prop ap, const Json& element,
                               Json& result, Ctx type_scoped,
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
  ANYCRED_RETURN_IF_ERROR(ExpandNests(active, element, result, type_scoped,
                                      input_type_json, nests));
  return Status::Ok();
}

// Step 13 for one entry of `element`.
Status Expander::ExpandEntry(Ctx active, Prop ap, const std::string& key,
                             const Json& value, Json& result, Ctx type_scoped,
                             bool input_type_json,
                             std::vector<const std::string*>& nests) {
  {
    // Step 13.1.
    if (key == "@context") return Status::Ok();
    PathGuard guard(path_, key);
    // Steps 13.2, 13.3.
    std::string expanded_property;
    bool ok = ExpandIri(*active, key, false, true, &expanded_property);
    bool is_keyword = ok && IsKeyword(expanded_property);
    if (!ok ||
        (!is_keyword && expanded_property.find(':') == std::string::npos)) {
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
      } else if (!IsWellFormedIri(expanded_property)) {
        return DataLoss("the property " + Quote(key) + " expands to " +
                        Quote(expanded_property) +
                        ", which is not a well-formed absolute IRI");
      }
    }
    // Steps 13.5 - 13.9.
    const TermDefinition* kdef = active->Find(key);
    std::uint8_t container = kdef != nullptr ? kdef->container : 0;
    Json expanded;
    if (kdef != nullptr && kdef->type && *kdef->type == "@json") {
      expanded = Json(Json::value_t::object);
      Put(expanded, "@value", value);
      Put(expanded, "@type", "@json");
    } else if ((container & c::kContainerLanguage) && value.is_object()) {
      ANYCRED_RETURN_IF_ERROR(
          ExpandLanguageMap(*active, kdef, value, &expanded));
    } else if ((container &
                (c::kContainerIndex | c::kContainerType | c::kContainerId)) &&
               value.is_object()) {
      ANYCRED_RETURN_IF_ERROR(
          ExpandIndexMap(active, key, kdef, value, &expanded));
    } else {
      ANYCRED_RETURN_IF_ERROR(
          ExpandElement(active, Prop::Of(key), value, false, &expanded));
    }
    // Step 13.10.
    if (expanded.is_null()) return Status::Ok();
    // Step 13.11.
    if ((container & c::kContainerList) && !IsListObject(expanded)) {
      Json list(Json::value_t::object);
      Put(list, "@list", AsArray(std::move(expanded)));
      expanded = std::move(list);
    }
    // Step 13.12.
    if ((container & c::kContainerGraph) &&
        !(container & (c::kContainerId | c::kContainerIndex))) {
      Json graphs = Json::array();
      for (auto& ev : AsArray(std::move(expanded))) {
        Json g(Json::value_t::object);
        Put(g, "@graph", AsArray(std::move(ev)));
        graphs.push_back(std::move(g));
      }
      expanded = std::move(graphs);
    }
    // Steps 13.13, 13.14.
    if (kdef != nullptr && kdef->reverse) {
      auto rit = result.find("@reverse");
      if (rit == result.end()) {
        result["@reverse"] = Json::object();
        rit = result.find("@reverse");
      }
      for (auto& item : AsArray(std::move(expanded))) {
        if (IsValueObject(item) || IsListObject(item)) {
          return Error(codes::kInvalidReversePropertyValue,
                       "a reverse property cannot have values or lists");
        }
        AddValue(*rit, expanded_property, std::move(item));
      }
    } else {
      AddValue(result, std::move(expanded_property), std::move(expanded));
    }
  }
  return Status::Ok();
}

// Step 14: nested properties.
Status Expander::ExpandNests(Ctx active, const Json& element, Json& result,
                             Ctx type_scoped, bool input_type_json,
                             std::vector<const std::string*>& nests) {
  if (!nests.empty() && options_.ordered) {
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
        std::shared_ptr<const Json> scoped = ndef->context;
        std::optional<std::string> scoped_base = ndef->base_url;
        ANYCRED_ASSIGN_OR_RETURN(nested_ctx, Apply(active, *scoped, scoped_base,
                                                   true, true, scoped));
      }
      ANYCRED_RETURN_IF_ERROR(ExpandEntries(nested_ctx, Prop::Of(*nesting_key),
                                            *nv, result, type_scoped,
                                            input_type_json));
    }
  }
  return Status::Ok();
}

Status Expander::ExpandKeyword(Ctx active, Prop ap, const std::string& key,
                               const std::string& keyword, const Json& value,
                               Json& result, Ctx type_scoped,
                               bool input_type_json,
                               std::vector<const std::string*>& nests) {
  const bool v10 = active->json_ld_10;
  // Step 13.4.1.
  if (ap.Is("@reverse")) {
    return Error(codes::kInvalidReversePropertyMap,
                 "a @reverse map cannot contain keywords");
  }
  // Step 13.4.2.
  if (result.contains(keyword) &&
      (v10 || (keyword != "@included" && keyword != "@type"))) {
    return Error(codes::kCollidingKeywords, "two entries expand to " + keyword);
  }
  std::string scratch;
  if (keyword == "@id") {
    if (!value.is_string()) {
      return Error(codes::kInvalidIdValue, "@id must be a string");
    }
    const auto& s = value.get_ref<const std::string&>();
    if (!ExpandIri(*active, s, true, false, &scratch)) {
      if (safe_) {
        return DataLoss("the @id " + Quote(s) +
                        " has the form of a keyword and would be dropped");
      }
      Put(result, "@id", nullptr);
      return Status::Ok();
    }
    ANYCRED_RETURN_IF_ERROR(CheckNodeIri(scratch, s, "@id", false));
    Put(result, "@id", std::move(scratch));
    return Status::Ok();
  }
  if (keyword == "@type") {
    Json expanded;
    auto expand_type = [&](const Json& t) -> Result<Json> {
      const auto& s = t.get_ref<const std::string&>();
      if (!ExpandIri(*type_scoped, s, true, true, &scratch)) {
        if (safe_) {
          return DataLoss("the type " + Quote(s) +
                          " has the form of a keyword and would be dropped");
        }
        return Json(nullptr);
      }
      if (safe_ && scratch != "@json") {
        if (!IsBlankNodeId(scratch) && !IsWellFormedIri(scratch)) {
          if (!IsAbsoluteIri(scratch)) {
            return DataLoss("the type " + Quote(s) +
                            " is not defined by the active context");
          }
          return DataLoss("the type " + Quote(s) + " expands to " +
                          Quote(scratch) + ", which is not a well-formed IRI");
        }
      }
      return Json(scratch);
    };
    if (value.is_string()) {
      ANYCRED_ASSIGN_OR_RETURN(expanded, expand_type(value));
    } else if (value.is_array()) {
      expanded = Json::array();
      for (const Json& t : value) {
        if (!t.is_string()) {
          return Error(codes::kInvalidTypeValue,
                       "@type must be a string or an array of strings");
        }
        ANYCRED_ASSIGN_OR_RETURN(Json e, expand_type(t));
        expanded.push_back(std::move(e));
      }
    } else {
      return Error(codes::kInvalidTypeValue,
                   "@type must be a string or an array of strings");
    }
    if (auto it = result.find("@type"); it != result.end()) {
      Json merged = AsArray(std::move(*it));
      for (auto& e : AsArray(std::move(expanded))) {
        merged.push_back(std::move(e));
      }
      *it = std::move(merged);
    } else {
      result["@type"] = std::move(expanded);
    }
    return Status::Ok();
  }
  if (keyword == "@graph") {
    Json expanded;
    ANYCRED_RETURN_IF_ERROR(
        ExpandElement(active, Prop::Of("@graph"), value, false, &expanded));
    Put(result, "@graph", AsArray(std::move(expanded)));
    return Status::Ok();
  }
  if (keyword == "@included") {
    if (v10) return Status::Ok();
    // Expanded with "@included" (not null) as the active property, so that
    // scalars, value objects and lists are kept and rejected below instead
    // of being dropped as free-floating (W3C tests #tin07-#tin09).
    Json expanded;
    ANYCRED_RETURN_IF_ERROR(
        ExpandElement(active, Prop::Of("@included"), value, false, &expanded));
    expanded = AsArray(std::move(expanded));
    for (const Json& e : expanded) {
      if (!IsNodeObject(e)) {
        return Error(codes::kInvalidIncludedValue,
                     "@included values must be node objects");
      }
    }
    if (auto it = result.find("@included"); it != result.end()) {
      Json merged = AsArray(std::move(*it));
      for (auto& e : expanded) merged.push_back(std::move(e));
      *it = std::move(merged);
    } else {
      result["@included"] = std::move(expanded);
    }
    return Status::Ok();
  }
  if (keyword == "@value") {
    if (input_type_json) {
      if (v10) {
        return Error(codes::kInvalidValueObjectValue,
                     "@json values need json-ld-1.1");
      }
    } else if (value.is_object() || value.is_array()) {
      return Error(codes::kInvalidValueObjectValue,
                   "@value must be a string, number, boolean or null");
    }
    Put(result, "@value", value);
    return Status::Ok();
  }
  if (keyword == "@language") {
    if (!value.is_string()) {
      return Error(codes::kInvalidLanguageTaggedString,
                   "@language must be a string");
    }
    ANYCRED_RETURN_IF_ERROR(CheckLanguage(value.get_ref<const std::string&>()));
    Put(result, "@language", Lang(value.get<std::string>()));
    return Status::Ok();
  }
  if (keyword == "@direction") {
    if (v10) return Status::Ok();
    if (!(value == "ltr" || value == "rtl")) {
      return Error(codes::kInvalidBaseDirection,
                   "@direction must be \"ltr\" or \"rtl\"");
    }
    Put(result, "@direction", value);
    return Status::Ok();
  }
  if (keyword == "@index") {
    if (!value.is_string()) {
      return Error(codes::kInvalidIndexValue, "@index must be a string");
    }
    Put(result, "@index", value);
    return Status::Ok();
  }
  if (keyword == "@list") {
    if (!ap.present || ap.name == "@graph") {
      if (safe_) return DataLoss("a free-floating list would be dropped");
      return Status::Ok();
    }
    Json expanded;
    ANYCRED_RETURN_IF_ERROR(ExpandElement(active, ap, value, false, &expanded));
    expanded = AsArray(std::move(expanded));
    if (v10) {
      for (const Json& e : expanded) {
        if (IsListObject(e)) {
          return Error(codes::kListOfLists, "lists of lists need json-ld-1.1");
        }
      }
    }
    Put(result, "@list", std::move(expanded));
    return Status::Ok();
  }
  if (keyword == "@set") {
    Json expanded;
    ANYCRED_RETURN_IF_ERROR(ExpandElement(active, ap, value, false, &expanded));
    Put(result, "@set", std::move(expanded));
    return Status::Ok();
  }
  if (keyword == "@reverse") {
    if (!value.is_object()) {
      return Error(codes::kInvalidReverseValue, "@reverse must be an object");
    }
    Json expanded;
    ANYCRED_RETURN_IF_ERROR(
        ExpandElement(active, Prop::Of("@reverse"), value, false, &expanded));
    if (!expanded.is_object()) return Status::Ok();
    if (auto it = expanded.find("@reverse"); it != expanded.end()) {
      for (auto& [prop, items] : it->items()) {
        AddValue(result, prop, std::move(items));
      }
    }
    Json* reverse_map = nullptr;
    for (auto& [prop, items] : expanded.items()) {
      if (prop == "@reverse") continue;
      if (reverse_map == nullptr) {
        auto rit = result.find("@reverse");
        if (rit == result.end()) {
          result["@reverse"] = Json::object();
          rit = result.find("@reverse");
        }
        reverse_map = &*rit;
      }
      for (auto& item : AsArray(std::move(items))) {
        if (IsValueObject(item) || IsListObject(item)) {
          return Error(codes::kInvalidReversePropertyValue,
                       "a reverse property cannot have values or lists");
        }
        AddValue(*reverse_map, prop, std::move(item));
      }
    }
    return Status::Ok();
  }
  if (keyword == "@nest") {
    nests.push_back(&key);
    return Status::Ok();
  }
  // Any other keyword (@base, @vocab, @none, ...) is ignored here.
  if (safe_) {
    return DataLoss("the keyword " + keyword +
                    " is not allowed here and would be dropped");
  }
  return Status::Ok();
}

Status Expander::ExpandValue(const ActiveContext& active,
                             const TermDefinition* def, const Json& value,
                             Json* out) {
  if (def != nullptr && def->type && value.is_string()) {
    const std::string& type = *def->type;
    if (type == "@id" || type == "@vocab") {
      std::string id;
      const auto& s = value.get_ref<const std::string&>();
      Json result(Json::value_t::object);
      if (!ExpandIri(active, s, true, type == "@vocab", &id)) {
        if (safe_) {
          return DataLoss("the IRI " + Quote(s) +
                          " has the form of a keyword and would be dropped");
        }
        Put(result, "@id", nullptr);
      } else {
        ANYCRED_RETURN_IF_ERROR(CheckNodeIri(
            id, s, type == "@vocab" ? "term" : "IRI", type == "@vocab"));
        Put(result, "@id", std::move(id));
      }
      *out = std::move(result);
      return Status::Ok();
    }
  }
  Json result(Json::value_t::object);
  Put(result, "@value", value);
  if (def != nullptr && def->type && *def->type != "@id" &&
      *def->type != "@vocab" && *def->type != "@none") {
    if (safe_ && !IsWellFormedIri(*def->type)) {
      return DataLoss("the datatype " + Quote(*def->type) +
                      " is not a well-formed IRI");
    }
    Put(result, "@type", *def->type);
  } else if (value.is_string()) {
    const std::optional<std::string>& language =
        def != nullptr && def->has_language ? def->language
                                            : active.default_language;
    const std::optional<std::string>& direction =
        def != nullptr && def->has_direction ? def->direction
                                             : active.default_direction;
    if (language) {
      ANYCRED_RETURN_IF_ERROR(CheckLanguage(*language));
      Put(result, "@language", *language);
    }
    if (direction) {
      ANYCRED_RETURN_IF_ERROR(CheckDirection());
      Put(result, "@direction", *direction);
    }
  }
  *out = std::move(result);
  return Status::Ok();
}

Status Expander::ExpandLanguageMap(const ActiveContext& active,
                                   const TermDefinition* def, const Json& value,
                                   Json* out) {
  Json expanded = Json::array();
  std::optional<std::string> direction = active.default_direction;
  if (def != nullptr && def->has_direction) direction = def->direction;
  std::string scratch;
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
      Json v = Json::object();
      v["@value"] = *item;
      if (!none) {
        ANYCRED_RETURN_IF_ERROR(CheckLanguage(language));
        v["@language"] = Lang(language);
      }
      if (direction) {
        ANYCRED_RETURN_IF_ERROR(CheckDirection());
        v["@direction"] = *direction;
      }
      expanded.push_back(std::move(v));
    }
  }
  *out = std::move(expanded);
  return Status::Ok();
}

Status Expander::ExpandIndexMap(Ctx active, const std::string& key,
                                const TermDefinition* def, const Json& value,
                                Json* out) {
  const std::uint8_t container = def->container;
  const std::string index_key = def->index ? *def->index : "@index";
  // Copies: `def` belongs to `active`, which stays alive for this call.
  Json expanded = Json::array();
  std::string expanded_index;
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
      std::shared_ptr<const Json> scoped = idef->context;
      std::optional<std::string> scoped_base = idef->base_url;
      ANYCRED_ASSIGN_OR_RETURN(
          map_ctx, Apply(map_ctx, *scoped, scoped_base, false, true, scoped));
    } else {
      map_ctx = active;
    }
    // Step 13.8.3.4.
    bool has_index = ExpandIri(*active, index, false, true, &expanded_index);
    bool is_none = has_index && expanded_index == "@none";
    // Steps 13.8.3.5, 13.8.3.6.
    Json items;
    ANYCRED_RETURN_IF_ERROR(
        ExpandElement(map_ctx, Prop::Of(key), *iv_ptr, true, &items));
    items = AsArray(std::move(items));
    for (auto& item : items) {
      if ((container & c::kContainerGraph) && !IsGraphObject(item)) {
        Json g = Json::object();
        g["@graph"] = AsArray(std::move(item));
        item = std::move(g);
      }
      if ((container & c::kContainerIndex) && index_key != "@index" &&
          !is_none) {
        Json re_expanded;
        ANYCRED_RETURN_IF_ERROR(ExpandValue(*active, active->Find(index_key),
                                            Json(index), &re_expanded));
        std::string expanded_index_key;
        ExpandIri(*active, index_key, false, true, &expanded_index_key);
        Json values = Json::array();
        values.push_back(std::move(re_expanded));
        if (auto it = item.find(expanded_index_key); it != item.end()) {
          for (auto& e : AsArray(std::move(*it)))
            values.push_back(std::move(e));
        }
        item[expanded_index_key] = std::move(values);
        if (IsValueObject(item)) {
          return Error(codes::kInvalidValueObject,
                       "a value object cannot take the property index " +
                           Quote(index_key));
        }
      } else if ((container & c::kContainerIndex) && !item.contains("@index") &&
                 !is_none) {
        if (safe_ && for_rdf_) {
          return DataLoss("@index values are not represented in RDF");
        }
        item["@index"] = index;
      } else if ((container & c::kContainerId) && !item.contains("@id") &&
                 !is_none) {
        std::string id;
        if (!ExpandIri(*active, index, true, false, &id)) {
          if (safe_) {
            return DataLoss("the @id " + Quote(index) +
                            " has the form of a keyword");
          }
          item["@id"] = nullptr;
        } else {
          ANYCRED_RETURN_IF_ERROR(CheckNodeIri(id, index, "@id", false));
          item["@id"] = std::move(id);
        }
      } else if ((container & c::kContainerType) && !is_none) {
        ANYCRED_RETURN_IF_ERROR(
            CheckNodeIri(expanded_index, index, "type", true));
        Json types = Json::array();
        types.push_back(expanded_index);
        if (auto it = item.find("@type"); it != item.end()) {
          for (auto& e : AsArray(std::move(*it))) types.push_back(std::move(e));
        }
        item["@type"] = std::move(types);
      }
      expanded.push_back(std::move(item));
    }
  }
  *out = std::move(expanded);
  return Status::Ok();
}

}  // namespace

namespace internal {

Result<Json> ExpandDocument(const Json& input, const JsonLdOptions& options,
                            bool for_rdf) {
  try {
    Expander expander(options, for_rdf);
    Json out;
    ANYCRED_RETURN_IF_ERROR(expander.Run(input, &out));
    return out;
  } catch (const std::exception& e) {
    return Status::Error(anycred::codes::kInternal,
                         std::string("JSON-LD expansion failed: ") + e.what());
  }
}

}  // namespace internal

Result<Json> Expand(const Json& input, const JsonLdOptions& options) {
  return internal::ExpandDocument(input, options, false);
}

}  // namespace anycred::jsonld
