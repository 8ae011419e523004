#include "core/jsonld/to_rdf.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <map>
#include <memory_resource>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/json/jcs.h"
#include "core/jsonld/expanded.h"
#include "core/jsonld/iri.h"

namespace anycred::jsonld {

namespace {

using internal::Arena;
using internal::EMember;
using internal::ENode;
using internal::Kw;

constexpr const char* kRdfValue =
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#value";
constexpr const char* kRdfLanguage =
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#language";
constexpr const char* kRdfDirection =
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#direction";
constexpr const char* kI18nBase = "https://www.w3.org/ns/i18n#";
constexpr std::string_view kDefaultGraph = "@default";

// Node identifiers, property names and types are views into the expanded
// document (its input, contexts and arena), which outlive the conversion.
struct Node;
using NodeEntry = std::pair<const std::string_view, Node>;

// The node map lives in the document's arena (polymorphic allocators):
// building it costs no malloc/free.
using Alloc = std::pmr::polymorphic_allocator<>;
struct Item;
using ItemList = std::pmr::vector<Item>;

// A value in the node map: a node reference, a value object (pointing into
// the expanded document) or a list (in the arena).
struct Item {
  enum Kind : std::uint8_t { kRef, kValue, kList };
  Kind kind = kRef;
  const NodeEntry* node = nullptr;  // kRef
  const ENode* value = nullptr;     // kValue
  ItemList* list = nullptr;         // kList
};

struct Property {
  std::string_view name;
  ItemList* values;
  bool verified;  // a blank node or well-formed IRI, checked upstream
};

struct Node {
  using allocator_type = Alloc;
  explicit Node(const allocator_type& alloc) : types(alloc), props(alloc) {}
  Node(const Node& other, const allocator_type& alloc)
      : well_formed(other.well_formed),
        types(other.types, alloc),
        props(other.props, alloc),
        index(other.index) {}

  bool well_formed = false;  // the id is a blank node or well-formed IRI
  std::pmr::vector<std::pair<std::string_view, bool>> types;  // well formed?
  std::pmr::vector<Property> props;
  const ENode* index = nullptr;

  ItemList& Prop(std::string_view name, bool verified = false) {
    for (Property& p : props) {
      if (p.name == name) return *p.values;
    }
    Alloc alloc = props.get_allocator();
    props.push_back(Property{name, alloc.new_object<ItemList>(), verified});
    return *props.back().values;
  }
};

struct Graph {
  using allocator_type = Alloc;
  explicit Graph(const allocator_type& alloc) : nodes(alloc) {}
  Graph(const Graph& other, const allocator_type& alloc)
      : nodes(other.nodes, alloc) {}
  std::pmr::unordered_map<std::string_view, Node> nodes;
};

// The active subject of Node Map Generation: none, a subject node, or (for
// reverse properties) a node reference.
struct Subject {
  NodeEntry* entry = nullptr;
  bool reverse = false;
};

// Where Node Map Generation puts a value: a list, or a property's values
// (arena objects: their addresses are stable during the recursion).
struct Target {
  ItemList* values = nullptr;
  bool in_list = false;
};

bool IsWellFormedId(std::string_view id) {
  return IsBlankNodeId(id) || IsWellFormedIri(id);
}

// The keyword members of an expanded object, found in one pass.
struct Members {
  const ENode* id = nullptr;
  const ENode* type = nullptr;
  const ENode* value = nullptr;
  const ENode* list = nullptr;
  const ENode* index = nullptr;
  const ENode* reverse = nullptr;
  const ENode* graph = nullptr;
  const ENode* included = nullptr;
  const ENode* language = nullptr;
  const ENode* direction = nullptr;
  std::size_t props = 0;  // members with IRI keys

