#include "core/vc/structure.h"

#include <algorithm>

#include "core/util/datetime.h"

namespace anycred::vc {

namespace {

class Checker {
 public:
  void Error(const std::string& path, const std::string& message) {
    problems_.push_back(
        Status::Error(kMalformedCredential, path + ": " + message));
  }
  std::vector<Status> Take() { return std::move(problems_); }

 private:
  std::vector<Status> problems_;
};

const char* TypeName(const Json& v) {
  switch (v.type()) {
    case Json::value_t::null:
      return "null";
    case Json::value_t::boolean:
      return "a boolean";
    case Json::value_t::string:
      return "a string";
    case Json::value_t::array:
      return "a list";
    case Json::value_t::object:
      return "an object";
    default:
      return "a number";
  }
}

std::vector<const Json*> Items(const Json& v) {
  std::vector<const Json*> out;
  if (v.is_array()) {
    for (const auto& item : v) out.push_back(&item);
  } else {
    out.push_back(&v);
  }
  return out;
}

std::string Indexed(const std::string& path, const Json& container,
                    std::size_t i) {
  return container.is_array() ? path + "[" + std::to_string(i) + "]" : path;
}

void CheckTypes(const Json& credential, Checker* c) {
  auto it = credential.find("type");
  if (it == credential.end()) {
    c->Error("type", "is required and must include \"VerifiableCredential\"");
    return;
  }
  bool has_vc = false;
  for (const Json* t : Items(*it)) {
    if (!t->is_string() || t->get<std::string>().empty()) {
      c->Error("type", "must be a name or a list of names, found " +
                           std::string(TypeName(*t)));
      return;
    }
    has_vc |= *t == "VerifiableCredential";
  }
  if (!has_vc) c->Error("type", "must include \"VerifiableCredential\"");
}

void CheckContext(const Json& credential, DataModel model, Checker* c) {
  auto it = credential.find("@context");
  if (it == credential.end()) {
    c->Error("@context",
             std::string("is required; its first entry must be ") + kContextV2);
    return;
  }
  if (model == DataModel::kUnknown) {
    c->Error("@context", std::string("the first entry must be ") + kContextV2 +
                             " (VC 2.0) or " + kContextV1 + " (VC 1.1)");
  }
  if (!it->is_array()) {
    if (!it->is_string())
      c->Error("@context", "must be a list of context URLs or objects");
    return;
  }
  for (std::size_t i = 0; i < it->size(); ++i) {
    const Json& entry = (*it)[i];
    if (entry.is_object()) continue;
    if (!IsUrl(entry)) {
      c->Error("@context[" + std::to_string(i) + "]",
               "must be a context URL or an object, found " +
                   (entry.is_string() ? "\"" + entry.get<std::string>() + "\""
                                      : std::string(TypeName(entry))));
    }
  }
}

void CheckIssuer(const Json& credential, Checker* c) {
  auto it = credential.find("issuer");
  if (it == credential.end()) {
    c->Error("issuer",
             "is required (a URL, or an object whose \"id\" is a URL)");
    return;
  }
  if (it->is_string()) {
    if (!IsUrl(*it))
      c->Error("issuer", "must be a URL such as a DID or https address");
  } else if (it->is_object()) {
    auto id = it->find("id");
    if (id == it->end()) {
      c->Error("issuer.id", "is required when issuer is an object");
    } else if (!IsUrl(*id)) {
      c->Error("issuer.id", "must be a URL such as a DID or https address");
    }
  } else {
    c->Error("issuer",
             std::string("must be a URL or an object, found ") + TypeName(*it));
  }
}

void CheckSubject(const Json& credential, Checker* c) {
  auto it = credential.find("credentialSubject");
  if (it == credential.end()) {
    c->Error("credentialSubject",
             "is required: it says who the credential is about and what they "
             "achieved");
    return;
  }
  if (it->is_array() && it->empty()) {
    c->Error("credentialSubject", "must not be an empty list");
    return;
  }
  auto items = Items(*it);
  for (std::size_t i = 0; i < items.size(); ++i) {
    std::string path = Indexed("credentialSubject", *it, i);
    const Json& s = *items[i];
    if (!s.is_object()) {
      c->Error(path, std::string("must be an object, found ") + TypeName(s));
      continue;
    }
    if (s.empty()) c->Error(path, "must make at least one claim (it is empty)");
    if (auto id = s.find("id"); id != s.end() && !IsUrl(*id))
      c->Error(path + ".id", "must be a URL");
  }
}

void CheckTypedObjects(const Json& credential, const char* field,
                       bool require_id, Checker* c) {
  auto it = credential.find(field);
  if (it == credential.end()) return;
  auto items = Items(*it);
  for (std::size_t i = 0; i < items.size(); ++i) {
    std::string path = Indexed(field, *it, i);
    const Json& o = *items[i];
    if (!o.is_object()) {
      c->Error(path, std::string("must be an object, found ") + TypeName(o));
      continue;
    }
    if (!o.contains("type")) c->Error(path + ".type", "is required");
    auto id = o.find("id");
    if (id == o.end() && require_id) c->Error(path + ".id", "is required");
    if (id != o.end() && !IsUrl(*id)) c->Error(path + ".id", "must be a URL");
  }
}

void CheckLanguageValue(const Json& credential, const char* field, Checker* c) {
  auto it = credential.find(field);
  if (it == credential.end()) return;
  auto ok = [](const Json& v) {
    if (v.is_string()) return true;
    if (!v.is_object()) return false;
    auto value = v.find("@value");
    if (value == v.end() || !value->is_string()) return false;
    for (auto m = v.begin(); m != v.end(); ++m) {
      if (m.key() != "@value" && m.key() != "@language" &&
          m.key() != "@direction")
        return false;
    }
    return true;
  };
  for (const Json* v : Items(*it)) {
    if (!ok(*v)) {
      c->Error(field,
               "must be text, or a language value {\"@value\", \"@language\", "
               "\"@direction\"}");
      return;
    }
  }
}

std::optional<Timestamp> CheckDate(const Json& credential, const char* field,
                                   bool require_offset, Checker* c) {
  auto it = credential.find(field);
  if (it == credential.end()) return std::nullopt;
  if (!it->is_string()) {
    c->Error(field,
             std::string("must be a date-time string, found ") + TypeName(*it));
    return std::nullopt;
  }
  auto t = ParseDateTime(it->get<std::string>(), require_offset);
  if (!t.ok()) {
    c->Error(field, t.status().message());
    return std::nullopt;
  }
  return *t;
}

}  // namespace

bool IsUrl(const Json& value) {
  if (!value.is_string()) return false;
  const std::string& s = value.get_ref<const std::string&>();
  std::size_t colon = s.find(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == s.size())
    return false;
  if (!std::isalpha(static_cast<unsigned char>(s[0]))) return false;
  for (std::size_t i = 1; i < colon; ++i) {
    char ch = s[i];
    if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '+' &&
        ch != '-' && ch != '.')
      return false;
  }
  return std::none_of(s.begin(), s.end(), [](char ch) {
    return static_cast<unsigned char>(ch) <= 0x20 || ch == '<' || ch == '>' ||
           ch == '"';
  });
}

