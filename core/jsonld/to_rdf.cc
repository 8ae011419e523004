#include "core/jsonld/to_rdf.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <map>
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

// A value in the node map: a node reference, a value object (pointing into
// the expanded document, which outlives the conversion) or a list.
struct Item {
  enum Kind : std::uint8_t { kRef, kValue, kList };
  Kind kind = kRef;
  std::string id;
  const Json* value = nullptr;
  std::vector<Item> list;
};

struct Node {
  std::vector<std::string> types;
  std::vector<std::pair<std::string, std::vector<Item>>> props;
  const Json* index = nullptr;

  std::vector<Item>& Prop(const std::string& name) {
    for (auto& p : props) {
      if (p.first == name) return p.second;
    }
    props.emplace_back(name, std::vector<Item>());
    return props.back().second;
  }
};

struct Graph {
  std::unordered_map<std::string, Node> nodes;
};

// The active subject of Node Map Generation: none, a subject id, or (for
// reverse properties) a node reference.
struct Subject {
  const std::string* id = nullptr;
  bool reverse = false;
};

class Converter {
 public:
  explicit Converter(const JsonLdOptions& options) : options_(options) {}

  Status Run(const Json& expanded, rdf::Dataset* out) {
    ANYCRED_RETURN_IF_ERROR(
        Visit(expanded, kDefaultGraph, Subject{}, nullptr, nullptr));
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
      if (item.kind == Item::kRef && existing.id == item.id) return;
      if (item.kind == Item::kValue && *existing.value == *item.value) return;
    }
    items.push_back(std::move(item));
  }

  // Node Map Generation.
  Status Visit(const Json& element, const std::string& graph_name,
               Subject subject, const std::string* property,
               std::vector<Item>* list) {
    if (element.is_array()) {
      for (const Json& item : element) {
        ANYCRED_RETURN_IF_ERROR(
            Visit(item, graph_name, subject, property, list));
      }
      return Status::Ok();
    }
    if (!element.is_object()) return Status::Ok();
    Graph& graph = graphs_[graph_name];
    Node* subject_node = nullptr;
    if (subject.id != nullptr && !subject.reverse) {
      subject_node = &graph.nodes[*subject.id];
    }
    if (element.contains("@value")) {
      Item item;
      item.kind = Item::kValue;
      item.value = &element;
      if (list != nullptr) {
        list->push_back(std::move(item));
      } else if (subject_node != nullptr && property != nullptr) {
        AddUnique(subject_node->Prop(*property), std::move(item));
      }
      return Status::Ok();
    }
    if (auto lit = element.find("@list"); lit != element.end()) {
      Item result;
      result.kind = Item::kList;
      ANYCRED_RETURN_IF_ERROR(
          Visit(*lit, graph_name, subject, property, &result.list));
      if (list != nullptr) {
        list->push_back(std::move(result));
      } else if (subject_node != nullptr && property != nullptr) {
        subject_node->Prop(*property).push_back(std::move(result));
      }
      return Status::Ok();
    }
    // A node object.
    std::string id;
    auto id_it = element.find("@id");
    if (id_it != element.end() && id_it->is_string()) {
      const auto& raw = id_it->get_ref<const std::string&>();
      id = IsBlankNodeId(raw) ? Relabel(raw) : raw;
    } else if (id_it != element.end()) {
      // "@id": null (an IRI that expanded to null): not a well-formed
      // identifier, so nothing about this node reaches RDF.
      id.clear();
    } else {
      id = FreshBlank();
    }
    Node& node = graph.nodes[id];
    if (subject.reverse) {
      Item ref;
      ref.id = *subject.id;
      AddUnique(node.Prop(*property), std::move(ref));
    } else if (property != nullptr) {
      Item ref;
      ref.id = id;
      if (list != nullptr) {
        list->push_back(std::move(ref));
      } else if (subject_node != nullptr) {
        AddUnique(subject_node->Prop(*property), std::move(ref));
      }
    }
    if (auto tit = element.find("@type"); tit != element.end()) {
      auto add_type = [&node, this](const Json& t) {
        if (!t.is_string()) return;
        const auto& s = t.get_ref<const std::string&>();
        std::string type = IsBlankNodeId(s) ? Relabel(s) : s;
        if (std::find(node.types.begin(), node.types.end(), type) ==
            node.types.end()) {
          node.types.push_back(std::move(type));
        }
      };
      if (tit->is_array()) {
        for (const Json& t : *tit) add_type(t);
      } else {
        add_type(*tit);
      }
    }
    if (auto iit = element.find("@index"); iit != element.end()) {
      if (node.index != nullptr && *node.index != *iit) {
        return Status::Error(codes::kConflictingIndexes,
                             "node " + id + " has two different @index values");
      }
      node.index = &*iit;
    }
    if (auto rit = element.find("@reverse"); rit != element.end()) {
      for (const auto& [prop, values] : rit->items()) {
        Subject reverse_subject{&id, true};
        ANYCRED_RETURN_IF_ERROR(
            Visit(values, graph_name, reverse_subject, &prop, nullptr));
      }
    }
    if (auto git = element.find("@graph"); git != element.end()) {
      ANYCRED_RETURN_IF_ERROR(Visit(*git, id, Subject{}, nullptr, nullptr));
    }
    if (auto inc = element.find("@included"); inc != element.end()) {
      ANYCRED_RETURN_IF_ERROR(
          Visit(*inc, graph_name, Subject{}, nullptr, nullptr));
    }
    std::vector<std::pair<const std::string*, const Json*>> props;
    for (const auto& [k, v] : element.items()) {
      if (!k.empty() && k[0] == '@' && IsKeyword(k)) continue;
      props.emplace_back(&k, &v);
    }
    std::sort(props.begin(), props.end(),
              [](const auto& a, const auto& b) { return *a.first < *b.first; });
    for (const auto& [k, v] : props) {
      std::string prop = IsBlankNodeId(*k) ? Relabel(*k) : *k;
      node.Prop(prop);
      Subject s{&id, false};
      ANYCRED_RETURN_IF_ERROR(Visit(*v, graph_name, s, &prop, nullptr));
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

  void Emit(const rdf::Term& s, const rdf::Term& p, rdf::Term o) {
    out_->push_back(rdf::Quad{s, p, std::move(o), *graph_term_});
  }

  Result<std::optional<rdf::Term>> ObjectToRdf(const Item& item) {
    if (item.kind == Item::kRef) {
      auto term = NodeTerm(item.id);
      if (!term)
        ANYCRED_RETURN_IF_ERROR(Drop("the object IRI \"" + item.id + "\""));
      return term;
    }
    if (item.kind == Item::kList) return ListToRdf(item.list);
    const Json& object = *item.value;
    const Json& value = object["@value"];
    std::string datatype;
    bool has_datatype = false;
    if (auto it = object.find("@type"); it != object.end()) {
      if (!it->is_string()) {
        ANYCRED_RETURN_IF_ERROR(Drop("a value with a non-IRI datatype"));
        return std::optional<rdf::Term>();
      }
      datatype = it->get<std::string>();
      has_datatype = true;
      if (datatype != "@json" && !IsWellFormedIri(datatype)) {
        ANYCRED_RETURN_IF_ERROR(
            Drop("a value with the datatype \"" + datatype + "\""));
        return std::optional<rdf::Term>();
      }
    }
    std::string language;
    bool has_language = false;
    if (auto it = object.find("@language"); it != object.end()) {
      language = it->get<std::string>();
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
      if (!has_datatype)
        datatype = as_double ? rdf::kXsdDouble : rdf::kXsdInteger;
    } else if (value.is_string()) {
      lexical = value.get<std::string>();
      if (!has_datatype) {
        datatype = has_language ? rdf::kRdfLangString : rdf::kXsdString;
      }
    } else {
      ANYCRED_RETURN_IF_ERROR(Drop("a value that is not a JSON scalar"));
      return std::optional<rdf::Term>();
    }
    auto dir = object.find("@direction");
    if (dir != object.end() && options_.rdf_direction != RdfDirection::kNone) {
      std::string lang = language;
      std::transform(lang.begin(), lang.end(), lang.begin(),
                     [](unsigned char ch) { return std::tolower(ch); });
      const std::string direction = dir->get<std::string>();
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
    if (dir != object.end()) {
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
    const rdf::Term type_predicate = rdf::Term::Iri(rdf::kRdfType);
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
      for (auto& [id, node] : subjects) {
        auto subject = NodeTerm(*id);
        if (!subject) {
          if (!node->types.empty() || !node->props.empty()) {
            ANYCRED_RETURN_IF_ERROR(Drop("the subject \"" + *id + "\""));
          }
          continue;
        }
        for (const std::string& type : node->types) {
          auto object = NodeTerm(type);
          if (!object) {
            ANYCRED_RETURN_IF_ERROR(Drop("the type \"" + type + "\""));
            continue;
          }
          Emit(*subject, type_predicate, std::move(*object));
        }
        std::sort(
            node->props.begin(), node->props.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
        for (const auto& [property, items] : node->props) {
          if (IsBlankNodeId(property)) {
            if (!options_.produce_generalized_rdf) {
              if (!items.empty()) {
                ANYCRED_RETURN_IF_ERROR(
                    Drop("the blank-node property \"" + property + "\""));
              }
              continue;
            }
          } else if (!IsWellFormedIri(property)) {
            if (!items.empty()) {
              ANYCRED_RETURN_IF_ERROR(
                  Drop("the property \"" + property + "\""));
            }
            continue;
          }
          rdf::Term predicate = IsBlankNodeId(property)
                                    ? rdf::Term::Blank(property.substr(2))
                                    : rdf::Term::Iri(property);
          for (const Item& item : items) {
            pending_.clear();
            ANYCRED_ASSIGN_OR_RETURN(std::optional<rdf::Term> object,
                                     ObjectToRdf(item));
            if (object) Emit(*subject, predicate, std::move(*object));
            for (auto& t : pending_) {
              Emit(t.s, t.p, std::move(t.o));
            }
          }
        }
      }
    }
    return Status::Ok();
  }

  const JsonLdOptions& options_;
  std::map<std::string, Graph> graphs_;
  std::unordered_map<std::string, std::string> bnodes_;
  std::uint64_t counter_ = 0;
  rdf::Dataset* out_ = nullptr;
  const rdf::Term* graph_term_ = nullptr;
  std::vector<Triple> pending_;
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