  explicit Members(const internal::EObject& object) {
    for (const EMember& m : object) {
      switch (m.kw) {
        case Kw::kIri:
          ++props;
          break;
        case Kw::kId:
          id = &m.value;
          break;
        case Kw::kType:
          type = &m.value;
          break;
        case Kw::kValue:
          value = &m.value;
          break;
        case Kw::kList:
          list = &m.value;
          break;
        case Kw::kIndex:
          index = &m.value;
          break;
        case Kw::kReverse:
          reverse = &m.value;
          break;
        case Kw::kGraph:
          graph = &m.value;
          break;
        case Kw::kIncluded:
          included = &m.value;
          break;
        case Kw::kLanguage:
          language = &m.value;
          break;
        case Kw::kDirection:
          direction = &m.value;
          break;
        case Kw::kSet:
          break;
      }
    }
  }
};

class Converter {
 public:
  Converter(const JsonLdOptions& options, Arena& arena)
      : options_(options),
        arena_(arena),
        alloc_(arena.resource()),
        graphs_(alloc_),
        bnodes_(alloc_) {}

  Status Run(const ENode& expanded, rdf::Dataset* out) {
    Graph& graph = graphs_.try_emplace(kDefaultGraph).first->second;
    ANYCRED_RETURN_IF_ERROR(Visit(expanded, graph, Subject{}, {}, {}));
    return Deserialize(out);
  }

 private:
  struct Triple {
    rdf::Term s, p, o;
  };

  std::string_view FreshBlank() {
    char buf[32] = {'_', ':', 'b'};
    auto r = std::to_chars(buf + 3, buf + sizeof buf, counter_++);
    return arena_.Store(std::string_view(buf, r.ptr - buf));
  }

  std::string_view Relabel(std::string_view old) {
    auto it = bnodes_.find(old);
    if (it != bnodes_.end()) return it->second;
    std::string_view fresh = FreshBlank();
    bnodes_.emplace(old, fresh);
    return fresh;
  }

  Status Drop(const std::string& what) const {
    if (options_.safe_mode) {
      return Status::Error(codes::kDataLoss,
                           what + " would be dropped from RDF");
    }
    return Status::Ok();
  }

  static void AddUnique(ItemList& items, Item item) {
    for (const Item& existing : items) {
      if (existing.kind != item.kind) continue;
      if (item.kind == Item::kRef && existing.node == item.node) return;
      if (item.kind == Item::kValue &&
          internal::Equal(*existing.value, *item.value)) {
        return;
      }
    }
    items.push_back(item);
  }

