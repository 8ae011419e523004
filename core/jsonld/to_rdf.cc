#include "core/jsonld/to_rdf.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/json/jcs.h"
#include "core/jsonld/expand.h"
#include "core/jsonld/iri.h"

namespace anycred::jsonld {

namespace {

constexpr const char* kRdfValue =
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#value";
constexpr const char* kRdfLanguage =
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#language";
constexpr const char* kRdfDirection =
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#direction";
constexpr const char* kI18nBase = "https://www.w3.org/ns/i18n#";

// A value in the node map: a node reference (pointing at the node's key in
// its graph, which is stable), a value object (pointing into the expanded
// document, which outlives the conversion) or a list.
struct Node;
using NodeEntry = std::pair<const std::string, Node>;

struct Item {
  enum Kind : std::uint8_t { kRef, kValue, kList };
  Kind kind = kRef;
  const NodeEntry* node = nullptr;  // kRef
  const Json* value = nullptr;      // kValue
  std::vector<Item> list;           // kList
};

struct Node {
  bool well_formed = false;  // the id is a blank node or well-formed IRI
  std::vector<std::pair<std::string, bool>> types;  // type, well formed
  // Property names point into the expanded document (or the converter's
  // store of relabelled blank-node properties), which outlive the map.
  std::vector<std::pair<const std::string*, std::vector<Item>>> props;
  const Json* index = nullptr;

  std::size_t PropIndex(const std::string* name) {
    for (std::size_t i = 0; i < props.size(); ++i) {
      if (*props[i].first == *name) return i;
    }
    props.emplace_back(name, std::vector<Item>());
    return props.size() - 1;
  }
};

struct Graph {
  std::unordered_map<std::string, Node> nodes;
};

// The active subject of Node Map Generation: none, a subject node, or (for
// reverse properties) a node reference.
struct Subject {
  NodeEntry* entry = nullptr;
  bool reverse = false;
};

// Where Node Map Generation puts a value: a list, or a property of a node
// (by index: the node's property vector may grow during the recursion).
struct Target {
  std::vector<Item>* list = nullptr;
  Node* node = nullptr;
  std::size_t prop = 0;
  bool valid() const { return list != nullptr || node != nullptr; }
  std::vector<Item>& values() const {
    return list != nullptr ? *list : node->props[prop].second;
  }
};

bool IsWellFormedId(const std::string& id) {
  return IsBlankNodeId(id) || IsWellFormedIri(id);
}

// A vector that keeps its first N elements inline.
template <typename T, std::size_t N>
class SmallVector {
 public:
  template <typename... Args>
  void emplace_back(Args&&... args) {
    if (size_ < N) {
      inline_[size_] = T(std::forward<Args>(args)...);
    } else {
      if (size_ == N) heap_.assign(inline_.begin(), inline_.end());
      heap_.emplace_back(std::forward<Args>(args)...);
    }
    ++size_;
  }
  T* begin() { return size_ <= N ? inline_.data() : heap_.data(); }
  T* end() { return begin() + size_; }
  const T* begin() const { return size_ <= N ? inline_.data() : heap_.data(); }
  const T* end() const { return begin() + size_; }
  std::size_t size() const { return size_; }

 private:
  std::array<T, N> inline_{};
  std::vector<T> heap_;
  std::size_t size_ = 0;
};

// The keyword members of an expanded object, found in one pass.
struct Members {
  const Json* id = nullptr;
  const Json* type = nullptr;
  const Json* value = nullptr;
  const Json* list = nullptr;
  const Json* index = nullptr;
  const Json* reverse = nullptr;
  const Json* graph = nullptr;
  const Json* included = nullptr;
  const Json* language = nullptr;
  const Json* direction = nullptr;
  SmallVector<std::pair<const std::string*, const Json*>, 16> props;

