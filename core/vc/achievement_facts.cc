#include "core/vc/achievement_facts.h"

#include <algorithm>
#include <map>

#include "core/vc/structure.h"

namespace anycred::vc {

namespace {

constexpr int kMaxNesting = 8;  // CLR in presentation in CLR…

bool HasType(const Json& obj, const char* type) {
  if (!obj.is_object()) return false;
  auto t = obj.find("type");
  if (t == obj.end()) return false;
  if (t->is_string()) return *t == type;
  if (t->is_array())
    return std::any_of(t->begin(), t->end(),
                       [&](const Json& v) { return v == type; });
  return false;
}

std::vector<const Json*> Items(const Json& v) {
  std::vector<const Json*> out;
  if (v.is_array()) {
    for (const auto& item : v) out.push_back(&item);
  } else if (!v.is_null()) {
    out.push_back(&v);
  }
  return out;
}

const Json* Member(const Json& obj, const char* key) {
  if (!obj.is_object()) return nullptr;
  auto it = obj.find(key);
  return it == obj.end() ? nullptr : &*it;
}

// Copies obj[key] into out[as] as text, when it is text.
void CopyText(const Json& obj, const char* key, Json* out,
              const char* as = nullptr) {
  const Json* v = Member(obj, key);
  if (v == nullptr) return;
  std::string text = TextValue(*v);
  if (!text.empty()) (*out)[as ? as : key] = text;
}

void CopyNumber(const Json& obj, const char* key, Json* out, const char* as) {
  const Json* v = Member(obj, key);
  if (v != nullptr && v->is_number()) (*out)[as] = *v;
}

// A Profile (issuer, creator): id, name, url.
Json Profile(const Json& v) {
  Json p = Json::object();
  if (v.is_string()) {
    p["id"] = v;
  } else if (v.is_object()) {
    CopyText(v, "id", &p);
    CopyText(v, "name", &p);
    CopyText(v, "url", &p);
    CopyText(v, "email", &p);
  }
  return p;
}

std::string IdentityTypeWords(const std::string& t) {
  static const std::map<std::string, std::string> kWords = {
      {"emailAddress", "email address"},
      {"name", "name"},
      {"sourcedId", "sourced id"},
      {"systemId", "system id"},
      {"studentId", "student id"},
      {"userName", "user name"},
      {"accountId", "account id"},
      {"nationalIdentityNumber", "national identity number"},
      {"lisSourcedId", "LIS sourced id"},
      {"oneRosterSourcedId", "OneRoster sourced id"},
      {"sisSourcedId", "student information system id"},
      {"ltiUserId", "LTI user id"},
      {"identifier", "identifier"}};
  auto it = kWords.find(t);
  return it == kWords.end() ? (t.empty() ? "identifier" : t) : it->second;
}

Json Recipient(const Json& subject) {
  Json r = Json::object();
  CopyText(subject, "id", &r);
  Json ids = Json::array();
  std::vector<std::string> words;
  if (const Json* list = Member(subject, "identifier")) {
    for (const Json* item : Items(*list)) {
      if (!item->is_object()) continue;
      Json i = Json::object();
      std::string type = TextValue(item->value("identityType", Json()));
      std::string value = TextValue(item->value("identityHash", Json()));
      bool hashed = item->value("hashed", false) == true;
      bool salted = item->contains("salt");
      i["identityType"] = type;
      i["hashed"] = hashed;
      i["value"] = value;
      if (hashed) {
        std::string algorithm = value.rfind("md5$", 0) == 0 ? "MD5" : "SHA-256";
        std::string noun = IdentityTypeWords(type);
        bool vowel = std::string("aeiou").find(noun[0]) != std::string::npos;
        words.push_back((vowel ? "an " : "a ") + noun + ", hashed (" +
                        algorithm + (salted ? ", salted" : "") +
                        "): the credential does not show it, but you can "
                        "check an address you know against it");
      } else {
        words.push_back(IdentityTypeWords(type) + " " + value);
      }
      ids.push_back(std::move(i));
    }
  }
  if (!ids.empty()) r["identifiers"] = std::move(ids);
  std::string said;
  if (r.contains("id")) said = r["id"].get<std::string>();
  for (const auto& w : words) said += (said.empty() ? "" : "; ") + w;
  if (said.empty()) said = "not named in the credential";
  r["description"] = said;
  return r;
}

Json Alignments(const Json& achievement) {
  Json out = Json::array();
  const Json* list = Member(achievement, "alignment");
  if (list == nullptr) return out;
  for (const Json* a : Items(*list)) {
    if (!a->is_object()) continue;
    Json c = Json::object();
    for (const char* k : {"targetName", "targetFramework", "targetCode",
                          "targetType", "targetUrl", "targetDescription"})
      CopyText(*a, k, &c);
    if (!c.empty()) out.push_back(std::move(c));
  }
  return out;
}

Json Achievement(const Json& a) {
  Json out = Json::object();
  CopyText(a, "id", &out);
  CopyText(a, "name", &out);
  CopyText(a, "achievementType", &out, "type");
  CopyText(a, "description", &out);
  if (const Json* criteria = Member(a, "criteria");
      criteria && criteria->is_object()) {
    Json c = Json::object();
    CopyText(*criteria, "id", &c);
    CopyText(*criteria, "narrative", &c);
    if (!c.empty()) out["criteria"] = std::move(c);
  }
  CopyText(a, "fieldOfStudy", &out);
  CopyText(a, "specialization", &out);
  CopyText(a, "humanCode", &out);
  CopyText(a, "version", &out);
  CopyText(a, "inLanguage", &out);
  if (const Json* creator = Member(a, "creator")) {
    Json p = Profile(*creator);
    if (!p.empty()) out["creator"] = std::move(p);
  }
  if (const Json* tags = Member(a, "tag")) {
    Json t = Json::array();
    for (const Json* tag : Items(*tags)) {
      if (!TextValue(*tag).empty()) t.push_back(TextValue(*tag));
    }
    if (!t.empty()) out["tags"] = std::move(t);
  }
  return out;
}

Json Results(const Json& subject, const Json& achievement) {
  // Result descriptions and rubric levels by id, from the achievement.
  std::map<std::string, const Json*> descriptions, levels;
  if (const Json* rds = Member(achievement, "resultDescription")) {
    for (const Json* rd : Items(*rds)) {
      if (!rd->is_object()) continue;
      std::string id = TextValue(rd->value("id", Json()));
      if (!id.empty()) descriptions[id] = rd;
      if (const Json* ls = Member(*rd, "rubricCriterionLevel")) {
        for (const Json* l : Items(*ls)) {
          std::string lid =
              TextValue(l->is_object() ? l->value("id", Json()) : Json());
          if (!lid.empty()) levels[lid] = l;
        }
      }
    }
  }
  Json out = Json::array();
  const Json* list = Member(subject, "result");
  if (list == nullptr) return out;
  for (const Json* r : Items(*list)) {
    if (!r->is_object()) continue;
    Json j = Json::object();
    std::string rd = TextValue(r->value("resultDescription", Json()));
    if (auto it = descriptions.find(rd); it != descriptions.end()) {
      CopyText(*it->second, "name", &j);
      CopyText(*it->second, "resultType", &j);
      CopyText(*it->second, "valueMin", &j);
      CopyText(*it->second, "valueMax", &j);
    }
    CopyText(*r, "value", &j);
    CopyText(*r, "status", &j);
    std::string level = TextValue(r->value("achievedLevel", Json()));
    if (auto it = levels.find(level); it != levels.end()) {
      CopyText(*it->second, "name", &j, "achievedLevel");
    } else if (!level.empty()) {
      j["achievedLevel"] = level;
    }
    Json align = Alignments(*r);
    if (!align.empty()) j["competencies"] = std::move(align);
    if (!j.empty()) out.push_back(std::move(j));
  }
  return out;
}

Json Evidence(const Json& credential) {
  Json out = Json::array();
  const Json* list = Member(credential, "evidence");
  if (list == nullptr) return out;
  for (const Json* e : Items(*list)) {
    if (!e->is_object()) continue;
    Json j = Json::object();
    for (const char* k :
         {"id", "name", "description", "narrative", "genre", "audience"})
      CopyText(*e, k, &j);
    if (!j.empty()) out.push_back(std::move(j));
  }
  return out;
}

// A plain VC's subject claims, as "name: value" text (one level deep).
Json Claims(const Json& subject) {
  Json out = Json::object();
  if (!subject.is_object()) return out;
  for (const auto& [k, v] : subject.items()) {
    if (k == "id" || k == "type" || k == "@context") continue;
    std::string text = TextValue(v);
    if (text.empty() && (v.is_number() || v.is_boolean())) text = v.dump();
    if (text.empty() && v.is_object() && v.contains("name"))
      text = TextValue(v["name"]);
    if (text.empty()) text = DumpJson(v);
    if (text.size() > 200) text = text.substr(0, 197) + "...";
    out[k] = text;
  }
  return out;
}

Json Facts(const Json& doc, int depth);

Json PresentationFacts(const Json& vp, int depth) {
  Json f = Json::object();
  f["kind"] = "Verifiable Presentation";
  CopyText(vp, "id", &f);
  if (const Json* h = Member(vp, "holder")) {
    Json p = Profile(*h);
    if (!p.empty()) f["holder"] = std::move(p);
  }
  Json list = Json::array();
  if (const Json* vcs = Member(vp, "verifiableCredential")) {
    for (const Json* c : Items(*vcs)) {
      if (c->is_object()) list.push_back(Facts(*c, depth + 1));
    }
  }
  f["credentials"] = std::move(list);
  return f;
}

Json Facts(const Json& c, int depth) {
  Json f = Json::object();
  if (!c.is_object()) return f;
  if (depth > kMaxNesting) {
    f["kind"] = "(nested too deeply to list)";
    return f;
  }
  if (HasType(c, "VerifiablePresentation")) return PresentationFacts(c, depth);
  bool clr = HasType(c, "ClrCredential");
  bool ob =
      HasType(c, "OpenBadgeCredential") || HasType(c, "AchievementCredential");
  DataModel model = DetectDataModel(c);
  f["kind"] = clr  ? "Comprehensive Learner Record 2.0"
              : ob ? "Open Badge 3.0"
              : HasType(c, "EndorsementCredential") ? "Endorsement"
              : model == DataModel::kV1_1 ? "Verifiable Credential 1.1"
                                          : "Verifiable Credential";
  f["dataModel"] = model == DataModel::kV2     ? "2.0"
                   : model == DataModel::kV1_1 ? "1.1"
                                               : "unknown";
  CopyText(c, "id", &f);
  if (const Json* t = Member(c, "type")) f["type"] = *t;
  CopyText(c, "name", &f);
  CopyText(c, "description", &f);
  if (const Json* issuer = Member(c, "issuer")) {
    Json p = Profile(*issuer);
    if (!p.empty()) f["issuer"] = std::move(p);
  }

  const Json* subjects = Member(c, "credentialSubject");
  const Json* subject =
      subjects ? (subjects->is_array()
                      ? (subjects->empty() ? nullptr : &(*subjects)[0])
                      : subjects)
               : nullptr;
  Json dates = Json::object();
  for (const char* d : {"validFrom", "validUntil", "issuanceDate",
                        "expirationDate", "awardedDate"})
    CopyText(c, d, &dates);
  if (subject != nullptr && subject->is_object()) {
    f["recipient"] = Recipient(*subject);
    for (const char* d : {"activityStartDate", "activityEndDate"})
      CopyText(*subject, d, &dates);
    const Json* achievement = Member(*subject, "achievement");
    if (achievement != nullptr && achievement->is_object()) {
      f["achievement"] = Achievement(*achievement);
      Json comps = Alignments(*achievement);
      if (!comps.empty()) f["competencies"] = std::move(comps);
      Json credits = Json::object();
      CopyNumber(*achievement, "creditsAvailable", &credits, "available");
      CopyNumber(*subject, "creditsEarned", &credits, "earned");
      if (!credits.empty()) f["credits"] = std::move(credits);
      Json results = Results(*subject, *achievement);
      if (!results.empty()) f["results"] = std::move(results);
    }
    CopyText(*subject, "narrative", &f);
    CopyText(*subject, "term", &f);
    CopyText(*subject, "role", &f);
    if (clr) {
      Json list = Json::array();
      if (const Json* vcs = Member(*subject, "verifiableCredential")) {
        for (const Json* nested : Items(*vcs)) {
          if (nested->is_object()) list.push_back(Facts(*nested, depth + 1));
        }
      }
      f["credentials"] = std::move(list);
      if (const Json* partial = Member(c, "partial");
          partial && partial->is_boolean())
        f["partial"] = *partial;
    } else if (achievement == nullptr) {
      Json claims = Claims(*subject);
      if (!claims.empty()) f["claims"] = std::move(claims);
    }
  }
  if (!dates.empty()) f["dates"] = std::move(dates);
  Json evidence = Evidence(c);
  if (!evidence.empty()) f["evidence"] = std::move(evidence);
  return f;
}

std::string Str(const Json& obj, const char* key) {
  const Json* v = Member(obj, key);
  return v && v->is_string() ? v->get<std::string>() : "";
}

std::string Number(const Json& v) { return v.dump(); }

}  // namespace

std::string TextValue(const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_object() && v.contains("@value") && v["@value"].is_string())
    return v["@value"].get<std::string>();
  if (v.is_array() && !v.empty()) return TextValue(v[0]);
  return "";
}

