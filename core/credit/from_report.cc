#include "core/credit/from_report.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>

#include "core/credit/decision_credential.h"
#include "core/vc/achievement_facts.h"

namespace anycred::credit {

namespace {

std::string Str(const Json& obj, const char* name) {
  if (!obj.is_object()) return "";
  auto it = obj.find(name);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : "";
}

std::optional<double> Number(const Json& obj, const char* name) {
  if (!obj.is_object()) return std::nullopt;
  auto it = obj.find(name);
  if (it == obj.end()) return std::nullopt;
  if (it->is_number()) return it->get<double>();
  if (!it->is_string()) return std::nullopt;
  const std::string s = it->get<std::string>();
  if (s.empty()) return std::nullopt;
  errno = 0;
  char* end = nullptr;
  double v = std::strtod(s.c_str(), &end);
  if (errno != 0 || end != s.c_str() + s.size() || !std::isfinite(v))
    return std::nullopt;
  return v;
}

void AddAlignments(const Json& list, std::vector<Alignment>* out) {
  if (!list.is_array()) return;
  for (const auto& a : list) {
    Alignment al{Str(a, "targetFramework"), Str(a, "targetCode"),
                 Str(a, "targetType"), Str(a, "targetName"),
                 Str(a, "targetUrl")};
    if (al.framework.empty() && al.code.empty() && al.url.empty()) continue;
    bool seen = false;
    for (const auto& o : *out)
      seen |=
          o.framework == al.framework && o.code == al.code && o.url == al.url;
    if (!seen) out->push_back(std::move(al));
  }
}

std::string FirstProblem(const verification::CheckResult& c) {
  if (!c.errors.empty())
    return c.errors.front().message + " (" + c.errors.front().code + ")";
  return c.summary;
}

}  // namespace

EvidenceStatus EvidenceStatusFromReport(
    const verification::CredentialReport& report, std::string* detail) {
  using verification::Outcome;
  std::string why;
  EvidenceStatus status = EvidenceStatus::kVerified;
  const verification::CheckResult* status_check = nullptr;
  for (const auto& c : report.checks) {
    if (c.check == "trust") continue;
    if (c.check == "status") {
      status_check = &c;
      continue;
    }
    if (!c.Passed()) {
      status = EvidenceStatus::kFailed;
      why = c.check + ": " + FirstProblem(c);
      break;
    }
  }
  if (report.checks.empty()) {
    status = EvidenceStatus::kFailed;
    why = "it was not verified";
  }
  if (status == EvidenceStatus::kVerified && status_check != nullptr &&
      status_check->outcome != Outcome::kOk) {
    why = FirstProblem(*status_check);
    if (status_check->outcome == Outcome::kUnknown) {
      status = EvidenceStatus::kStatusUnknown;
    } else {
      status = EvidenceStatus::kFailed;
      for (const auto& e : status_check->errors) {
        if (e.code == "REVOKED") {
          status = EvidenceStatus::kRevoked;
          why = e.message;
          break;
        }
        if (e.code == "SUSPENDED") {
          status = EvidenceStatus::kSuspended;
          why = e.message;
        }
      }
      if (status == EvidenceStatus::kFailed) why = "status: " + why;
    }
  }
  if (detail != nullptr)
    *detail = status == EvidenceStatus::kVerified ? "" : why;
  return status;
}

Evidence EvidenceFromCredential(const Json& credential,
                                const verification::CredentialReport& report) {
  Evidence e;
  const Json facts = vc::AchievementFacts(credential);
  e.credential_id = Str(facts, "id");
  if (e.credential_id.empty()) {
    auto digest = CredentialDigest(credential);
    e.credential_id = digest.ok() ? *digest : "(a credential without an id)";
  }
  if (auto it = facts.find("issuer"); it != facts.end()) {
    e.issuer_id = Str(*it, "id");
    e.issuer_name = Str(*it, "name");
  }
  if (auto it = facts.find("achievement"); it != facts.end()) {
    e.achievement_id = Str(*it, "id");
    e.achievement_name = Str(*it, "name");
    e.achievement_type = Str(*it, "type");
    e.field_of_study = Str(*it, "fieldOfStudy");
  }
  if (e.achievement_name.empty()) e.achievement_name = Str(facts, "name");
  if (auto it = facts.find("competencies"); it != facts.end())
    AddAlignments(*it, &e.alignments);
  if (auto it = facts.find("results"); it != facts.end() && it->is_array()) {
    for (const auto& r : *it) {
      if (auto c = r.find("competencies"); c != r.end())
        AddAlignments(*c, &e.alignments);
      ResultValue v{Str(r, "name"), Str(r, "resultType"), Str(r, "value"),
                    Str(r, "achievedLevel"), Str(r, "status")};
      if (v.result_type == kContactHoursResultType) {
        if (auto hours = Number(r, "value"); hours && *hours >= 0)
          e.hours = e.hours.value_or(0) + *hours;
      }
      e.results.push_back(std::move(v));
    }
  }
  if (auto it = facts.find("credits"); it != facts.end()) {
    e.credits_earned = Number(*it, "earned");
    e.credits_available = Number(*it, "available");
  }
  if (auto it = facts.find("dates"); it != facts.end()) {
    for (const char* d : {"awardedDate", "validFrom", "issuanceDate"}) {
      std::string text = Str(*it, d);
      if (text.empty()) continue;
      auto t = ParseDateTime(text, true);
      if (!t.ok()) continue;
      e.earned = *t;
      e.earned_text = text;
      break;
    }
  }
  e.status = EvidenceStatusFromReport(report, &e.status_detail);
  return e;
}

}  // namespace anycred::credit
