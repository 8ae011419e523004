#include "core/credit/decision_credential.h"

#include <algorithm>
#include <set>

#include "core/crypto/sha2.h"
#include "core/encoding/base64.h"
#include "core/json/jcs.h"
#include "core/util/uuid.h"

namespace anycred::credit {

namespace {

Json StatusEntries(const Json& credential) {
  Json out = Json::array();
  auto it = credential.find("credentialStatus");
  if (it == credential.end()) return out;
  if (it->is_array()) {
    for (const auto& e : *it)
      if (e.is_object()) out.push_back(e);
  } else if (it->is_object()) {
    out.push_back(*it);
  }
  return out;
}

std::string Str(const Json& obj, const char* name) {
  auto it = obj.find(name);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : "";
}

// A JSON number for credits: whole numbers as integers, so that 3 is
// written 3 and not 3.0.
Json CreditsValue(double credits) {
  double rounded = static_cast<double>(static_cast<long long>(credits));
  if (rounded == credits) return static_cast<long long>(credits);
  return std::stod(FormatCredits(credits));
}

}  // namespace

Result<std::string> CredentialDigest(const Json& credential) {
  ANYCRED_ASSIGN_OR_RETURN(std::string canonical, JcsSerialize(credential));
  crypto::Sha256Digest digest = crypto::Sha256(canonical);
  return "sha256-" + encoding::Base64Encode(digest);
}

Result<Json> DecisionCredential(const Decision& decision,
                                const std::vector<Evidence>& evidence,
                                const std::vector<Json>& sources,
                                const DecisionCredentialOptions& options) {
  if (sources.size() != evidence.size()) {
    return Status::Error("INVALID_ARGUMENT",
                         "each piece of evidence needs its source credential");
  }
  if (decision.granted == 0) {
    return Status::Error("NOTHING_GRANTED",
                         "no target was granted, so there is no credit to "
                         "record in a credential");
  }
  Json grants = Json::array();
  for (const auto& t : decision.targets) {
    if (!t.granted) continue;
    Json used = Json::array();
    for (const auto& u : t.evidence) {
      const Evidence& e = evidence[u.index];
      Json s = Json::object();
      s["type"] = "SourceCredential";
      if (!e.credential_id.empty() &&
          e.credential_id.find(':') != std::string::npos)
        s["id"] = e.credential_id;
      s["sourceIssuer"] = e.issuer_id;
      if (!e.achievement_id.empty()) s["achievementId"] = e.achievement_id;
      if (!e.achievement_name.empty())
        s["achievementName"] = e.achievement_name;
      s["matched"] = u.matched;
      ANYCRED_ASSIGN_OR_RETURN(s["digestSRI"],
                               CredentialDigest(sources[u.index]));
      Json status = StatusEntries(sources[u.index]);
      if (!status.empty()) s["sourceStatus"] = std::move(status);
      used.push_back(std::move(s));
    }
    grants.push_back({{"type", "CreditGrant"},
                      {"targetCode", t.code},
                      {"targetTitle", t.title},
                      {"credits", CreditsValue(t.credits)},
                      {"rule", t.rule},
                      {"source", std::move(used)}});
  }
  Json subject = Json::object();
  if (!options.subject_id.empty()) subject["id"] = options.subject_id;
  subject["type"] = "CreditDecision";
  if (!decision.policy_id.empty())
    subject["institutionPolicy"] = decision.policy_id;
  subject["evaluatedAt"] = FormatDateTime(decision.at);
  subject["totalCredits"] = CreditsValue(decision.credits);
  subject["grant"] = std::move(grants);

  Json vc = Json::object();
  vc["@context"] = {"https://www.w3.org/ns/credentials/v2", kDecisionContext};
  vc["id"] = options.id.empty() ? NewUrnUuid() : options.id;
  vc["type"] = {"VerifiableCredential", "CreditDecisionCredential"};
  vc["issuer"] = {{"id", decision.institution_id},
                  {"name", decision.institution_name}};
  vc["validFrom"] = FormatDateTime(options.valid_from);
  vc["name"] = "Credit granted by " + decision.institution_name;
  vc["credentialSubject"] = std::move(subject);
  return vc;
}

Result<std::vector<DecisionSource>> DecisionSources(const Json& decision) {
  auto malformed = [](const std::string& what) {
    return Status::Error("MALFORMED_CREDENTIAL", what);
  };
  const Json* type = decision.is_object() && decision.contains("type")
                         ? &decision["type"]
                         : nullptr;
  bool is_decision = type != nullptr && type->is_array() &&
                     std::find(type->begin(), type->end(),
                               Json("CreditDecisionCredential")) != type->end();
  if (!is_decision)
    return malformed("type: this is not a CreditDecisionCredential");
  auto subject = decision.find("credentialSubject");
  if (subject == decision.end() || !subject->is_object())
    return malformed("credentialSubject: must be an object");
  auto grants = subject->find("grant");
  if (grants == subject->end() || !grants->is_array())
    return malformed("credentialSubject.grant: must be a list");
  std::vector<DecisionSource> out;
  for (std::size_t g = 0; g < grants->size(); ++g) {
    const Json& grant = (*grants)[g];
    std::string path = "credentialSubject.grant[" + std::to_string(g) + "]";
    if (!grant.is_object() || !grant.contains("source") ||
        !grant["source"].is_array())
      return malformed(path + ".source: must be a list");
    for (const Json& s : grant["source"]) {
      if (!s.is_object())
        return malformed(path + ".source: entries must be objects");
      DecisionSource d;
      d.target_code = Str(grant, "targetCode");
      d.credential_id = Str(s, "id");
      d.issuer = Str(s, "sourceIssuer");
      d.achievement = Str(s, "achievementName");
      d.digest = Str(s, "digestSRI");
      if (auto st = s.find("sourceStatus"); st != s.end() && st->is_array())
        d.status = *st;
      out.push_back(std::move(d));
    }
  }
  return out;
}

}  // namespace anycred::credit