  // Node Map Generation. `target` receives the element's value; in a list,
  // values are appended without de-duplication.
  Status Visit(const ENode& element, Graph& graph, Subject subject,
               std::string_view property, Target target) {
    if (element.is_array()) {
      for (const ENode& item : *element.array) {
        ANYCRED_RETURN_IF_ERROR(Visit(item, graph, subject, property, target));
      }
      return Status::Ok();
    }
    if (!element.is_object()) return Status::Ok();
    Members m(*element.object);
    if (m.value != nullptr) {
      ++items_;
      if (target.values != nullptr) {
        Item item;
        item.kind = Item::kValue;
        item.value = &element;
        if (target.in_list) {
          target.values->push_back(item);
        } else {
          AddUnique(*target.values, item);
        }
      }
      return Status::Ok();
    }
    if (m.list != nullptr) {
      Item result;
      result.kind = Item::kList;
      result.list = alloc_.new_object<ItemList>();
      ANYCRED_RETURN_IF_ERROR(
          Visit(*m.list, graph, subject, property, Target{result.list, true}));
      items_ += 2 * result.list->size() + 1;
      if (target.values != nullptr) target.values->push_back(result);
      return Status::Ok();
    }
    // A node object.
    std::string_view id;
    bool id_verified = false;
    if (m.id != nullptr && m.id->is_string()) {
      std::string_view raw = m.id->str();
      id_verified = m.id->kind == ENode::kString && m.id->verified;
      id = IsBlankNodeId(raw) ? Relabel(raw) : raw;
    } else if (m.id == nullptr) {
      id = FreshBlank();
      id_verified = true;
    }
    // Otherwise "@id": null (an IRI that expanded to null): "" is not a
    // well-formed identifier, so nothing about this node reaches RDF.
    auto [node_it, inserted] = graph.nodes.try_emplace(id);
    NodeEntry* entry = &*node_it;
    Node& node = node_it->second;
    if (inserted) {
      node.well_formed = id_verified || IsBlankNodeId(id) || WellFormed(id);
      node.props.reserve(m.props);
    }
    if (subject.reverse) {
      Item ref;
      ref.node = subject.entry;
      AddUnique(node.Prop(property), ref);
      ++items_;
    } else if (target.values != nullptr) {
      Item ref;
      ref.node = entry;
      if (target.in_list) {
        target.values->push_back(ref);
      } else {
        AddUnique(*target.values, ref);
      }
      ++items_;
    }
    if (m.type != nullptr) {
      auto add_type = [&node, this](const ENode& t) {
        if (!t.is_string()) return;
        std::string_view type = t.str();
        if (IsBlankNodeId(type)) type = Relabel(type);
        for (const auto& existing : node.types) {
          if (existing.first == type) return;
        }
        bool ok = (t.kind == ENode::kString && t.verified) ||
                  IsBlankNodeId(type) || WellFormed(type);
        node.types.emplace_back(type, ok);
        ++items_;
      };
      if (m.type->is_array()) {
        for (const ENode& t : *m.type->array) add_type(t);
      } else {
        add_type(*m.type);
      }
    }
    if (m.index != nullptr) {
      if (node.index != nullptr && !internal::Equal(*node.index, *m.index)) {
        return Status::Error(codes::kConflictingIndexes,
                             "node " + std::string(entry->first) +
                                 " has two different @index values");
      }
      node.index = m.index;
    }
    if (m.reverse != nullptr && m.reverse->is_object()) {
      for (const EMember& r : *m.reverse->object) {
        ANYCRED_RETURN_IF_ERROR(
            Visit(r.value, graph, Subject{entry, true}, r.key, {}));
      }
    }
    if (m.graph != nullptr) {
      Graph& named = graphs_.try_emplace(entry->first).first->second;
      ANYCRED_RETURN_IF_ERROR(Visit(*m.graph, named, Subject{}, {}, {}));
    }
    if (m.included != nullptr) {
      ANYCRED_RETURN_IF_ERROR(Visit(*m.included, graph, Subject{}, {}, {}));
    }
    if (m.props == 0) return Status::Ok();
    // Properties in code point order (blank node labels as jsonld.js).
    const EMember* first_prop[16];
    std::vector<const EMember*> many;
    const EMember** props = first_prop;
    if (m.props > 16) {
      many.resize(m.props);
      props = many.data();
    }
    std::size_t n = 0;
    for (const EMember& p : *element.object) {
      if (p.kw == Kw::kIri) props[n++] = &p;
    }
    std::sort(props, props + n, [](const EMember* a, const EMember* b) {
      return a->key < b->key;
    });
    for (std::size_t i = 0; i < n; ++i) {
      std::string_view prop = props[i]->key;
      if (IsBlankNodeId(prop)) prop = Relabel(prop);
      ANYCRED_RETURN_IF_ERROR(
          Visit(props[i]->value, graph, Subject{entry, false}, prop,
                Target{&node.Prop(prop, props[i]->verified), false}));
    }
    return Status::Ok();
  }

  // The term for a well-formed identifier.
  static rdf::Term IdTerm(std::string_view id) {
    if (IsBlankNodeId(id)) {
      return rdf::Term{
          rdf::TermKind::kBlankNode, std::string(id.substr(2)), {}, {}};
    }
    return rdf::Term{rdf::TermKind::kIri, std::string(id), {}, {}};
  }

  // Well-formedness of an identifier, remembered by address: predicates and
  // datatypes point into term definitions and repeat across nodes.
  bool WellFormed(std::string_view id) {
    auto slot = (reinterpret_cast<std::uintptr_t>(id.data()) >> 3) %
                kWellFormedCacheSize;
    WellFormedEntry& e = well_formed_cache_[slot];
    if (e.data == id.data() && e.size == id.size()) return e.ok;
    bool ok = IsWellFormedId(id);
    e = {id.data(), id.size(), ok};
    return ok;
  }

  void Emit(const rdf::Term& s, const rdf::Term& p, rdf::Term o) {
    rdf::Quad& q = out_->emplace_back();
    q.subject = s;
    q.predicate = p;
    q.object = std::move(o);
    if (!graph_term_->is_default_graph()) q.graph = *graph_term_;
  }
  // Emit for well-formed identifiers.
  void EmitIds(std::string_view s, std::string_view p, rdf::Term o) {
    rdf::Quad& q = out_->emplace_back();
    q.subject = IdTerm(s);
    q.predicate = IdTerm(p);
    q.object = std::move(o);
    if (!graph_term_->is_default_graph()) q.graph = *graph_term_;
  }

