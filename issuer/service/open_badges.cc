#include "issuer/service/open_badges.h"

#include <algorithm>
#include <cctype>

#include "core/crypto/sha2.h"
#include "core/util/datetime.h"
#include "core/util/uuid.h"
#include "core/vc/structure.h"

namespace anycred::issuer {

namespace {

Status Bad(const std::string& field, const std::string& problem) {
  return Status::Error(kInvalidRequest, field + ": " + problem);
}
Status Malformed(const std::string& field, const std::string& problem) {
  return Status::Error(vc::kMalformedCredential, field + ": " + problem);
}

bool HasType(const Json& obj, const std::string& type) {
  if (!obj.contains("type")) return false;
  const Json& t = obj["type"];
  if (t.is_string()) return t == type;
  if (!t.is_array()) return false;
  return std::find(t.begin(), t.end(), Json(type)) != t.end();
}

// Adds `type: [type]` when absent; an existing type must include it.
Status EnsureType(Json* obj, const std::string& type, const std::string& path) {
  if (!obj->is_object()) return Malformed(path, "must be a JSON object");
  if (!obj->contains("type")) {
    (*obj)["type"] = Json::array({type});
    return Status::Ok();
  }
  if (!HasType(*obj, type))
    return Malformed(path + ".type", "must include \"" + type + "\"");
  return Status::Ok();
}

Status RequireString(const Json& obj, const char* name,
                     const std::string& path) {
  if (!obj.contains(name)) return Malformed(path + "." + name, "is required");
  if (!obj[name].is_string() || obj[name].get<std::string>().empty())
    return Malformed(path + "." + name, "must be a non-empty text");
  return Status::Ok();
}

Status EachObject(
    Json* obj, const char* name, const std::string& path,
    const std::string& type,
    const std::function<Status(Json*, const std::string&)>& more) {
  if (!obj->contains(name)) return Status::Ok();
  Json& arr = (*obj)[name];
  if (arr.is_object()) arr = Json::array({arr});
  if (!arr.is_array()) return Malformed(path + "." + name, "must be a list");
  for (std::size_t i = 0; i < arr.size(); ++i) {
    std::string p = path + "." + name + "[" + std::to_string(i) + "]";
    ANYCRED_RETURN_IF_ERROR(EnsureType(&arr[i], type, p));
    if (more) ANYCRED_RETURN_IF_ERROR(more(&arr[i], p));
  }
  return Status::Ok();
}

Status CheckAlignment(Json* a, const std::string& p) {
  ANYCRED_RETURN_IF_ERROR(RequireString(*a, "targetName", p));
  ANYCRED_RETURN_IF_ERROR(RequireString(*a, "targetUrl", p));
  if (!vc::IsUrl((*a)["targetUrl"]))
    return Malformed(p + ".targetUrl", "must be an absolute URL");
  return Status::Ok();
}

Status CheckAlignments(Json* obj, const std::string& path) {
  return EachObject(obj, "alignment", path, "Alignment", CheckAlignment);
}

Status CheckLevel(Json* l, const std::string& lp) {
  ANYCRED_RETURN_IF_ERROR(RequireString(*l, "id", lp));
  ANYCRED_RETURN_IF_ERROR(RequireString(*l, "name", lp));
  return CheckAlignments(l, lp);
}

Status CheckResultDescription(Json* rd, const std::string& rp) {
  ANYCRED_RETURN_IF_ERROR(RequireString(*rd, "id", rp));
  ANYCRED_RETURN_IF_ERROR(RequireString(*rd, "name", rp));
  ANYCRED_RETURN_IF_ERROR(RequireString(*rd, "resultType", rp));
  ANYCRED_RETURN_IF_ERROR(CheckAlignments(rd, rp));
  return EachObject(rd, "rubricCriterionLevel", rp, "RubricCriterionLevel",
                    CheckLevel);
}

}  // namespace

std::string IdentityHash(const std::string& value, const std::string& salt) {
  return "sha256$" +
         crypto::HashHex(crypto::HashAlgorithm::kSha256, value + salt);
}

Result<Json> NormalizeAchievement(Json a, const std::string& url) {
  const std::string p = "achievement";
  if (!a.is_object()) return Bad(p, "must be a JSON object");
  a["id"] = url;
  ANYCRED_RETURN_IF_ERROR(EnsureType(&a, "Achievement", p));
  ANYCRED_RETURN_IF_ERROR(RequireString(a, "name", p));
  ANYCRED_RETURN_IF_ERROR(RequireString(a, "description", p));
  if (!a.contains("criteria"))
    return Malformed(p + ".criteria",
                     "is required: {\"narrative\": \"what the learner did\"} "
                     "or {\"id\": URL of the criteria page}");
  const Json& c = a["criteria"];
  if (!c.is_object() || (!c.contains("narrative") && !c.contains("id")))
    return Malformed(p + ".criteria",
                     "must be an object with a narrative or an id");
  if (a.contains("achievementType") && !a["achievementType"].is_string())
    return Malformed(p + ".achievementType", "must be a text");
  if (a.contains("creditsAvailable") && !a["creditsAvailable"].is_number())
    return Malformed(p + ".creditsAvailable", "must be a number");
  if (a.contains("fieldOfStudy") && !a["fieldOfStudy"].is_string())
    return Malformed(p + ".fieldOfStudy", "must be a text");
  ANYCRED_RETURN_IF_ERROR(CheckAlignments(&a, p));
  ANYCRED_RETURN_IF_ERROR(EachObject(
      &a, "resultDescription", p, "ResultDescription", CheckResultDescription));
  if (a.contains("image")) {
    Json& img = a["image"];
    if (img.is_string()) img = Json{{"id", img.get<std::string>()}};
    ANYCRED_RETURN_IF_ERROR(EnsureType(&img, "Image", p + ".image"));
    ANYCRED_RETURN_IF_ERROR(RequireString(img, "id", p + ".image"));
  }
  return a;
}

Result<Json> BuildAward(const store::Organization& org, const Json& achievement,
                        const Json& request, const std::string& salt) {
  if (!request.is_object()) return Bad("body", "must be a JSON object");
  if (!request.contains("recipient"))
    return Bad("recipient",
               "is required: {\"id\": DID} or {\"email\": …} or "
               "{\"studentId\": …}");
  const Json& r = request["recipient"];
  if (!r.is_object()) return Bad("recipient", "must be a JSON object");
  Json subject = Json::object();
  if (r.contains("id")) {
    if (!vc::IsUrl(r["id"]))
      return Bad("recipient.id", "must be a DID or an absolute URL");
    subject["id"] = r["id"];
  }
  subject["type"] = Json::array({"AchievementSubject"});
  auto add_identifier = [&](const char* field, const char* identity_type,
                            bool lowercase) -> Status {
    if (!r.contains(field)) return Status::Ok();
    if (!r[field].is_string() || r[field].get<std::string>().empty())
      return Bad(std::string("recipient.") + field, "must be a non-empty text");
    std::string value = r[field].get<std::string>();
    value.erase(0, value.find_first_not_of(" \t"));
    value.erase(value.find_last_not_of(" \t") + 1);
    if (lowercase)
      std::transform(value.begin(), value.end(), value.begin(),
                     [](unsigned char c) { return std::tolower(c); });
    if (std::string(field) == "email" && value.find('@') == std::string::npos)
      return Bad("recipient.email", "is not an email address");
    subject["identifier"].push_back(
        Json{{"type", "IdentityObject"},
             {"identityHash", IdentityHash(value, salt)},
             {"identityType", identity_type},
             {"hashed", true},
             {"salt", salt}});
    return Status::Ok();
  };
  ANYCRED_RETURN_IF_ERROR(add_identifier("email", "emailAddress", true));
  ANYCRED_RETURN_IF_ERROR(add_identifier("studentId", "sisSourcedId", false));
  if (!subject.contains("id") && !subject.contains("identifier"))
    return Bad("recipient", "needs an id (DID), an email or a studentId");
  if (r.contains("name")) {
    // The name is there to be read (a wallet shows whose badge it is), so
    // it is not hashed: OB 3.0 lets identityHash hold the plain value.
    if (!r["name"].is_string() || r["name"].get<std::string>().empty())
      return Bad("recipient.name", "must be a non-empty text");
    subject["identifier"].push_back(
        Json{{"type", "IdentityObject"},
             {"identityHash", r["name"].get<std::string>()},
             {"identityType", "name"},
             {"hashed", false}});
  }
  subject["achievement"] = achievement;
  if (request.contains("result")) {
    Json results = request["result"];
    if (!results.is_array()) return Bad("result", "must be a list");
    for (std::size_t i = 0; i < results.size(); ++i)
      ANYCRED_RETURN_IF_ERROR(EnsureType(&results[i], "Result",
                                         "result[" + std::to_string(i) + "]"));
    subject["result"] = results;
  }
  Json cred = Json::object();
  cred["@context"] = Json::array({vc::kContextV2, kObContext});
  cred["id"] = NewTimeOrderedUrnUuid();
  cred["type"] = Json::array({"VerifiableCredential", "OpenBadgeCredential"});
  cred["issuer"] = Json{
      {"id", org.did}, {"type", Json::array({"Profile"})}, {"name", org.name}};
  for (const char* f : {"validFrom", "validUntil"}) {
    if (!request.contains(f)) continue;
    if (!request[f].is_string() ||
        !ParseDateTime(request[f].get<std::string>(), true).ok())
      return Bad(f,
                 "must be a date and time with a time zone, e.g. "
                 "2026-06-12T00:00:00Z");
    cred[f] = request[f];
  }
  if (!cred.contains("validFrom")) cred["validFrom"] = FormatDateTime(Now());
  cred["name"] = achievement.value("name", "");
  cred["credentialSubject"] = subject;
  if (request.contains("evidence")) {
    Json ev = request["evidence"];
    if (!ev.is_array()) return Bad("evidence", "must be a list");
    for (std::size_t i = 0; i < ev.size(); ++i)
      ANYCRED_RETURN_IF_ERROR(EnsureType(
          &ev[i], "Evidence", "evidence[" + std::to_string(i) + "]"));
    cred["evidence"] = ev;
  }
  // No credentialSchema: its type 1EdTechJsonSchemaValidator2019 is not
  // defined by the OB 3.0.3 context, so safe-mode signing refuses it.
  return cred;
}

Status CheckOpenBadge(const Json& credential) {
  if (!HasType(credential, "OpenBadgeCredential") &&
      !HasType(credential, "AchievementCredential"))
    return Status::Ok();
  if (!credential.contains("id"))
    return Malformed("id", "is required for Open Badges");
  const Json& s = credential.value("credentialSubject", Json());
  if (!s.is_object())
    return Malformed("credentialSubject",
                     "must be one AchievementSubject object");
  if (!s.contains("id") && !s.contains("identifier"))
    return Malformed("credentialSubject",
                     "needs an id or an identifier (the recipient)");
  if (!s.contains("achievement") || !s["achievement"].is_object())
    return Malformed("credentialSubject.achievement", "is required");
  const Json& a = s["achievement"];
  for (const char* f : {"id", "name", "description"})
    if (!a.contains(f))
      return Malformed(std::string("credentialSubject.achievement.") + f,
                       "is required");
  if (!a.contains("criteria"))
    return Malformed("credentialSubject.achievement.criteria", "is required");
  return Status::Ok();
}

}  // namespace anycred::issuer
