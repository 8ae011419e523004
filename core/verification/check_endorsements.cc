// "endorsements": EndorsementCredentials embedded in the credential, its
// achievement, its issuer profile or the achievement's creator, each
// verified as a credential of its own. See checks.h.
#include "core/vc/structure.h"
#include "core/verification/checks.h"
#include "core/verification/jwt_credential.h"

namespace anycred::verification {

namespace {
struct Found {
  std::string path;           // JSON path of the endorsement
  std::string endorsed;       // id of what carries it (profile, achievement)
  const Json* credential;     // the EndorsementCredential (null for a JWT)
  const Json* jwt = nullptr;  // the compact JWS of an endorsementJwt
};

void Collect(const Json& holder, const std::string& path,
             std::vector<Found>* out) {
  if (!holder.is_object()) return;
  std::string endorsed = holder.value("id", "");
  if (auto e = holder.find("endorsement"); e != holder.end()) {
    if (e->is_array()) {
      for (std::size_t i = 0; i < e->size(); ++i)
        out->push_back({path + "endorsement[" + std::to_string(i) + "]",
                        endorsed, &(*e)[i]});
    } else {
      out->push_back({path + "endorsement", endorsed, &*e});
    }
  }
  if (auto j = holder.find("endorsementJwt"); j != holder.end()) {
    if (j->is_array()) {
      for (std::size_t i = 0; i < j->size(); ++i)
        out->push_back({path + "endorsementJwt[" + std::to_string(i) + "]",
                        endorsed, nullptr, &(*j)[i]});
    } else {
      out->push_back({path + "endorsementJwt", endorsed, nullptr, &*j});
    }
  }
}

std::string SubjectId(const Json& endorsement) {
  auto s = endorsement.find("credentialSubject");
  if (s == endorsement.end()) return "";
  const Json& subject = s->is_array() && !s->empty() ? (*s)[0] : *s;
  return subject.is_object() ? subject.value("id", "") : "";
}
}  // namespace

CheckResult CheckEndorsements(const Json& credential,
                              const VerifyCredentialOptions& options) {
  CheckResult r;
  r.check = "endorsements";
  std::vector<Found> found;
  if (credential.is_object()) {
    Collect(credential, "", &found);
    if (auto i = credential.find("issuer"); i != credential.end())
      Collect(*i, "issuer.", &found);
    if (auto s = credential.find("credentialSubject"); s != credential.end()) {
      const Json& subject = s->is_array() && !s->empty() ? (*s)[0] : *s;
      std::string base =
          s->is_array() ? "credentialSubject[0]." : "credentialSubject.";
      if (subject.is_object()) {
        if (auto a = subject.find("achievement"); a != subject.end()) {
          Collect(*a, base + "achievement.", &found);
          if (a->is_object()) {
            if (auto c = a->find("creator"); c != a->end())
              Collect(*c, base + "achievement.creator.", &found);
          }
        }
      }
    }
  }
  if (found.empty()) {
    r.summary = "The credential carries no endorsements.";
    return r;
  }
  Json list = Json::array();
  std::size_t verified = 0;
  VerifyCredentialOptions nested = options;
  nested.registries = nullptr;  // recognition is about the credential's issuer
  nested.require_trusted = false;
  nested.max_endorsement_depth = options.max_endorsement_depth - 1;
  for (const auto& f : found) {
    Json item = {{"path", f.path}};
    // A JWT endorsement is decoded here (its facts, type and subject) and
    // verified below with its JWS signature instead of an embedded proof.
    Json decoded;
    std::vector<std::string> problems;
    if (f.jwt != nullptr) {
      item["format"] = "jwt";
      auto d = f.jwt->is_string()
                   ? DecodeJwtCredential(f.jwt->get<std::string>())
                   : Result<Json>(Status::Error(vc::kMalformedCredential,
                                                "not a compact JWS string"));
      if (d.ok()) {
        decoded = std::move(d).value();
      } else {
        problems.push_back(d.status().message());
      }
    }
    const Json& e = f.credential != nullptr ? *f.credential : decoded;
    Json facts = CredentialFacts(e);
    for (const char* k : {"id", "name", "issuer", "issuerName"})
      if (facts.contains(k)) item[k] = facts[k];
    if (!e.is_object() || !e.contains("type") ||
        (e["type"] != "EndorsementCredential" &&
         !(e["type"].is_array() &&
           std::find(e["type"].begin(), e["type"].end(),
                     Json("EndorsementCredential")) != e["type"].end()))) {
      problems.push_back("it is not an EndorsementCredential");
    }
    std::string subject = e.is_object() ? SubjectId(e) : "";
    if (!f.endorsed.empty() && subject != f.endorsed) {
      problems.push_back(
          "it endorses " +
          (subject.empty() ? std::string("nothing named") : subject) +
          ", not " + f.endorsed);
    }
    bool ok = false;
    if (options.max_endorsement_depth <= 0) {
      problems.push_back("endorsements nested this deep are not checked");
    } else {
      CredentialReport report =
          f.jwt != nullptr
              ? VerifyJwtCredential(
                    f.jwt->is_string() ? f.jwt->get<std::string>() : "", nested)
              : VerifyCredential(e, nested);
      Json failed = Json::array();
      for (const auto& c : report.checks) {
        if (c.outcome != Outcome::kOk) {
          failed.push_back(c.check);
          for (const auto& err : c.errors)
            problems.push_back(c.check + ": " + err.code + ": " + err.message);
        }
      }
      item["checksNotOk"] = std::move(failed);
      ok = report.verified;
    }
    ok = ok && problems.empty();
    item["verified"] = ok;
    std::string who =
        facts.contains("issuerName")
            ? facts["issuerName"].get<std::string>()
            : facts.value("issuer", std::string("an unnamed party"));
    item["summary"] =
        (ok ? "Endorsed by " : "Not verified: endorsement by ") + who + ".";
    if (ok) {
      ++verified;
    } else {
      std::string why = problems.empty() ? "it did not verify" : problems[0];
      r.warnings.push_back(
          {"ENDORSEMENT_NOT_VERIFIED", f.path + " (by " + who + "): " + why});
    }
    list.push_back(std::move(item));
  }
  r.details["endorsements"] = std::move(list);
  r.summary = std::to_string(found.size()) +
              (found.size() == 1 ? " endorsement" : " endorsements") + ", " +
              std::to_string(verified) + " verified.";
  return r;
}

}  // namespace anycred::verification