  Members(const Json& object, bool want_props) {
    for (const auto& [k, v] : object.items()) {
      if (k.empty() || k[0] != '@') {
        if (want_props) props.emplace_back(&k, &v);
        continue;
      }
      // Dispatch on length and second character: this runs for every key.
      switch (k.size()) {
        case 3:
          if (k == "@id") id = &v;
          break;
        case 5:
          if (k == "@type")
            type = &v;
          else if (k == "@list")
            list = &v;
          break;
        case 6:
          if (k == "@value")
            value = &v;
          else if (k == "@index")
            index = &v;
          else if (k == "@graph")
            graph = &v;
          break;
        case 8:
          if (k == "@reverse") reverse = &v;
          break;
        case 9:
          if (k == "@included")
            included = &v;
          else if (k == "@language")
            language = &v;
          break;
        case 10:
          if (k == "@direction") direction = &v;
          break;
        default:
          break;
      }
      // (Expanded documents have no other "@" keys.)
    }
  }
};

class Converter {
 public:
  explicit Converter(const JsonLdOptions& options) : options_(options) {}

  Status Run(const Json& expanded, rdf::Dataset* out) {
    Graph& graph = graphs_[kDefaultGraph];
    ANYCRED_RETURN_IF_ERROR(Visit(expanded, graph, Subject{}, nullptr, {}));
    return Deserialize(out);
  }

 private:
  static constexpr const char* kDefaultGraph = "@default";

  struct Triple {
    rdf::Term s, p, o;
  };

  std::string FreshBlank() { return "_:b" + std::to_string(counter_++); }