DataModel DetectDataModel(const Json& credential) {
  if (!credential.is_object()) return DataModel::kUnknown;
  auto it = credential.find("@context");
  if (it == credential.end()) return DataModel::kUnknown;
  const Json& first = it->is_array() ? (it->empty() ? Json() : (*it)[0]) : *it;
  if (first == kContextV2) return DataModel::kV2;
  if (first == kContextV1) return DataModel::kV1_1;
  return DataModel::kUnknown;
}

std::string IssuerId(const Json& credential) {
  if (!credential.is_object()) return "";
  auto it = credential.find("issuer");
  if (it == credential.end()) return "";
  if (it->is_string()) return it->get<std::string>();
  if (it->is_object() && it->contains("id") && (*it)["id"].is_string())
    return (*it)["id"].get<std::string>();
  return "";
}

std::vector<Status> CheckCredentialStructure(const Json& credential) {
  Checker c;
  if (!credential.is_object()) {
    c.Error("(document)",
            std::string("a credential must be a JSON object, found ") +
                TypeName(credential));
    return c.Take();
  }
  DataModel model = DetectDataModel(credential);
  CheckContext(credential, model, &c);
  CheckTypes(credential, &c);
  if (auto id = credential.find("id"); id != credential.end() && !IsUrl(*id)) {
    c.Error("id", "must be a single URL (for example urn:uuid:…)");
  }
  CheckIssuer(credential, &c);
  CheckSubject(credential, &c);
  CheckLanguageValue(credential, "name", &c);
  CheckLanguageValue(credential, "description", &c);
  bool v1 = model == DataModel::kV1_1;
  CheckTypedObjects(credential, "credentialStatus", /*require_id=*/v1, &c);
  CheckTypedObjects(credential, "credentialSchema", /*require_id=*/true, &c);
  for (const char* f : {"refreshService", "termsOfUse", "evidence"})
    CheckTypedObjects(credential, f, false, &c);
  if (v1) {
    if (!credential.contains("issuanceDate"))
      c.Error("issuanceDate", "is required in a VC 1.1 credential");
    auto from = CheckDate(credential, "issuanceDate", false, &c);
    auto until = CheckDate(credential, "expirationDate", false, &c);
    if (from && until && *until < *from)
      c.Error("expirationDate", "is before issuanceDate");
  } else {
    auto from = CheckDate(credential, "validFrom", true, &c);
    auto until = CheckDate(credential, "validUntil", true, &c);
    if (from && until && *until < *from)
      c.Error("validUntil", "is before validFrom");
  }
  return c.Take();
}

}  // namespace anycred::vc
