#include "core/credit/policy.h"

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <set>

namespace anycred::credit {

namespace {

constexpr const char* kInvalid = "INVALID_POLICY";

Status Error(const std::string& path, const std::string& problem) {
  return Status::Error(kInvalid, path + ": " + problem);
}

// Unknown members are refused: a misspelt condition ("minScore") would
// otherwise silently make a rule more generous than its authors meant.
Status OnlyMembers(const Json& obj, const std::string& path,
                   std::initializer_list<const char*> allowed) {
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    bool known = false;
    for (const char* a : allowed) known = known || it.key() == a;
    if (!known) {
      std::string list;
      for (const char* a : allowed)
        list += (list.empty() ? "" : ", ") + std::string(a);
      return Error(
          path, "unknown member \"" + it.key() + "\" (expected: " + list + ")");
    }
  }
  return Status::Ok();
}

Result<std::string> String(const Json& obj, const char* name,
                           const std::string& path, bool required) {
  auto it = obj.find(name);
  if (it == obj.end()) {
    if (required)
      return Error(path, std::string("\"") + name + "\" is required");
    return std::string();
  }
  if (!it->is_string() || it->get_ref<const std::string&>().empty())
    return Error(path + "." + name, "must be a non-empty string");
  return it->get<std::string>();
}

Result<std::optional<double>> Number(const Json& obj, const char* name,
                                     const std::string& path) {
  auto it = obj.find(name);
  if (it == obj.end()) return std::optional<double>();
  if (!it->is_number() || !std::isfinite(it->get<double>()) ||
      it->get<double>() < 0)
    return Error(path + "." + name, "must be a number, zero or more");
  return std::optional<double>(it->get<double>());
}

Result<bool> Bool(const Json& obj, const char* name, const std::string& path,
                  bool fallback) {
  auto it = obj.find(name);
  if (it == obj.end()) return fallback;
  if (!it->is_boolean())
    return Error(path + "." + name, "must be true or false");
  return it->get<bool>();
}

Result<Alignment> ParseAlignment(const Json& j, const std::string& path,
                                 bool need_code) {
  if (!j.is_object()) return Error(path, "must be an object");
  ANYCRED_RETURN_IF_ERROR(
      OnlyMembers(j, path, {"framework", "code", "type", "name", "url"}));
  Alignment a;
  ANYCRED_ASSIGN_OR_RETURN(a.framework,
                           String(j, "framework", path, need_code));
  ANYCRED_ASSIGN_OR_RETURN(a.code, String(j, "code", path, need_code));
  ANYCRED_ASSIGN_OR_RETURN(a.type, String(j, "type", path, false));
  ANYCRED_ASSIGN_OR_RETURN(a.name, String(j, "name", path, false));
  ANYCRED_ASSIGN_OR_RETURN(a.url, String(j, "url", path, false));
  return a;
}

Result<MinResult> ParseMinResult(const Json& j, const std::string& path) {
  if (!j.is_object()) return Error(path, "must be an object");
  ANYCRED_RETURN_IF_ERROR(
      OnlyMembers(j, path, {"result", "score", "level", "levels"}));
  MinResult m;
  ANYCRED_ASSIGN_OR_RETURN(m.result, String(j, "result", path, false));
  ANYCRED_ASSIGN_OR_RETURN(m.score, Number(j, "score", path));
  ANYCRED_ASSIGN_OR_RETURN(m.level, String(j, "level", path, false));
  if (m.score.has_value() == !m.level.empty())
    return Error(path, "give either score or level (with levels)");
  if (!m.level.empty()) {
    auto it = j.find("levels");
    if (it == j.end() || !it->is_array() || it->empty())
      return Error(path + ".levels",
                   "a level needs the ordered list of levels, lowest first");
    for (std::size_t i = 0; i < it->size(); ++i) {
      if (!(*it)[i].is_string())
        return Error(path + ".levels[" + std::to_string(i) + "]",
                     "must be a string");
      m.levels.push_back((*it)[i].get<std::string>());
    }
    if (std::find(m.levels.begin(), m.levels.end(), m.level) == m.levels.end())
      return Error(path + ".level",
                   "\"" + m.level + "\" is not one of the levels listed");
  } else if (j.contains("levels")) {
    return Error(path + ".levels", "only used with level");
  }
  return m;
}

Result<EvidenceMatch> ParseMatch(const Json& j, const std::string& path) {
  if (!j.is_object()) return Error(path, "must be an object");
  ANYCRED_RETURN_IF_ERROR(OnlyMembers(
      j, path,
      {"achievementId", "alignment", "achievementType", "fieldOfStudy",
       "issuer", "recognizedIssuer", "minResult", "earnedWithin"}));
  EvidenceMatch m;
  ANYCRED_ASSIGN_OR_RETURN(m.achievement_id,
                           String(j, "achievementId", path, false));
  if (auto it = j.find("alignment"); it != j.end()) {
    ANYCRED_ASSIGN_OR_RETURN(Alignment a,
                             ParseAlignment(*it, path + ".alignment", true));
    m.alignment = a;
  }
  ANYCRED_ASSIGN_OR_RETURN(m.achievement_type,
                           String(j, "achievementType", path, false));
  ANYCRED_ASSIGN_OR_RETURN(m.field_of_study,
                           String(j, "fieldOfStudy", path, false));
  if (m.achievement_id.empty() && !m.alignment && m.achievement_type.empty() &&
      m.field_of_study.empty()) {
    return Error(path,
                 "say what counts: achievementId, alignment, or "
                 "achievementType and/or fieldOfStudy");
  }
  if (auto it = j.find("issuer"); it != j.end()) {
    if (it->is_string()) {
      m.issuers.push_back(it->get<std::string>());
    } else if (it->is_array()) {
      for (std::size_t i = 0; i < it->size(); ++i) {
        if (!(*it)[i].is_string())
          return Error(path + ".issuer[" + std::to_string(i) + "]",
                       "must be an issuer id (string)");
        m.issuers.push_back((*it)[i].get<std::string>());
      }
    } else {
      return Error(path + ".issuer", "must be an issuer id or a list of them");
    }
  }
  ANYCRED_ASSIGN_OR_RETURN(m.require_recognized,
                           Bool(j, "recognizedIssuer", path, true));
  if (auto it = j.find("minResult"); it != j.end()) {
    ANYCRED_ASSIGN_OR_RETURN(MinResult r,
                             ParseMinResult(*it, path + ".minResult"));
    m.min_result = r;
  }
  if (auto it = j.find("earnedWithin"); it != j.end()) {
    if (!it->is_string())
      return Error(path + ".earnedWithin", "must be a duration such as P5Y");
    auto d = ParseDuration(it->get<std::string>());
    if (!d.ok()) return Error(path + ".earnedWithin", d.status().message());
    m.earned_within = *d;
  }
  return m;
}

Result<Condition> ParseCondition(const Json& j, const std::string& path,
                                 int depth) {
  if (depth > 16) return Error(path, "conditions are nested too deeply");
  if (!j.is_object() || j.empty())
    return Error(path, "must be an object: evidence, allOf, anyOf or atLeast");
  Condition c;
  c.path = path;
  if (j.contains("evidence")) {
    ANYCRED_RETURN_IF_ERROR(OnlyMembers(j, path, {"evidence"}));
    c.kind = Condition::Kind::kEvidence;
    ANYCRED_ASSIGN_OR_RETURN(c.match,
                             ParseMatch(j["evidence"], path + ".evidence"));
    return c;
  }
  const char* list_name;
  if (j.contains("allOf")) {
    ANYCRED_RETURN_IF_ERROR(OnlyMembers(j, path, {"allOf"}));
    c.kind = Condition::Kind::kAllOf;
    list_name = "allOf";
  } else if (j.contains("anyOf")) {
    ANYCRED_RETURN_IF_ERROR(OnlyMembers(j, path, {"anyOf"}));
    c.kind = Condition::Kind::kAnyOf;
    list_name = "anyOf";
  } else if (j.contains("atLeast")) {
    ANYCRED_RETURN_IF_ERROR(OnlyMembers(j, path, {"atLeast", "of"}));
    c.kind = Condition::Kind::kAtLeast;
    list_name = "of";
    const Json& n = j["atLeast"];
    if (!n.is_number_integer() || n.get<std::int64_t>() < 1)
      return Error(path + ".atLeast", "must be a whole number, 1 or more");
    c.at_least = n.get<std::size_t>();
  } else {
    return ParseCondition(Json::object(), path, depth);  // the generic error
  }
  auto it = j.find(list_name);
  if (it == j.end() || !it->is_array() || it->empty())
    return Error(path + "." + list_name,
                 "must be a non-empty list of conditions");
  for (std::size_t i = 0; i < it->size(); ++i) {
    ANYCRED_ASSIGN_OR_RETURN(
        Condition child,
        ParseCondition((*it)[i],
                       path + "." + list_name + "[" + std::to_string(i) + "]",
                       depth + 1));
    c.children.push_back(std::move(child));
  }
  if (c.kind == Condition::Kind::kAtLeast && c.at_least > c.children.size())
    return Error(path + ".atLeast", "asks for more conditions than it lists");
  return c;
}

Result<Credit> ParseCredit(const Json& j, const std::string& path) {
  Credit c;
  if (!j.is_object()) return Error(path, "must be an object");
  ANYCRED_RETURN_IF_ERROR(OnlyMembers(
      j, path, {"fixed", "fromEvidence", "factor", "fromHours", "max"}));
  int kinds = j.contains("fixed") + j.contains("fromEvidence") +
              j.contains("fromHours");
  if (kinds != 1)
    return Error(path, "give exactly one of fixed, fromEvidence or fromHours");
  ANYCRED_ASSIGN_OR_RETURN(c.max, Number(j, "max", path));
  if (j.contains("fixed")) {
    c.kind = Credit::Kind::kFixed;
    ANYCRED_ASSIGN_OR_RETURN(auto fixed, Number(j, "fixed", path));
    c.fixed = *fixed;
  } else if (j.contains("fromEvidence")) {
    c.kind = Credit::Kind::kFromEvidence;
    const Json& from = j["fromEvidence"];
    if (from == "creditsEarned") {
      c.from_earned = true;
    } else if (from == "creditsAvailable") {
      c.from_earned = false;
    } else {
      return Error(path + ".fromEvidence",
                   "must be \"creditsEarned\" or \"creditsAvailable\"");
    }
    ANYCRED_ASSIGN_OR_RETURN(auto factor, Number(j, "factor", path));
    if (factor) c.factor = *factor;
  } else {
    c.kind = Credit::Kind::kFromHours;
    const Json& h = j["fromHours"];
    if (!h.is_object())
      return Error(path + ".fromHours", "must be {\"hoursPerCredit\": N}");
    ANYCRED_RETURN_IF_ERROR(
        OnlyMembers(h, path + ".fromHours", {"hoursPerCredit"}));
    ANYCRED_ASSIGN_OR_RETURN(auto per,
                             Number(h, "hoursPerCredit", path + ".fromHours"));
    if (per) c.hours_per_credit = *per;
    if (c.hours_per_credit <= 0)
      return Error(path + ".fromHours.hoursPerCredit", "must be more than 0");
  }
  if (j.contains("factor") && c.kind != Credit::Kind::kFromEvidence)
    return Error(path + ".factor", "only used with fromEvidence");
  return c;
}

}  // namespace

