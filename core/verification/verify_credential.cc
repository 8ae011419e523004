#include "core/verification/verify_credential.h"

#include "core/proof/data_integrity.h"
#include "core/vc/structure.h"
#include "core/verification/check_key_history.h"
#include "core/verification/checks.h"

namespace anycred::verification {

namespace {
std::string Text(const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_object() && v.contains("@value") && v["@value"].is_string())
    return v["@value"].get<std::string>();
  if (v.is_array() && !v.empty()) return Text(v[0]);
  return "";
}
}  // namespace

Json CredentialFacts(const Json& credential) {
  Json f = Json::object();
  if (!credential.is_object()) return f;
  if (auto id = credential.find("id");
      id != credential.end() && id->is_string())
    f["id"] = *id;
  if (auto t = credential.find("type"); t != credential.end()) f["type"] = *t;
  if (auto n = credential.find("name");
      n != credential.end() && !Text(*n).empty())
    f["name"] = Text(*n);
  std::string issuer = vc::IssuerId(credential);
  if (!issuer.empty()) f["issuer"] = issuer;
  if (auto i = credential.find("issuer");
      i != credential.end() && i->is_object() && i->contains("name")) {
    std::string name = Text((*i)["name"]);
    if (!name.empty()) f["issuerName"] = name;
  }
  if (auto s = credential.find("credentialSubject"); s != credential.end()) {
    const Json& subject = s->is_array() && !s->empty() ? (*s)[0] : *s;
    if (subject.is_object()) {
      if (subject.contains("id") && subject["id"].is_string()) {
        f["subject"] = subject["id"];
      } else if (subject.contains("identifier")) {
        f["subject"] = "a recipient identified by a hashed identifier";
      }
      if (auto a = subject.find("achievement");
          a != subject.end() && a->is_object() && a->contains("name")) {
        f["achievement"] = Text((*a)["name"]);
      }
    }
  }
  for (const char* d :
       {"validFrom", "validUntil", "issuanceDate", "expirationDate"}) {
    if (auto it = credential.find(d); it != credential.end() && it->is_string())
      f[d] = *it;
  }
  return f;
}

CredentialReport UnreadableCredential(const Status& status) {
  CredentialReport report;
  CheckResult c;
  c.check = "structure";
  c.outcome = Outcome::kFailed;
  c.summary = "The input could not be read as a credential.";
  c.errors.push_back({status.code(), status.message()});
  report.Add(std::move(c));
  report.Finish();
  return report;
}

namespace {

// `owned`, when given, is `credential`, and may be changed while the proof
// is verified.
CredentialReport Verify(const Json& credential, Json* owned,
                        const VerifyCredentialOptions& options) {
  CredentialReport report;
  report.facts = CredentialFacts(credential);
  report.Add(CheckStructure(credential));
  report.Add(CheckSchema(credential));

  proof::VerifyProofOptions proof_options;
  proof_options.expected_proof_purpose = "assertionMethod";
  proof_options.now = options.at;
  proof_options.resolver = options.resolver;
  proof_options.env = options.env;
  proof_options.trace = options.trace;
  proof::ProofsResult proofs =
      owned != nullptr ? proof::VerifyProofsInPlace(*owned, proof_options)
                       : proof::VerifyProofs(credential, proof_options);
  report.Add(CheckProof(proofs, options.trace));
  report.Add(CheckIssuer(credential, proofs));
  report.Add(CheckKeyHistory(credential, proofs, options));
  report.Add(CheckValidity(credential, options.at));
  report.Add(CheckStatus(credential, options));
  report.Add(CheckTrust(credential, options));
  report.Add(CheckEndorsements(credential, options));
  report.Finish();
  return report;
}

}  // namespace

CredentialReport VerifyCredential(const Json& credential,
                                  const VerifyCredentialOptions& options) {
  return Verify(credential, nullptr, options);
}

CredentialReport VerifyOwnedCredential(Json& credential,
                                       const VerifyCredentialOptions& options) {
  return Verify(credential, &credential, options);
}

}  // namespace anycred::verification