  // Object to RDF Conversion. An empty optional: nothing to emit.
  Result<std::optional<rdf::Term>> ObjectToRdf(const Item& item) {
    if (item.kind == Item::kRef) {
      if (!item.node->second.well_formed) {
        ANYCRED_RETURN_IF_ERROR(
            Drop("the object IRI \"" + std::string(item.node->first) + "\""));
        return std::optional<rdf::Term>();
      }
      return std::optional<rdf::Term>(IdTerm(item.node->first));
    }
    if (item.kind == Item::kList) return ListToRdf(*item.list);
    Members m(*item.value->object);
    const ENode& value = *m.value;
    std::string_view datatype;
    bool has_datatype = false;
    if (m.type != nullptr) {
      if (!m.type->is_string()) {
        ANYCRED_RETURN_IF_ERROR(Drop("a value with a non-IRI datatype"));
        return std::optional<rdf::Term>();
      }
      datatype = m.type->str();
      has_datatype = true;
      bool ok = (m.type->kind == ENode::kString && m.type->verified &&
                 !IsBlankNodeId(datatype)) ||
                datatype == "@json" || IsWellFormedIri(datatype);
      if (!ok) {
        ANYCRED_RETURN_IF_ERROR(Drop("a value with the datatype \"" +
                                     std::string(datatype) + "\""));
        return std::optional<rdf::Term>();
      }
    }
    std::string_view language;
    const bool has_language = m.language != nullptr && m.language->is_string();
    if (has_language) {
      language = m.language->str();
      if (!IsWellFormedLanguageTag(language)) {
        ANYCRED_RETURN_IF_ERROR(Drop("a value with the language tag \"" +
                                     std::string(language) + "\""));
        return std::optional<rdf::Term>();
      }
    }
    rdf::Term literal{rdf::TermKind::kLiteral, {}, {}, {}};
    std::string& lexical = literal.value;
    const Json* json = value.kind == ENode::kJson ? value.json : nullptr;
    if (has_datatype && datatype == "@json") {
      auto jcs = json != nullptr ? JcsSerialize(*json)
                                 : JcsSerialize(internal::ToJson(value));
      if (!jcs.ok()) return jcs.status();
      lexical = std::move(jcs).value();
      datatype = rdf::kRdfJson;
    } else if (value.is_string()) {
      lexical = std::string(value.str());
      if (!has_datatype) {
        datatype = has_language ? rdf::kRdfLangString : rdf::kXsdString;
      }
    } else if (json != nullptr && json->is_boolean()) {
      lexical = json->get<bool>() ? "true" : "false";
      if (!has_datatype) datatype = rdf::kXsdBoolean;
    } else if (json != nullptr && json->is_number()) {
      bool as_double = has_datatype && datatype == rdf::kXsdDouble;
      // JSON-LD's processing model reads JSON numbers as IEEE doubles (the
      // API is specified for JavaScript numbers): an integer beyond 2^53 is
      // the nearest double, as in jsonld.js and as JCS reads it.
      double d = json->is_number_float() ? json->get<double>()
                 : json->is_number_unsigned()
                     ? static_cast<double>(json->get<std::uint64_t>())
                     : static_cast<double>(json->get<std::int64_t>());
      if (d != std::trunc(d) || std::fabs(d) >= 1e21) as_double = true;
      if (as_double) {
        lexical = CanonicalDoubleLexical(d);
      } else if (d == 0) {
        lexical = "0";
      } else {
        char buf[400];
        auto r = std::to_chars(buf, buf + sizeof buf, d,
                               std::chars_format::fixed, 0);
        lexical.assign(buf, r.ptr);
      }
      if (!has_datatype) {
        datatype = as_double ? rdf::kXsdDouble : rdf::kXsdInteger;
      }
    } else {
      ANYCRED_RETURN_IF_ERROR(Drop("a value that is not a JSON scalar"));
      return std::optional<rdf::Term>();
    }
    if (m.direction != nullptr &&
        options_.rdf_direction != RdfDirection::kNone) {
      std::string lang(language);
      std::transform(lang.begin(), lang.end(), lang.begin(),
                     [](unsigned char ch) { return std::tolower(ch); });
      const std::string direction(m.direction->str());
      if (options_.rdf_direction == RdfDirection::kI18nDatatype) {
        literal.datatype = kI18nBase + lang + "_" + direction;
        return std::optional<rdf::Term>(std::move(literal));
      }
      rdf::Term node = IdTerm(FreshBlank());
      pending_.push_back(
          {node, rdf::Term::Iri(kRdfValue), rdf::Term::Literal(lexical)});
      if (has_language) {
        pending_.push_back(
            {node, rdf::Term::Iri(kRdfLanguage), rdf::Term::Literal(lang)});
      }
      pending_.push_back(
          {node, rdf::Term::Iri(kRdfDirection), rdf::Term::Literal(direction)});
      return std::optional<rdf::Term>(std::move(node));
    }
    if (m.direction != nullptr) {
      ANYCRED_RETURN_IF_ERROR(Drop("@direction (rdfDirection is not set)"));
    }
    literal.datatype = std::string(datatype);
    if (has_language) literal.language = std::string(language);
    return std::optional<rdf::Term>(std::move(literal));
  }

