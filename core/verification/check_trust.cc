// "trust": whether a registry the verifier's organization keeps recognizes
// the issuer for what this credential is about. See checks.h.
#include "core/trust/registry.h"
#include "core/vc/structure.h"
#include "core/verification/checks.h"

namespace anycred::verification {

namespace {
// Recognition must hold when the credential was awarded (awardedDate, else
// validFrom / issuanceDate), else at the verification time.
Timestamp IssuedAt(const Json& credential, Timestamp fallback) {
  if (!credential.is_object()) return fallback;
  for (const char* field : {"awardedDate", "validFrom", "issuanceDate"}) {
    auto it = credential.find(field);
    if (it == credential.end() || !it->is_string()) continue;
    auto t = ParseDateTime(it->get<std::string>(), false);
    if (t.ok()) return *t;
  }
  return fallback;
}

std::string Capitalized(std::string s) {
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = s[0] - 'a' + 'A';
  return s;
}
}  // namespace

CheckResult CheckTrust(const Json& credential,
                       const VerifyCredentialOptions& options) {
  CheckResult r;
  r.check = "trust";
  if (options.registries == nullptr || options.registries->empty()) {
    r.summary =
        "No trust registry was given: whether the issuer is recognized was "
        "not checked.";
    return r;
  }
  std::string issuer = vc::IssuerId(credential);
  Timestamp at = IssuedAt(credential, options.at);
  auto facts = trust::AchievementFacts::FromCredential(credential);
  trust::LookupResult found =
      trust::LookupAll(*options.registries, issuer, facts, at);
  r.details["registry"] = found.registry;
  r.details["recognizedAt"] = FormatDateTime(at);
  switch (found.recognition) {
    case trust::Recognition::kRecognized:
      r.details["recognition"] = "recognized";
      break;
    case trust::Recognition::kOutOfScope:
      r.details["recognition"] = "outOfScope";
      break;
    case trust::Recognition::kOutsidePeriod:
      r.details["recognition"] = "outsidePeriod";
      break;
    case trust::Recognition::kNotListed:
      r.details["recognition"] = "notListed";
      break;
  }
  if (found.entry != nullptr) {
    r.details["name"] = found.entry->name;
    r.details["scope"] = found.entry->scope.Describe();
    if (found.entry->since) r.details["since"] = *found.entry->since;
    if (found.entry->until) r.details["until"] = *found.entry->until;
  }
  if (!found.matched.empty()) r.details["matched"] = found.matched;
  r.summary = Capitalized(found.reason) + ".";
  if (found.recognition == trust::Recognition::kRecognized) return r;
  const char* code = found.recognition == trust::Recognition::kNotListed
                         ? "ISSUER_NOT_TRUSTED"
                     : found.recognition == trust::Recognition::kOutOfScope
                         ? "ISSUER_OUT_OF_SCOPE"
                         : "ISSUER_NOT_TRUSTED_THEN";
  Problem p{code, issuer + " is " + found.reason};
  if (options.require_trusted) {
    r.outcome = Outcome::kFailed;
    r.errors.push_back(std::move(p));
  } else {
    r.warnings.push_back(std::move(p));
  }
  return r;
}

}  // namespace anycred::verification