  std::string Relabel(const std::string& old) {
    auto it = bnodes_.find(old);
    if (it != bnodes_.end()) return it->second;
    std::string fresh = FreshBlank();
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

  static void AddUnique(std::vector<Item>& items, Item item) {
    for (const Item& existing : items) {
      if (existing.kind != item.kind) continue;
      if (item.kind == Item::kRef && existing.node == item.node) return;
      if (item.kind == Item::kValue && *existing.value == *item.value) return;
    }
    items.push_back(std::move(item));
  }

  // Node Map Generation. `target` receives the element's value; in a list,
  // values are appended without de-duplication.
  Status Visit(const Json& element, Graph& graph, Subject subject,
               const std::string* property, Target target) {
    if (element.is_array()) {
      for (const Json& item : element) {
        ANYCRED_RETURN_IF_ERROR(Visit(item, graph, subject, property, target));
      }
      return Status::Ok();
    }
    if (!element.is_object()) return Status::Ok();
    const bool in_list = target.list != nullptr;
    Members m(element, true);
    if (m.value != nullptr) {
      ++items_;
      if (target.valid()) {
        Item item;
        item.kind = Item::kValue;
        item.value = &element;
        if (in_list) {
          target.list->push_back(std::move(item));
        } else {
          AddUnique(target.values(), std::move(item));
        }
      }
      return Status::Ok();
    }
    if (m.list != nullptr) {
      Item result;
      result.kind = Item::kList;
      Target list_target;
      list_target.list = &result.list;
      ANYCRED_RETURN_IF_ERROR(
          Visit(*m.list, graph, subject, property, list_target));
      items_ += 2 * result.list.size() + 1;
      if (target.valid()) target.values().push_back(std::move(result));
      return Status::Ok();
    }
    // A node object.
    std::string id;
    if (m.id != nullptr && m.id->is_string()) {
      const auto& raw = m.id->get_ref<const std::string&>();
      id = IsBlankNodeId(raw) ? Relabel(raw) : raw;
    } else if (m.id == nullptr) {
      id = FreshBlank();
    }
    // Otherwise "@id": null (an IRI that expanded to null): "" is not a
    // well-formed identifier, so nothing about this node reaches RDF.
    auto [node_it, inserted] = graph.nodes.try_emplace(std::move(id));
    NodeEntry* entry = &*node_it;
    Node& node = node_it->second;
    if (inserted) {
      node.well_formed = IsWellFormedId(node_it->first);
      node.props.reserve(m.props.size());
    }
    if (subject.reverse) {
      Item ref;
      ref.node = subject.entry;
      Node& n = node;
      AddUnique(n.props[n.PropIndex(property)].second, std::move(ref));
      ++items_;
    } else if (target.valid()) {
      Item ref;
      ref.node = entry;
      if (in_list) {
        target.list->push_back(std::move(ref));
      } else {
        AddUnique(target.values(), std::move(ref));
      }
      ++items_;
    }
    if (m.type != nullptr) {
      auto add_type = [&node, this](const Json& t) {
        if (!t.is_string()) return;
        const auto& s = t.get_ref<const std::string&>();
        std::string type = IsBlankNodeId(s) ? Relabel(s) : s;
        for (const auto& existing : node.types) {
          if (existing.first == type) return;
        }
        bool wf = IsWellFormedId(type);
        node.types.emplace_back(std::move(type), wf);
        ++items_;
      };
      if (m.type->is_array()) {
        for (const Json& t : *m.type) add_type(t);
      } else {
        add_type(*m.type);
      }
    }
    if (m.index != nullptr) {
      if (node.index != nullptr && *node.index != *m.index) {
        return Status::Error(
            codes::kConflictingIndexes,
            "node " + entry->first + " has two different @index values");
      }
      node.index = m.index;
    }
    if (m.reverse != nullptr) {
      for (const auto& [prop, values] : m.reverse->items()) {
        ANYCRED_RETURN_IF_ERROR(
            Visit(values, graph, Subject{entry, true}, &prop, {}));
      }
    }
    if (m.graph != nullptr) {
      Graph& named = graphs_[entry->first];
      ANYCRED_RETURN_IF_ERROR(Visit(*m.graph, named, Subject{}, nullptr, {}));
    }
    if (m.included != nullptr) {
      ANYCRED_RETURN_IF_ERROR(
          Visit(*m.included, graph, Subject{}, nullptr, {}));
    }
    if (m.props.size() > 1) {
      std::sort(
          m.props.begin(), m.props.end(),
          [](const auto& a, const auto& b) { return *a.first < *b.first; });
    }
    for (const auto& [k, v] : m.props) {
      const std::string* prop = k;
      if (IsBlankNodeId(*k)) {
        prop =
            relabeled_.emplace_back(std::make_unique<std::string>(Relabel(*k)))
                .get();
      }
      Target values;
      values.node = &node;
      values.prop = node.PropIndex(prop);
      ANYCRED_RETURN_IF_ERROR(
          Visit(*v, graph, Subject{entry, false}, prop, values));
    }
    return Status::Ok();
  }

  // Subject / object / graph-name term for a node identifier, if well
  // formed.
  static std::optional<rdf::Term> NodeTerm(const std::string& id) {
    if (IsBlankNodeId(id)) return rdf::Term::Blank(id.substr(2));
    if (IsWellFormedIri(id)) return rdf::Term::Iri(id);
    return std::nullopt;
  }
  // The term for an identifier already known to be well formed.
  static rdf::Term IdTerm(const std::string& id) {
    if (IsBlankNodeId(id)) return rdf::Term::Blank(id.substr(2));
    return rdf::Term::Iri(id);
  }
  static void SetId(rdf::Term& term, const std::string& id) {
    if (IsBlankNodeId(id)) {
      term.kind = rdf::TermKind::kBlankNode;
      term.value.assign(id, 2);
    } else {
      term.kind = rdf::TermKind::kIri;
      term.value = id;
    }
  }

  void Emit(const rdf::Term& s, const rdf::Term& p, rdf::Term o) {
    rdf::Quad& q = out_->emplace_back();
    q.subject = s;
    q.predicate = p;
    q.object = std::move(o);
    q.graph = *graph_term_;
  }
  // Emit for well-formed identifiers, building the terms in place.
  void EmitIds(const std::string& s, const std::string& p, rdf::Term o) {
    rdf::Quad& q = out_->emplace_back();
    SetId(q.subject, s);
    SetId(q.predicate, p);
    q.object = std::move(o);
    q.graph = *graph_term_;
  }

  Result<std::optional<rdf::Term>> ObjectToRdf(const Item& item) {
    if (item.kind == Item::kRef) {
      if (!item.node->second.well_formed) {
        ANYCRED_RETURN_IF_ERROR(
            Drop("the object IRI \"" + item.node->first + "\""));
        return std::optional<rdf::Term>();
      }
      return std::optional<rdf::Term>(IdTerm(item.node->first));
    }
    if (item.kind == Item::kList) return ListToRdf(item.list);
    Members m(*item.value, false);
    const Json& value = *m.value;
    std::string datatype;
    bool has_datatype = false;
    if (m.type != nullptr) {
      if (!m.type->is_string()) {
        ANYCRED_RETURN_IF_ERROR(Drop("a value with a non-IRI datatype"));
        return std::optional<rdf::Term>();
      }
      datatype = m.type->get<std::string>();
      has_datatype = true;
      if (datatype != "@json" && !IsWellFormedIri(datatype)) {
        ANYCRED_RETURN_IF_ERROR(
            Drop("a value with the datatype \"" + datatype + "\""));
        return std::optional<rdf::Term>();
      }
    }
    std::string language;
    bool has_language = false;
    if (m.language != nullptr) {
      language = m.language->get<std::string>();
      has_language = true;
      if (!IsWellFormedLanguageTag(language)) {
        ANYCRED_RETURN_IF_ERROR(
            Drop("a value with the language tag \"" + language + "\""));
        return std::optional<rdf::Term>();
      }
    }
    std::string lexical;
    if (has_datatype && datatype == "@json") {
      auto jcs = JcsSerialize(value);
      if (!jcs.ok()) return jcs.status();
      lexical = std::move(jcs).value();
      datatype = rdf::kRdfJson;
    } else if (value.is_boolean()) {
      lexical = value.get<bool>() ? "true" : "false";
      if (!has_datatype) datatype = rdf::kXsdBoolean;
    } else if (value.is_number()) {
      bool as_double = has_datatype && datatype == rdf::kXsdDouble;
      if (value.is_number_float()) {
        double d = value.get<double>();
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
      } else if (as_double) {
        lexical = CanonicalDoubleLexical(value.get<double>());
      } else if (value.is_number_unsigned()) {
        lexical = std::to_string(value.get<std::uint64_t>());
      } else {
        lexical = std::to_string(value.get<std::int64_t>());
      }
      if (!has_datatype) {
        datatype = as_double ? rdf::kXsdDouble : rdf::kXsdInteger;
      }
    } else if (value.is_string()) {
      lexical = value.get<std::string>();
      if (!has_datatype) {
        datatype = has_language ? rdf::kRdfLangString : rdf::kXsdString;
      }
    } else {
      ANYCRED_RETURN_IF_ERROR(Drop("a value that is not a JSON scalar"));
      return std::optional<rdf::Term>();
    }
    if (m.direction != nullptr &&
        options_.rdf_direction != RdfDirection::kNone) {
      std::string lang = language;
      std::transform(lang.begin(), lang.end(), lang.begin(),
                     [](unsigned char ch) { return std::tolower(ch); });
      const std::string direction = m.direction->get<std::string>();
      if (options_.rdf_direction == RdfDirection::kI18nDatatype) {
        return std::optional<rdf::Term>(rdf::Term::Literal(
            std::move(lexical), kI18nBase + lang + "_" + direction));
      }
      rdf::Term node = rdf::Term::Blank(FreshBlank().substr(2));
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
    if (has_language) {
      return std::optional<rdf::Term>(
          rdf::Term::LangLiteral(std::move(lexical), std::move(language)));
    }
    return std::optional<rdf::Term>(
        rdf::Term::Literal(std::move(lexical), std::move(datatype)));
  }

  // List Conversion: returns the head and queues the list's triples.
  Result<std::optional<rdf::Term>> ListToRdf(const std::vector<Item>& list) {
    if (list.empty()) {
      return std::optional<rdf::Term>(rdf::Term::Iri(rdf::kRdfNil));
    }
    std::vector<rdf::Term> nodes;
    nodes.reserve(list.size());
    for (std::size_t i = 0; i < list.size(); ++i) {
      nodes.push_back(rdf::Term::Blank(FreshBlank().substr(2)));
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

  Status Deserialize(rdf::Dataset* out) {
    out_ = out;
    out_->reserve(out_->size() + items_);
    static const std::string kType = rdf::kRdfType;
    for (auto& [graph_name, graph] : graphs_) {
      rdf::Term graph_term;
      if (graph_name != kDefaultGraph) {
        auto term = NodeTerm(graph_name);
        if (!term) {
          ANYCRED_RETURN_IF_ERROR(Drop("the graph \"" + graph_name + "\""));
          continue;
        }
        graph_term = std::move(*term);
      }
      graph_term_ = &graph_term;
      std::vector<std::pair<const std::string*, Node*>> subjects;
      subjects.reserve(graph.nodes.size());
      for (auto& [id, node] : graph.nodes) subjects.emplace_back(&id, &node);
      std::sort(
          subjects.begin(), subjects.end(),
          [](const auto& a, const auto& b) { return *a.first < *b.first; });
      std::vector<const std::pair<const std::string*, std::vector<Item>>*>
          props;
      for (auto& [id, node] : subjects) {
        if (!node->well_formed) {
          if (!node->types.empty() || !node->props.empty()) {
            ANYCRED_RETURN_IF_ERROR(Drop("the subject \"" + *id + "\""));
          }
          continue;
        }
        const std::string& subject = *id;
        for (const auto& [type, type_ok] : node->types) {
          if (!type_ok) {
            ANYCRED_RETURN_IF_ERROR(Drop("the type \"" + type + "\""));
            continue;
          }
          EmitIds(subject, kType, IdTerm(type));
        }
        props.clear();
        for (const auto& p : node->props) props.push_back(&p);
        std::sort(props.begin(), props.end(), [](const auto* a, const auto* b) {
          return *a->first < *b->first;
        });
        for (const auto* p : props) {
          const std::string& property = *p->first;
          const std::vector<Item>& items = p->second;
          if (items.empty()) continue;
          if (IsBlankNodeId(property)) {
            if (!options_.produce_generalized_rdf) {
              ANYCRED_RETURN_IF_ERROR(
                  Drop("the blank-node property \"" + property + "\""));
              continue;
            }
          } else if (!IsWellFormedIri(property)) {
            ANYCRED_RETURN_IF_ERROR(Drop("the property \"" + property + "\""));
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
  // std::map: ordered by graph name, and references stay valid on insert.
  std::map<std::string, Graph> graphs_;
  std::unordered_map<std::string, std::string> bnodes_;
  std::uint64_t counter_ = 0;
  std::size_t items_ = 0;  // quads to expect, for reserve()
  rdf::Dataset* out_ = nullptr;
  const rdf::Term* graph_term_ = nullptr;
  std::vector<Triple> pending_;
  // Relabelled blank-node property names (rare; stable addresses).
  std::vector<std::unique_ptr<std::string>> relabeled_;
};

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
    rdf::Dataset dataset;
    Converter converter(options);
    ANYCRED_RETURN_IF_ERROR(converter.Run(expanded, &dataset));
    return dataset;
  } catch (const std::exception& e) {
    return Status::Error(anycred::codes::kInternal,
                         std::string("JSON-LD toRdf failed: ") + e.what());
  }
}

Result<rdf::Dataset> ToRdf(const Json& input, const JsonLdOptions& options) {
  ANYCRED_ASSIGN_OR_RETURN(Json expanded,
                           internal::ExpandDocument(input, options, true));
  return ExpandedToRdf(expanded, options);
}

}  // namespace anycred::jsonld