  // List Conversion: returns the head and queues the list's triples.
  Result<std::optional<rdf::Term>> ListToRdf(const ItemList& list) {
    if (list.empty()) {
      return std::optional<rdf::Term>(rdf::Term::Iri(rdf::kRdfNil));
    }
    std::vector<rdf::Term> nodes;
    nodes.reserve(list.size());
    for (std::size_t i = 0; i < list.size(); ++i) {
      nodes.push_back(IdTerm(FreshBlank()));
    }
    static const rdf::Term kFirst = rdf::Term::Iri(rdf::kRdfFirst);
    static const rdf::Term kRest = rdf::Term::Iri(rdf::kRdfRest);
    static const rdf::Term kNil = rdf::Term::Iri(rdf::kRdfNil);
    for (std::size_t i = 0; i < list.size(); ++i) {
      std::vector<Triple> embedded;
      std::swap(embedded, pending_);
      ANYCRED_ASSIGN_OR_RETURN(std::optional<rdf::Term> object,
                               ObjectToRdf(list[i]));
      std::swap(embedded, pending_);
      if (object) pending_.push_back({nodes[i], kFirst, std::move(*object)});
      pending_.push_back(
          {nodes[i], kRest, i + 1 < list.size() ? nodes[i + 1] : kNil});
      for (auto& t : embedded) pending_.push_back(std::move(t));
    }
    return std::optional<rdf::Term>(nodes[0]);
  }

  // Deserialize JSON-LD to RDF, in graph, subject and property order.
  Status Deserialize(rdf::Dataset* out) {
    out_ = out;
    out_->reserve(out_->size() + items_);
    constexpr std::string_view kType = rdf::kRdfType;
    std::vector<std::pair<std::string_view, Node*>> subjects;
    std::vector<const Property*> props;
    for (auto& [graph_name, graph] : graphs_) {
      rdf::Term graph_term;
      if (graph_name != kDefaultGraph) {
        if (!IsWellFormedId(graph_name)) {
          ANYCRED_RETURN_IF_ERROR(
              Drop("the graph \"" + std::string(graph_name) + "\""));
          continue;
        }
        graph_term = IdTerm(graph_name);
      }
      graph_term_ = &graph_term;
      subjects.clear();
      for (auto& [id, node] : graph.nodes) subjects.emplace_back(id, &node);
      std::sort(subjects.begin(), subjects.end(),
                [](const auto& a, const auto& b) { return a.first < b.first; });
      for (auto& [subject, node] : subjects) {
        if (!node->well_formed) {
          if (!node->types.empty() || !node->props.empty()) {
            ANYCRED_RETURN_IF_ERROR(
                Drop("the subject \"" + std::string(subject) + "\""));
          }
          continue;
        }
        for (const auto& [type, type_ok] : node->types) {
          if (!type_ok) {
            ANYCRED_RETURN_IF_ERROR(
                Drop("the type \"" + std::string(type) + "\""));
            continue;
          }
          EmitIds(subject, kType, IdTerm(type));
        }
        props.clear();
        for (const auto& p : node->props) props.push_back(&p);
        std::sort(props.begin(), props.end(),
                  [](const Property* a, const Property* b) {
                    return a->name < b->name;
                  });
        for (const Property* p : props) {
          std::string_view property = p->name;
          const ItemList& items = *p->values;
          if (items.empty()) continue;
          if (IsBlankNodeId(property)) {
            if (!options_.produce_generalized_rdf) {
              ANYCRED_RETURN_IF_ERROR(Drop("the blank-node property \"" +
                                           std::string(property) + "\""));
              continue;
            }
          } else if (!p->verified && !WellFormed(property)) {
            ANYCRED_RETURN_IF_ERROR(
                Drop("the property \"" + std::string(property) + "\""));
            continue;
          }
          for (const Item& item : items) {
            pending_.clear();
            ANYCRED_ASSIGN_OR_RETURN(std::optional<rdf::Term> object,
                                     ObjectToRdf(item));
            if (object) EmitIds(subject, property, std::move(*object));
            for (auto& t : pending_) Emit(t.s, t.p, std::move(t.o));
          }
        }
      }
    }
    return Status::Ok();
  }