const Target* Policy::FindTarget(const std::string& code) const {
  for (const auto& t : targets)
    if (t.code == code) return &t;
  return nullptr;
}

Result<Policy> ParsePolicy(const Json& j) {
  if (!j.is_object()) return Error("policy", "must be a JSON object");
  ANYCRED_RETURN_IF_ERROR(OnlyMembers(j, "policy",
                                      {"@context", "type", "id", "institution",
                                       "registry", "targets", "rules"}));
  if (j.value("type", "") != "CreditPolicy")
    return Error("type", "must be \"CreditPolicy\"");
  Policy p;
  ANYCRED_ASSIGN_OR_RETURN(p.id, String(j, "id", "policy", false));
  auto inst = j.find("institution");
  if (inst == j.end() || !inst->is_object())
    return Error("institution", "is required: {\"id\": DID, \"name\": NAME}");
  ANYCRED_RETURN_IF_ERROR(OnlyMembers(*inst, "institution", {"id", "name"}));
  ANYCRED_ASSIGN_OR_RETURN(p.institution_id,
                           String(*inst, "id", "institution", true));
  ANYCRED_ASSIGN_OR_RETURN(p.institution_name,
                           String(*inst, "name", "institution", true));
  if (auto r = j.find("registry"); r != j.end()) {
    if (!r->is_object() && !r->is_string())
      return Error("registry", "must be a registry object or a file name");
    p.registry = *r;
  }

  auto targets = j.find("targets");
  if (targets == j.end() || !targets->is_array() || targets->empty())
    return Error("targets", "must be a non-empty list");
  std::set<std::string> codes;
  for (std::size_t i = 0; i < targets->size(); ++i) {
    std::string path = "targets[" + std::to_string(i) + "]";
    const Json& t = (*targets)[i];
    if (!t.is_object()) return Error(path, "must be an object");
    ANYCRED_RETURN_IF_ERROR(
        OnlyMembers(t, path, {"code", "title", "credits", "alignment"}));
    Target target;
    ANYCRED_ASSIGN_OR_RETURN(target.code, String(t, "code", path, true));
    ANYCRED_ASSIGN_OR_RETURN(target.title, String(t, "title", path, true));
    ANYCRED_ASSIGN_OR_RETURN(auto credits, Number(t, "credits", path));
    if (!credits) return Error(path, "\"credits\" is required");
    target.credits = *credits;
    if (auto a = t.find("alignment"); a != t.end()) {
      if (!a->is_array()) return Error(path + ".alignment", "must be a list");
      for (std::size_t k = 0; k < a->size(); ++k) {
        ANYCRED_ASSIGN_OR_RETURN(
            Alignment al,
            ParseAlignment((*a)[k],
                           path + ".alignment[" + std::to_string(k) + "]",
                           false));
        target.alignment.push_back(std::move(al));
      }
    }
    if (!codes.insert(target.code).second)
      return Error(path + ".code", "\"" + target.code + "\" is listed twice");
    p.targets.push_back(std::move(target));
  }

  auto rules = j.find("rules");
  if (rules == j.end() || !rules->is_array() || rules->empty())
    return Error("rules", "must be a non-empty list");
  std::set<std::string> ids;
  for (std::size_t i = 0; i < rules->size(); ++i) {
    std::string path = "rules[" + std::to_string(i) + "]";
    const Json& r = (*rules)[i];
    if (!r.is_object()) return Error(path, "must be an object");
    ANYCRED_RETURN_IF_ERROR(
        OnlyMembers(r, path,
                    {"id", "target", "when", "credit", "shareEvidence",
                     "allowSeatTime", "note"}));
    Rule rule;
    ANYCRED_ASSIGN_OR_RETURN(rule.id, String(r, "id", path, false));
    if (rule.id.empty()) rule.id = "rule " + std::to_string(i + 1);
    if (!ids.insert(rule.id).second)
      return Error(path + ".id", "\"" + rule.id + "\" is used twice");
    ANYCRED_ASSIGN_OR_RETURN(rule.target, String(r, "target", path, true));
    const Target* target = p.FindTarget(rule.target);
    if (target == nullptr)
      return Error(path + ".target",
                   "\"" + rule.target + "\" is not one of the targets");
    auto when = r.find("when");
    if (when == r.end()) return Error(path, "\"when\" is required");
    ANYCRED_ASSIGN_OR_RETURN(rule.when,
                             ParseCondition(*when, path + ".when", 0));
    if (auto c = r.find("credit"); c != r.end()) {
      ANYCRED_ASSIGN_OR_RETURN(rule.credit, ParseCredit(*c, path + ".credit"));
    } else {
      rule.credit.fixed = target->credits;
    }
    ANYCRED_ASSIGN_OR_RETURN(rule.share_evidence,
                             Bool(r, "shareEvidence", path, false));
    ANYCRED_ASSIGN_OR_RETURN(rule.allow_seat_time,
                             Bool(r, "allowSeatTime", path, false));
    if (rule.credit.kind == Credit::Kind::kFromHours && !rule.allow_seat_time)
      return Error(
          path + ".credit.fromHours",
          "credit from hours needs \"allowSeatTime\": true on the rule");
    if (auto note = r.find("note"); note != r.end() && !note->is_string())
      return Error(path + ".note", "must be a string");
    p.rules.push_back(std::move(rule));
  }
  return p;
}

}  // namespace anycred::credit
