#include "core/jsonld/expanded.h"

#include <string>

namespace anycred::jsonld::internal {

Kw KeywordKind(std::string_view k) {
  if (k.size() < 3 || k[0] != '@') return Kw::kIri;
  switch (k.size()) {
    case 3:
      if (k == "@id") return Kw::kId;
      break;
    case 4:
      if (k == "@set") return Kw::kSet;
      break;
    case 5:
      if (k == "@type") return Kw::kType;
      if (k == "@list") return Kw::kList;
      break;
    case 6:
      if (k == "@value") return Kw::kValue;
      if (k == "@index") return Kw::kIndex;
      if (k == "@graph") return Kw::kGraph;
      break;
    case 8:
      if (k == "@reverse") return Kw::kReverse;
      break;
    case 9:
      if (k == "@language") return Kw::kLanguage;
      if (k == "@included") return Kw::kIncluded;
      break;
    case 10:
      if (k == "@direction") return Kw::kDirection;
      break;
    default:
      break;
  }
  return Kw::kIri;
}

std::string_view KeywordName(Kw kw) {
  switch (kw) {
    case Kw::kId:
      return "@id";
    case Kw::kType:
      return "@type";
    case Kw::kValue:
      return "@value";
    case Kw::kLanguage:
      return "@language";
    case Kw::kDirection:
      return "@direction";
    case Kw::kIndex:
      return "@index";
    case Kw::kList:
      return "@list";
    case Kw::kSet:
      return "@set";
    case Kw::kGraph:
      return "@graph";
    case Kw::kIncluded:
      return "@included";
    case Kw::kReverse:
      return "@reverse";
    case Kw::kIri:
      break;
  }
  return {};
}

const ENode* ENode::Get(Kw kw) const {
  if (kind != kObject) return nullptr;
  for (const EMember& m : *object) {
    if (m.kw == kw) return &m.value;
  }
  return nullptr;
}

ENode* ENode::Get(Kw kw) {
  if (kind != kObject) return nullptr;
  for (EMember& m : *object) {
    if (m.kw == kw) return &m.value;
  }
  return nullptr;
}

bool Equal(const ENode& a, const ENode& b) {
  if (a.is_string() && b.is_string()) return a.str() == b.str();
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case ENode::kNull:
      return true;
    case ENode::kJson:
      return *a.json == *b.json;
    case ENode::kString:
      return a.str() == b.str();
    case ENode::kArray: {
      if (a.array->size() != b.array->size()) return false;
      for (std::size_t i = 0; i < a.array->size(); ++i) {
        if (!Equal((*a.array)[i], (*b.array)[i])) return false;
      }
      return true;
    }
    case ENode::kObject: {
      if (a.object->size() != b.object->size()) return false;
      for (const EMember& m : *a.object) {
        bool found = false;
        for (const EMember& n : *b.object) {
          if (n.kw == m.kw && n.key == m.key) {
            if (!Equal(m.value, n.value)) return false;
            found = true;
            break;
          }
        }
        if (!found) return false;
      }
      return true;
    }
  }
  return false;
}

Json ToJson(const ENode& node) {
  switch (node.kind) {
    case ENode::kNull:
      return nullptr;
    case ENode::kJson:
      return *node.json;
    case ENode::kString:
      return std::string(node.str());
    case ENode::kArray: {
      Json out = Json::array();
      out.get_ref<Json::array_t&>().reserve(node.array->size());
      for (const ENode& item : *node.array) out.push_back(ToJson(item));
      return out;
    }
    case ENode::kObject: {
      Json out(Json::value_t::object);
      auto& members = out.get_ref<Json::object_t&>();
      members.reserve(node.object->size());
      for (const EMember& m : *node.object) {
        members.emplace_back(std::string(m.key), ToJson(m.value));
      }
      return out;
    }
  }
  return nullptr;
}

ENode ImportExpanded(const Json& json, Arena& arena) {
  if (json.is_array()) {
    EArray* array = arena.NewArray(json.size());
    for (const Json& item : json) array->push_back(ImportExpanded(item, arena));
    return ENode::Array(array);
  }
  if (json.is_object()) {
    EObject* object = arena.NewObject(json.size());
    for (const auto& [k, v] : json.items()) {
      Kw kw = KeywordKind(k);
      // @value and @json values stay JSON as they are.
      ENode value =
          kw == Kw::kValue ? ENode::FromJson(&v) : ImportExpanded(v, arena);
      object->push_back(EMember{kw, false, k, value});
    }
    return ENode::Object(object);
  }
  return ENode::FromJson(&json);
}

}  // namespace anycred::jsonld::internal
