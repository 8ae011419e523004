#include "core/vc/structure.h"
#include "core/verification/checks.h"

namespace anycred::verification {

CheckResult CheckIssuer(const Json& credential,
                        const proof::ProofsResult& proofs) {
  CheckResult r;
  r.check = "issuer";
  std::string issuer = vc::IssuerId(credential);
  r.details["issuer"] = issuer;
  std::vector<std::string> other_controllers;
  bool bound = false;
  for (const auto& p : proofs.proofs) {
    if (!p.method) continue;
    // Whether the signature itself holds is the proof check's business;
    // here only whose key it is matters.
    if (p.method->controller == issuer &&
        p.proof_purpose == "assertionMethod") {
      bound = true;
    } else {
      other_controllers.push_back(p.method->controller);
    }
  }
  if (issuer.empty()) {
    r.outcome = Outcome::kFailed;
    r.errors.push_back(
        {"ISSUER_MISMATCH",
         "the credential names no issuer to check the key against"});
    r.summary = "The credential does not say who issued it.";
  } else if (bound) {
    r.summary = "The signing key belongs to the issuer, " + issuer + ".";
    for (const auto& c : other_controllers) {
      r.warnings.push_back(
          {"OTHER_SIGNER", "also signed by " + c + ", who is not the issuer"});
    }
  } else if (!other_controllers.empty()) {
    r.outcome = Outcome::kFailed;
    r.errors.push_back(
        {"ISSUER_MISMATCH", "the credential says it was issued by " + issuer +
                                ", but it was signed with a key of " +
                                other_controllers[0]});
    r.summary =
        "The credential was not signed by the organization it names as issuer.";
  } else {
    r.outcome = Outcome::kUnknown;
    r.summary =
        "Could not tell whether the issuer signed it: the signing key was not "
        "found.";
  }
  return r;
}

}  // namespace anycred::verification