Json AchievementFacts(const Json& credential) { return Facts(credential, 0); }

std::string AchievementFactsToText(const Json& f, const std::string& in) {
  std::string out;
  auto line = [&](const std::string& text) { out += in + text + "\n"; };
  std::string kind = Str(f, "kind");
  std::string name = Str(f, "name");
  if (const Json* a = Member(f, "achievement"); name.empty() && a)
    name = Str(*a, "name");
  line(kind + (name.empty() ? "" : ": " + name));
  if (!Str(f, "description").empty()) line("  " + Str(f, "description"));

  if (const Json* a = Member(f, "achievement")) {
    std::string t = Str(*a, "type");
    line("Achievement: " + Str(*a, "name") + (t.empty() ? "" : " (" + t + ")"));
    if (!Str(*a, "description").empty())
      line("  What it means: " + Str(*a, "description"));
    if (const Json* cr = Member(*a, "criteria")) {
      if (!Str(*cr, "narrative").empty())
        line("  How it was earned: " + Str(*cr, "narrative"));
      if (!Str(*cr, "id").empty()) line("  Criteria: " + Str(*cr, "id"));
    }
    if (!Str(*a, "fieldOfStudy").empty())
      line("  Field of study: " + Str(*a, "fieldOfStudy"));
    if (!Str(*a, "humanCode").empty()) line("  Code: " + Str(*a, "humanCode"));
    if (!Str(*a, "id").empty()) line("  Achievement id: " + Str(*a, "id"));
  }
  auto who = [](const Json& p) {
    std::string id = Str(p, "id"), n = Str(p, "name");
    return n.empty() ? id : (id.empty() ? n : n + " (" + id + ")");
  };
  if (const Json* i = Member(f, "issuer")) line("Issued by: " + who(*i));
  if (const Json* h = Member(f, "holder")) line("Presented by: " + who(*h));
  if (const Json* r = Member(f, "recipient"))
    line("Awarded to: " + Str(*r, "description"));
  if (const Json* comps = Member(f, "competencies")) {
    line("Competencies:");
    for (const auto& c : *comps) {
      std::string text = Str(c, "targetName");
      std::vector<std::string> parts;
      if (!Str(c, "targetFramework").empty())
        parts.push_back("framework " + Str(c, "targetFramework"));
      if (!Str(c, "targetCode").empty())
        parts.push_back("code " + Str(c, "targetCode"));
      if (!Str(c, "targetType").empty())
        parts.push_back("type " + Str(c, "targetType"));
      std::string detail;
      for (const auto& p : parts) detail += (detail.empty() ? "" : ", ") + p;
      if (!detail.empty()) text += " (" + detail + ")";
      line("  - " + text);
      if (!Str(c, "targetUrl").empty()) line("    " + Str(c, "targetUrl"));
    }
  }
  if (const Json* cr = Member(f, "credits")) {
    std::string text;
    if (cr->contains("earned")) text = Number((*cr)["earned"]) + " earned";
    if (cr->contains("available")) {
      text += (text.empty() ? "" : " of ") + Number((*cr)["available"]) +
              " available";
    }
    line("Credits: " + text);
  }
  if (const Json* rs = Member(f, "results")) {
    line("Results:");
    for (const auto& r : *rs) {
      std::string text = Str(r, "name").empty() ? "Result" : Str(r, "name");
      std::string value = Str(r, "value");
      if (!Str(r, "achievedLevel").empty())
        value += (value.empty() ? "" : ", ") + Str(r, "achievedLevel");
      if (!Str(r, "status").empty())
        value += (value.empty() ? "" : ", ") + Str(r, "status");
      if (!Str(r, "valueMax").empty() && !Str(r, "value").empty())
        value += " (out of " + Str(r, "valueMax") + ")";
      line("  - " + text + ": " + value +
           (Str(r, "resultType").empty() ? ""
                                         : " [" + Str(r, "resultType") + "]"));
    }
  }
  if (const Json* d = Member(f, "dates")) {
    std::string from = Str(*d, "validFrom").empty() ? Str(*d, "issuanceDate")
                                                    : Str(*d, "validFrom");
    std::string until = Str(*d, "validUntil").empty()
                            ? Str(*d, "expirationDate")
                            : Str(*d, "validUntil");
    if (!Str(*d, "awardedDate").empty())
      line("Awarded: " + Str(*d, "awardedDate"));
    if (!from.empty()) line("Valid from: " + from);
    line(until.empty() ? "Expires: never" : "Valid until: " + until);
    if (!Str(*d, "activityStartDate").empty() ||
        !Str(*d, "activityEndDate").empty())
      line("Activity: " + Str(*d, "activityStartDate") + " to " +
           Str(*d, "activityEndDate"));
  }
  if (!Str(f, "narrative").empty()) line("Narrative: " + Str(f, "narrative"));
  if (const Json* ev = Member(f, "evidence")) {
    line("Evidence:");
    for (const auto& e : *ev) {
      std::string text = Str(e, "name");
      std::string more = Str(e, "narrative").empty() ? Str(e, "description")
                                                     : Str(e, "narrative");
      if (!more.empty()) text += (text.empty() ? "" : ": ") + more;
      line("  - " + text);
      if (!Str(e, "id").empty()) line("    " + Str(e, "id"));
    }
  }
  if (const Json* claims = Member(f, "claims")) {
    line("Claims about the subject:");
    for (const auto& [k, v] : claims->items())
      line("  " + k + ": " + (v.is_string() ? v.get<std::string>() : v.dump()));
  }
  if (const Json* list = Member(f, "credentials")) {
    std::size_t n = list->size();
    if (Member(f, "partial") && (*Member(f, "partial")) == true)
      line(
          "(Partial record: not every achievement of the learner is "
          "included.)");
    line("Contains " + std::to_string(n) +
         (n == 1 ? " credential:" : " credentials:"));
    for (std::size_t i = 0; i < n; ++i) {
      std::string sub = AchievementFactsToText((*list)[i], in + "     ");
      std::string number = std::to_string(i + 1) + ". ";
      number.resize(std::max<std::size_t>(number.size(), 5), ' ');
      out += in + number + sub.substr(std::min(sub.size(), in.size() + 5));
    }
  }
  return out;
}

}  // namespace anycred::vc