  const JsonLdOptions& options_;
  Arena& arena_;
  Alloc alloc_;
  // A map: ordered by graph name, and references stay valid on insert.
  std::pmr::map<std::string_view, Graph> graphs_;
  std::pmr::unordered_map<std::string_view, std::string_view> bnodes_;
  std::uint64_t counter_ = 0;
  std::size_t items_ = 0;  // quads to expect, for reserve()
  rdf::Dataset* out_ = nullptr;
  const rdf::Term* graph_term_ = nullptr;
  std::vector<Triple> pending_;
  struct WellFormedEntry {
    const char* data = nullptr;
    std::size_t size = 0;
    bool ok = false;
  };
  static constexpr std::size_t kWellFormedCacheSize = 64;
  std::array<WellFormedEntry, kWellFormedCacheSize> well_formed_cache_{};
};

Result<rdf::Dataset> Convert(const ENode& root, const JsonLdOptions& options,
                             Arena& arena) {
  rdf::Dataset dataset;
  Converter converter(options, arena);
  ANYCRED_RETURN_IF_ERROR(converter.Run(root, &dataset));
  return dataset;
}

}  // namespace

std::string CanonicalDoubleLexical(double value) {
  if (value == 0 || !std::isfinite(value)) {
    return value == 0
               ? "0.0E0"
               : (std::isnan(value) ? "NaN" : (value > 0 ? "INF" : "-INF"));
  }
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, value,
                         std::chars_format::scientific, 15);
  std::string_view s(buf, static_cast<std::size_t>(r.ptr - buf));
  std::size_t e = s.find('e');
  std::string_view mantissa = s.substr(0, e);
  std::size_t end = mantissa.size();
  while (end > 0 && mantissa[end - 1] == '0') --end;
  if (end > 0 && mantissa[end - 1] == '.') ++end;
  int exponent = 0;
  std::string_view exp_text = s.substr(e + 1);
  if (!exp_text.empty() && exp_text[0] == '+') exp_text.remove_prefix(1);
  std::from_chars(exp_text.data(), exp_text.data() + exp_text.size(), exponent);
  std::string out(mantissa.substr(0, end));
  out.push_back('E');
  out.append(std::to_string(exponent));
  return out;
}

Result<rdf::Dataset> ExpandedToRdf(const Json& expanded,
                                   const JsonLdOptions& options) {
  try {
    Arena arena;
    ENode root = internal::ImportExpanded(expanded, arena);
    return Convert(root, options, arena);
  } catch (const std::exception& e) {
    return Status::Error(anycred::codes::kInternal,
                         std::string("JSON-LD toRdf failed: ") + e.what());
  }
}

Result<rdf::Dataset> ToRdf(const Json& input, const JsonLdOptions& options) {
  internal::ExpandedDocument doc;
  ANYCRED_RETURN_IF_ERROR(
      internal::ExpandToDocument(input, options, /*for_rdf=*/true, &doc));
  try {
    return Convert(doc.root, options, doc.arena);
  } catch (const std::exception& e) {
    return Status::Error(anycred::codes::kInternal,
                         std::string("JSON-LD toRdf failed: ") + e.what());
  }
}

}  // namespace anycred::jsonld
