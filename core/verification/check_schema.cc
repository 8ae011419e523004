// "schema": Open Badges 3.0 / CLR 2.0 conformance — the JSON Schemas the
// credential declares (credentialSchema) or, for an OB/CLR type without
// one, the schema of its type; and the rule the schemas cannot express
// (an AchievementSubject has an id and/or an identifier). See checks.h.
#include <algorithm>

#include "core/jsonschema/validator.h"
#include "core/vc/structure.h"
#include "core/verification/checks.h"

namespace anycred::verification {

namespace {
bool HasType(const Json& doc, const char* type) {
  auto t = doc.find("type");
  if (t == doc.end()) return false;
  if (t->is_string()) return *t == type;
  return t->is_array() &&
         std::find(t->begin(), t->end(), Json(type)) != t->end();
}

// The deepest errors only: "a failed because a.b failed" adds nothing.
std::vector<jsonschema::SchemaError> Leaves(
    std::vector<jsonschema::SchemaError> errors) {
  std::vector<jsonschema::SchemaError> out;
  for (const auto& e : errors) {
    bool has_deeper = std::any_of(
        errors.begin(), errors.end(), [&](const jsonschema::SchemaError& o) {
          return o.pointer.size() > e.pointer.size() &&
                 o.pointer.compare(0, e.pointer.size(), e.pointer) == 0 &&
                 o.pointer[e.pointer.size()] == '/';
        });
    bool cascade =
        e.message.rfind("Failed to validate against schema associated", 0) ==
            0 ||
        e.message.rfind("Failed to validate item", 0) == 0;
    if (!(has_deeper && cascade)) out.push_back(e);
  }
  return out;
}
}  // namespace

CheckResult CheckSchema(const Json& credential) {
  CheckResult r;
  r.check = "schema";
  if (!credential.is_object()) {
    r.outcome = Outcome::kFailed;
    r.summary = "The input is not a JSON object.";
    r.errors.push_back({"SCHEMA_INVALID", ": must be an object"});
    return r;
  }
  // Which schemas: the declared ones, else the one the type implies.
  std::vector<std::string> urls;
  bool declared = false;
  if (auto cs = credential.find("credentialSchema"); cs != credential.end()) {
    auto add = [&](const Json& s) {
      if (!s.is_object() || !s.contains("id") || !s["id"].is_string()) return;
      declared = true;
      std::string type = s.value("type", "");
      std::string id = s["id"].get<std::string>();
      if (type != "1EdTechJsonSchemaValidator2019" && type != "JsonSchema") {
        r.warnings.push_back({"SCHEMA_NOT_CHECKED", "credentialSchema " + id +
                                                        " of type \"" + type +
                                                        "\" is not checked"});
      } else if (!jsonschema::IsBundled(id)) {
        r.warnings.push_back(
            {"SCHEMA_NOT_CHECKED",
             "credentialSchema " + id +
                 " is not one of the bundled schemas and is not fetched"});
      } else {
        urls.push_back(id);
      }
    };
    if (cs->is_array()) {
      for (const auto& s : *cs) add(s);
    } else {
      add(*cs);
    }
  }
  // Only declared schemas are applied, as Open Badges 3.0 verification
  // says ("if a credentialSchema … exists"): the OB schemas are stricter
  // than VC 2.0 (no language-tagged names, one credentialStatus), so
  // applying them to credentials that do not claim them would refuse
  // valid credentials, and it would triple the cost of a verification.
  bool ob = HasType(credential, "OpenBadgeCredential") ||
            HasType(credential, "AchievementCredential");
  Json checked = Json::array();
  for (const auto& url : urls) {
    checked.push_back(url);
    auto result = jsonschema::Validate(url, credential);
    if (!result.ok()) {
      r.warnings.push_back({"SCHEMA_NOT_CHECKED", result.status().message()});
      continue;
    }
    for (const auto& e : Leaves(std::move(result).value())) {
      r.errors.push_back({"SCHEMA_INVALID",
                          (e.pointer.empty() ? std::string("/") : e.pointer) +
                              ": " + e.message});
    }
  }
  r.details["schemas"] = std::move(checked);
  // OB 3.0 §"Verification": the subject has an id and/or an identifier.
  if (ob) {
    auto s = credential.find("credentialSubject");
    auto check_subject = [&](const Json& subject, const std::string& ptr) {
      if (subject.is_object() && !subject.contains("id") &&
          !subject.contains("identifier")) {
        r.errors.push_back(
            {"SCHEMA_INVALID",
             ptr + ": an Open Badge's recipient needs an id or an identifier"});
      }
    };
    if (s != credential.end()) {
      if (s->is_array()) {
        for (std::size_t i = 0; i < s->size(); ++i)
          check_subject((*s)[i], "/credentialSubject/" + std::to_string(i));
      } else {
        check_subject(*s, "/credentialSubject");
      }
    }
  }
  if (!r.errors.empty()) {
    r.outcome = Outcome::kFailed;
    r.summary = "The credential does not follow its schema (" +
                std::to_string(r.errors.size()) +
                (r.errors.size() == 1 ? " problem)." : " problems).");
  } else if (urls.empty()) {
    r.summary = declared ? "No declared schema could be checked."
                : ob ? "The credential declares no JSON Schema, so none was "
                       "applied; its recipient is identified."
                     : "The credential declares no JSON Schema.";
  } else {
    r.summary = "The credential follows the " +
                std::string(urls.size() == 1 ? "schema " : "schemas ") +
                urls[0].substr(urls[0].rfind('/') + 1) +
                (urls.size() > 1 ? " and others" : "") + ".";
  }
  return r;
}

}  // namespace anycred::verification
